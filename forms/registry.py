"""The forms: one JSON Schema per user-task form in ``forms/schemas/<key>.json``, loaded once."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache, cached_property, lru_cache
from pathlib import Path
from typing import Any

from jsonschema import ValidationError

from .checks import FormValidator
from .fields import Field, fields_of
from .formats import FORMAT_CHECKER
from .messages import collect

SCHEMAS = Path(__file__).parent / "schemas"
#: a form key as the file name says it (``<key>.json``)
KEY = re.compile(r"[a-z][a-z0-9_]*")


class UnknownForm(LookupError):
    """No form has this key; ``str()`` is the Chinese message."""

    def __init__(self, key: str):
        self.key = key
        super().__init__(f"未知表单 {key}")

    def __str__(self) -> str:
        return str(self.args[0])


@dataclass(frozen=True)
class Decision:
    """A review's yes-or-no field (``x-ui.decision``), answered by one of two buttons: ``yes``
    (同意) sets it true, ``no`` (退回) false. The schema's if/then says what each needs."""

    field: str
    yes: str
    no: str


@dataclass(frozen=True)
class Form:
    """A user-task form: its schema (read-only by convention, it is shared), fields and UI hints."""

    key: str
    schema: dict[str, Any] = field(repr=False, compare=False)

    @property
    def title(self) -> str:
        return self.schema.get("title", self.key)

    @property
    def ui(self) -> dict[str, Any]:
        """The form's ``x-ui`` hints: ``order``, ``widgets``, ``placeholders``."""
        return self.schema.get("x-ui", {})

    @property
    def decision(self) -> Decision | None:
        """The form's decision field and its two buttons, for a review; None for other forms."""
        declared = self.ui.get("decision")
        return Decision(declared["field"], declared["yes"], declared["no"]) if declared else None

    @cached_property
    def fields(self) -> tuple[Field, ...]:
        """The form's fields in display order."""
        return fields_of(self.schema)

    @cached_property
    def _validator(self) -> FormValidator:
        return FormValidator(self.schema, format_checker=FORMAT_CHECKER)

    def errors(self, data: Any) -> list[ValidationError]:
        """jsonschema's errors for ``data`` (raw; ``validate`` gives the Chinese messages)."""
        return list(self._validator.iter_errors(data))

    def validate(self, data: Any) -> dict[str, list[str]]:
        """Field path → Chinese messages; empty when ``data`` is a valid submission."""
        return collect(self.errors(data), self.schema)


def keys() -> list[str]:
    """Every form key, sorted."""
    return sorted(path.stem for path in SCHEMAS.glob("*.json"))


@cache
def load(key: str) -> Form:
    """The form ``key``; raises ``UnknownForm`` when there is none."""
    path = SCHEMAS / f"{key}.json"
    if not KEY.fullmatch(key) or not path.is_file():
        raise UnknownForm(key)
    return Form(key, json.loads(path.read_text(encoding="utf-8")))


@lru_cache(maxsize=256)
def from_text(key: str, text: str) -> Form:
    """Form ``key`` from its JSON as a deployed version keeps it (one object per distinct text)."""
    return Form(key, json.loads(text))
