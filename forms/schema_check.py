"""Checks of a form file itself: a valid JSON Schema (draft 2020-12) that keeps our conventions.

Conventions: a Chinese ``title`` on the form and every field; ``additionalProperties: false`` on
every object, so typos are refused; ``x-ui.order`` lists exactly the object's fields; every widget
is stated and fits its field's type (a client can render the file without guessing); formats are
ones we enforce; coded enum values have Chinese labels; cross-field keywords name real fields.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

from .formats import FORMAT_CHECKER
from .registry import SCHEMAS

DRAFT = "https://json-schema.org/draft/2020-12/schema"
_META = Draft202012Validator(Draft202012Validator.META_SCHEMA)


def validate_file(path: Path) -> list[str]:
    """Every problem of one form file, each as "file: where: what"; empty when it is good."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, ValueError) as exc:
        return [f"{path.name}: 不是有效的 JSON：{exc}"]
    return validate_text(path.name, text)


def validate_text(name: str, text: str) -> list[str]:
    """Every problem of a form's text (a file uploaded, a schema edited in the designer), each as
    "name: where: what"; empty when it is good."""
    try:
        schema = json.loads(text)
    except ValueError as exc:
        return [f"{name}: 不是有效的 JSON：{exc}"]
    if not isinstance(schema, dict):
        return [f"{name}: 表单应为 JSON 对象"]
    problems = [] if schema.get("$schema") == DRAFT else [f"表单: $schema 应为 {DRAFT}"]
    problems += [f"{_join('', *e.absolute_path) or '表单'}: {e.message}" for e in _META.iter_errors(schema)]
    if not problems:
        problems = list(_object_problems(schema, ""))
    return [f"{name}: {problem}" for problem in problems]


def validate_all(directory: Path = SCHEMAS) -> dict[str, list[str]]:
    """Form key → its problems, for the forms that have any."""
    found = {path.stem: validate_file(path) for path in sorted(directory.glob("*.json"))}
    return {key: problems for key, problems in found.items() if problems}


def _shape_problems(schema: dict[str, Any], where: str) -> list[str]:
    """Hints and fields that are not the objects the rest reads (a designer types them by hand)."""
    here, ui = where or "表单", schema.get("x-ui", {})
    if not isinstance(ui, dict):
        return [f"{here}: x-ui 应为对象"]
    problems = [
        f"{_join(where, name)}: 字段应为对象"
        for name, prop in schema.get("properties", {}).items()
        if not isinstance(prop, dict)
    ]
    shapes = (
        ("order", list, "数组"),
        ("widgets", dict, "对象"),
        ("labels", dict, "对象"),
        ("placeholders", dict, "对象"),
    )
    problems += [
        f"{here}: x-ui.{key} 应为{word}"
        for key, kind, word in shapes
        if not isinstance(ui.get(key, kind()), kind)
    ]
    decision = ui.get("decision")
    if decision is not None and not (
        isinstance(decision, dict)
        and all(isinstance(decision.get(key), str) for key in ("field", "yes", "no"))
    ):
        problems.append(f"{here}: x-ui.decision 应为对象，写明 field、yes、no（两个按钮的文字）")
    return problems


def _object_problems(schema: dict[str, Any], where: str) -> Iterator[str]:
    shape = _shape_problems(schema, where)
    if shape:
        yield from shape
        return
    properties = schema.get("properties", {})
    ui = schema.get("x-ui", {})
    if not schema.get("title"):
        yield f"{where or '表单'}: 缺少中文 title"
    if schema.get("additionalProperties") is not False:
        yield f"{where or '表单'}: 应设 additionalProperties: false"
    if list(ui.get("order", [])) != list(properties):
        yield f"{where or '表单'}: x-ui.order 应依次列出全部字段 {list(properties)}"
    decision = ui.get("decision")
    if decision is not None and properties.get(decision.get("field"), {}).get("type") != "boolean":
        yield f"{where or '表单'}: x-ui.decision 应指向一个是否字段"
    for name in set(ui.get("widgets", {})) - set(properties):
        yield f"{_join(where, name)}: x-ui.widgets 中的字段不存在"
    yield from _keyword_problems(schema, where)
    for name, prop in properties.items():
        yield from _property_problems(prop, ui.get("widgets", {}).get(name, "text"), _join(where, name))


def _property_problems(prop: dict[str, Any], widget: str, where: str) -> Iterator[str]:
    if not prop.get("title"):
        yield f"{where}: 缺少中文 title"
    if prop.get("format") and prop["format"] not in FORMAT_CHECKER.checkers:
        yield f"{where}: 未知格式 {prop['format']}"
    if widget not in _fitting_widgets(prop):
        yield f"{where}: 控件 {widget} 与字段类型不符，应为 {'或'.join(_fitting_widgets(prop))}"
    items = prop.get("items", {})
    for code in _unlabelled(prop) + _unlabelled(items):
        yield f"{where}: 取值 {code} 缺少中文标签（x-ui.labels）"
    if items.get("type") == "object":
        yield from _object_problems({"title": prop.get("title"), **items}, _join(where, "*"))


def _fitting_widgets(prop: dict[str, Any]) -> tuple[str, ...]:
    """The widgets that can edit a property of this type (the first one unless text is long)."""
    kind, items = prop.get("type"), prop.get("items", {})
    if prop.get("x-ui", {}).get("organisation_kind"):
        return ("organisation",)  # a select of the registry's organisations of that kind
    if kind == "boolean":
        return ("checkbox",)
    if kind in ("integer", "number"):
        return ("number",)
    if kind == "array":
        return ("table",) if items.get("type") == "object" else ("select",)
    if "enum" in prop:
        return ("select",)
    if prop.get("format") in ("date", "phone"):
        return (prop["format"],)
    return ("text", "textarea")


def _keyword_problems(schema: dict[str, Any], where: str) -> Iterator[str]:
    properties = schema.get("properties", {})
    for name in schema.get("x-consistent-with-id", {}).values():
        if name not in properties:
            yield f"{where or '表单'}: x-consistent-with-id 中的字段 {name} 不存在"
    for name, prop in properties.items():
        unique = prop.get("x-unique-by")
        if unique and unique not in prop.get("items", {}).get("properties", {}):
            yield f"{_join(where, name)}: x-unique-by 中的字段 {unique} 不存在"


def _unlabelled(schema: dict[str, Any]) -> list[str]:
    """Enum values that are codes (ASCII words) without a Chinese label in ``x-ui.labels``."""
    labels = schema.get("x-ui", {}).get("labels", {})
    return [v for v in schema.get("enum", []) if isinstance(v, str) and v.isascii() and v not in labels]


def _join(where: str, *parts: Any) -> str:
    return ".".join(str(part) for part in (where, *parts) if part != "")
