"""Cross-field checks that a form declares with custom keywords beside its JSON Schema.

- ``"x-consistent-with-id": {"id": "id_number", "sex": "sex", "birth_date": "birth_date"}`` on an
  object: sex and birth date must agree with the resident ID number.
- ``"x-unique-by": "id_number"`` on an array of objects: no two rows share that field's value.

They are keywords of the form validator (see ``FormValidator``), so jsonschema applies them
wherever the schema puts them — inside table rows, ``if``/``then`` — and locates their errors.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import date
from typing import Any

from jsonschema import Draft202012Validator, ValidationError, validators

from engine.policy import resident_id
from engine.policy.formats import date_problem


def title_of(schema: dict[str, Any], field: str) -> str:
    """The Chinese title of an object schema's property (its name when it has none)."""
    return schema.get("properties", {}).get(field, {}).get("title", field)


def consistent_with_id(
    validator, fields: dict[str, str], instance: Any, schema: dict
) -> Iterator[ValidationError]:
    """Sex and birth date that contradict a valid ID number (an invalid one is reported by its format)."""
    if not validator.is_type(instance, "object"):
        return
    id_field = fields["id"]
    number = instance.get(id_field)
    if resident_id.problem(number):
        return
    sex_field, birth_field = fields.get("sex"), fields.get("birth_date")
    if sex_field and _contradicts_sex(instance.get(sex_field), number):
        yield _error(f"{title_of(schema, sex_field)}与{title_of(schema, id_field)}不符", sex_field)
    if birth_field and _contradicts_birth_date(instance.get(birth_field), number):
        yield _error(f"{title_of(schema, birth_field)}与{title_of(schema, id_field)}不符", birth_field)


def _contradicts_sex(value: Any, number: str) -> bool:
    return value in ("男", "女") and value != resident_id.sex(number)


def _contradicts_birth_date(value: Any, number: str) -> bool:
    if not isinstance(value, str) or date_problem(value):
        return False
    return date.fromisoformat(value) != resident_id.birth_date(number)


def unique_by(validator, field: str, instance: Any, schema: dict) -> Iterator[ValidationError]:
    """Each row whose ``field`` repeats another row's, naming the other rows (counted from 1)."""
    if not validator.is_type(instance, "array"):
        return
    rows: dict[str, list[int]] = defaultdict(list)
    for index, row in enumerate(instance):
        if isinstance(row, dict) and isinstance(row.get(field), str) and row[field]:
            rows[row[field]].append(index)
    title = title_of(schema.get("items", {}), field)
    for indexes in rows.values():
        for index in indexes if len(indexes) > 1 else ():
            others = "、".join(str(other + 1) for other in indexes if other != index)
            yield _error(f"{title}重复（第 {others} 行）", index, field)


def _error(message: str, *path: str | int) -> ValidationError:
    return ValidationError(message, path=path)


#: Draft 2020-12 plus our cross-field keywords
FormValidator = validators.extend(
    Draft202012Validator,
    {"x-consistent-with-id": consistent_with_id, "x-unique-by": unique_by},
)
