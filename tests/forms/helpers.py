"""Fixture files of the form tests and a few valid resident ID numbers."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from engine.policy.resident_id import make

FORM_FIXTURES = Path(__file__).parent.parent / "fixtures" / "forms"

MAN = make("410105", date(1955, 3, 12), 13)  # 男, 1955-03-12
WOMAN = make("410105", date(1962, 7, 1), 24)  # 女, 1962-07-01


def fixture(name: str) -> Any:
    return json.loads((FORM_FIXTURES / name).read_text(encoding="utf-8"))


def retiree(**changes: Any) -> dict[str, Any]:
    """A valid row of the register_roster form."""
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
