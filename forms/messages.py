"""Chinese messages for jsonschema's errors, keyed by dotted field path (``roster.3.id_number``).

An error is reported on the field it concerns: a missing field on the field's own path, not on
the object that lacks it. An error raised inside a conditional branch (``if``/``then``) starts
with the condition, taken from the ``if`` schema's ``description`` ("审核通过时必填").
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from jsonschema import ValidationError

Path = tuple[str | int, ...]

TYPE_NAMES = {
    "string": "文字",
    "integer": "整数",
    "number": "数字",
    "boolean": "是或否",
    "array": "列表",
    "object": "对象",
    "null": "空值",
}


def collect(errors: Iterable[ValidationError], root_schema: dict[str, Any]) -> dict[str, list[str]]:
    """Field path → its messages (each once), in the order of the form: rows, then fields."""
    found: dict[Path, list[str]] = {}
    for error in errors:
        condition = _condition(error, root_schema)
        for path, message in describe(error):
            messages = found.setdefault(path, [])
            if condition + message not in messages:
                messages.append(condition + message)
    ordered = sorted(found, key=lambda path: _form_order(path, root_schema))
    return {dotted(path): found[path] for path in ordered}


def dotted(path: Iterable[str | int]) -> str:
    """``("roster", 3, "id_number")`` → ``"roster.3.id_number"``; the whole form is ``""``."""
    return ".".join(str(part) for part in path)


def describe(error: ValidationError) -> Iterator[tuple[Path, str]]:
    """The paths and Chinese messages of one jsonschema error."""
    path: Path = tuple(error.absolute_path)
    describe_keyword = _KEYWORDS.get(str(error.validator))
    if describe_keyword is None:
        yield path, _own_or_generic(error)
        return
    for subpath, message in describe_keyword(error):
        yield path + subpath, message


def _required(error: ValidationError) -> Iterator[tuple[Path, str]]:
    instance = error.instance if isinstance(error.instance, dict) else {}
    for name in error.validator_value:
        if name not in instance:
            yield (name,), "必填"


def _additional(error: ValidationError) -> Iterator[tuple[Path, str]]:
    allowed = error.schema.get("properties", {})
    for name in error.instance:
        if name not in allowed:
            yield (), f"不应有字段：{name}"


def _type(error: ValidationError) -> str:
    types = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
    return "须为" + "或".join(TYPE_NAMES.get(t, t) for t in types)


def _enum(error: ValidationError) -> str:
    return "须为以下之一：" + "、".join(label(error.schema, value) for value in error.validator_value)


def _const(error: ValidationError) -> str:
    if error.validator_value is True:
        return "须确认"
    return f"须为{label(error.schema, error.validator_value)}"


def _min_length(error: ValidationError) -> str:
    return "不能为空" if error.validator_value == 1 else f"至少 {error.validator_value} 个字"


def _format(error: ValidationError) -> str:
    return str(error.cause) if error.cause else "格式不正确"


def _pattern(error: ValidationError) -> str:
    hint = error.schema.get("description")
    return f"格式不正确：{hint}" if hint else "格式不正确"


def label(schema: dict[str, Any], value: Any) -> str:
    """The Chinese label of an enum value: ``x-ui.labels`` for coded values, else the value."""
    labels = schema.get("x-ui", {}).get("labels", {})
    if isinstance(value, bool):
        return "是" if value else "否"
    return labels.get(value, str(value)) if isinstance(value, str) else str(value)


def _simple(
    make: Callable[[ValidationError], str],
) -> Callable[[ValidationError], Iterator[tuple[Path, str]]]:
    def one(error: ValidationError) -> Iterator[tuple[Path, str]]:
        yield (), make(error)

    return one


_KEYWORDS: dict[str, Callable[[ValidationError], Iterator[tuple[Path, str]]]] = {
    "required": _required,
    "additionalProperties": _additional,
    "type": _simple(_type),
    "enum": _simple(_enum),
    "const": _simple(_const),
    "minimum": _simple(lambda e: f"不能小于 {e.validator_value}"),
    "maximum": _simple(lambda e: f"不能大于 {e.validator_value}"),
    "exclusiveMinimum": _simple(lambda e: f"须大于 {e.validator_value}"),
    "exclusiveMaximum": _simple(lambda e: f"须小于 {e.validator_value}"),
    "minLength": _simple(_min_length),
    "maxLength": _simple(lambda e: f"不能超过 {e.validator_value} 个字"),
    "minItems": _simple(lambda e: f"至少填写 {e.validator_value} 项"),
    "maxItems": _simple(lambda e: f"最多填写 {e.validator_value} 项" if e.validator_value else "不能填写"),
    "uniqueItems": _simple(lambda e: "不能有重复项"),
    "format": _simple(_format),
    "pattern": _simple(_pattern),
}


def _own_or_generic(error: ValidationError) -> str:
    """Our own keywords (x-…) already speak Chinese; anything else gets a plain refusal."""
    return error.message if str(error.validator).startswith("x-") else "填写不正确"


def _form_order(path: Path, schema: dict[str, Any]) -> list[int]:
    """Where a path comes in the form: row numbers as they are, fields by their schema position."""
    order, node = [], schema
    for part in path:
        if isinstance(part, int):
            order.append(part)
            node = node.get("items", {})
            continue
        names = list(node.get("properties", {}))
        order.append(names.index(part) if part in names else len(names))
        node = node.get("properties", {}).get(part, {})
    return order


def _condition(error: ValidationError, root_schema: dict[str, Any]) -> str:
    """The ``description`` of the ``if`` whose ``then`` raised the error ("审核通过时"), or ""."""
    condition, node = "", root_schema
    for part in error.schema_path:
        if part == "then" and isinstance(node, dict):
            condition = node.get("if", {}).get("description", "")
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            break
    return condition
