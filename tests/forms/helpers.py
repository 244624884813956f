"""Fixture files of the form tests, the test-only forms, and a few valid resident ID numbers."""

from __future__ import annotations

import json
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import forms
from engine.policy.resident_id import make

FORM_FIXTURES = Path(__file__).parent.parent / "fixtures" / "forms"

#: forms kept only for the tests, in tests/fixtures/forms/<key>.schema.json: ``retiree_rows`` is
#: the roster table register_roster had before people moved to the registry, the sample for row
#: checks (sex and birth date against the ID number, unique ID numbers, formats, table columns)
TEST_FORMS = ("retiree_rows",)

MAN = make("410105", date(1955, 3, 12), 13)  # 男, 1955-03-12
WOMAN = make("410105", date(1962, 7, 1), 24)  # 女, 1962-07-01


def fixture(name: str) -> Any:
    return json.loads((FORM_FIXTURES / name).read_text(encoding="utf-8"))


@cache
def load_form(key: str) -> forms.Form:
    """The form ``key``: a test-only form built as ``forms.load`` builds one, else ``forms.load``."""
    if key not in TEST_FORMS:
        return forms.load(key)
    return forms.Form(key, fixture(f"{key}.schema.json"))


def validate(key: str, data: Any) -> dict[str, list[str]]:
    """``forms.validate`` that knows the test-only forms too."""
    return load_form(key).validate(data)


def retiree(**changes: Any) -> dict[str, Any]:
    """A valid row of the retiree_rows test form."""
    row = {
        "name": "张建国",
        "sex": "男",
        "id_number": MAN,
        "birth_date": "1955-03-12",
        "retirement_date": "2015-03-31",
        "hukou_code": "410105",
        "residence_code": "410105",
        "category": "普通退休人员",
    }
    return {**row, **changes}
