"""User-task forms (表单): one JSON Schema per form, its fields for rendering, Chinese validation.

form = forms.load("register_roster")      # .key .title .schema .fields .ui
forms.validate("register_roster", data)   # {"roster.3.id_number": ["身份证号校验码错误"]}
Engine(validator=forms.engine_validator)  # the engine refuses invalid task data
"""

from __future__ import annotations

from typing import Any

from .fields import WIDGETS, Field
from .formats import FORMAT_CHECKER, FormatProblem, problem
from .registry import KEY, SCHEMAS, Form, UnknownForm, from_text, keys, load
from .schema_check import validate_all, validate_file, validate_text


def validate(key: str, data: Any) -> dict[str, list[str]]:
    """Field path (``roster.3.id_number``; ``""`` for the whole form) → Chinese messages; empty
    when ``data`` is a valid submission of form ``key``. Raises ``UnknownForm``."""
    return load(key).validate(data)


def engine_validator(
    form_key: str | None, data: dict[str, Any], form_text: str | None = None
) -> dict[str, list[str]]:
    """``engine.Engine(validator=...)``: a task without a form takes any data; an unknown form
    takes none. ``form_text``: the form as the case's version keeps it (else the application's)."""
    if form_key is None:
        return {}
    try:
        form = from_text(form_key, form_text) if form_text is not None else load(form_key)
    except UnknownForm as exc:
        return {"": [str(exc)]}
    return form.validate(data)


def library_text(key: str) -> bytes | None:
    """The application's form ``key`` as its file's bytes (``FormSource.library``)."""
    try:
        load(key)
    except UnknownForm:
        return None
    return (SCHEMAS / f"{key}.json").read_bytes()


def engine_form_source():
    """What the engine needs of forms to version them with each deploy (``Engine(form_source=...)``)."""
    from engine.workflow.bundle_forms import FormSource

    return FormSource(library=library_text, check=validate_text)


__all__ = [
    "FORMAT_CHECKER",
    "KEY",
    "SCHEMAS",
    "WIDGETS",
    "Field",
    "Form",
    "FormatProblem",
    "UnknownForm",
    "engine_form_source",
    "engine_validator",
    "from_text",
    "keys",
    "library_text",
    "load",
    "problem",
    "validate",
    "validate_all",
    "validate_file",
    "validate_text",
]
