"""Turn a posted HTML form into the JSON a task's form schema expects, and back for redisplay.

Empty optional inputs are left out (a missing field reads "必填" only where it is required);
numbers that do not parse are kept as typed, so validation names them instead of losing them.
Table rows come as ``field.<row>.<column>``; rows left entirely empty are dropped. A review's
decision comes from the button pressed (同意 ``true`` / 退回 ``false``): none pressed leaves it out,
so it is never taken for a return.
"""

from __future__ import annotations

import re
from typing import Any

from werkzeug.datastructures import MultiDict

from forms.fields import Field

_ROW = re.compile(r"^(?P<field>[a-z_0-9]+)\.(?P<row>\d+)\.(?P<column>[a-z_0-9]+)$")


def parse(fields: tuple[Field, ...], posted: MultiDict, decision=None) -> dict[str, Any]:
    """The form's JSON; ``decision`` (``forms.Decision``): the field its buttons answer."""
    data: dict[str, Any] = {}
    for field in fields:
        if decision is not None and field.name == decision.field:
            value = _decision(posted.get(field.name))
        else:
            value = _value(field, posted)
        if value is not None:
            data[field.name] = value
    return data


def _value(field: Field, posted: MultiDict) -> Any:
    if field.items:
        return _rows(field, posted)
    if field.multiple:
        return [v for v in posted.getlist(field.name) if v]
    if field.type == "boolean":
        return _boolean(posted.get(field.name))
    return _scalar(field.type, posted.get(field.name, ""))


def _decision(raw: str | None) -> bool | None:
    return {"true": True, "on": True, "false": False}.get(raw or "")


def _boolean(raw: str | None) -> bool:
    return raw in ("on", "true", "1", "yes")


def _scalar(kind: str, raw: str) -> Any:
    raw = raw.strip()
    if raw == "":
        return None
    if kind == "integer":
        return int(raw) if re.fullmatch(r"-?\d+", raw) else raw
    if kind == "number":
        try:
            return float(raw) if "." in raw else int(raw)
        except ValueError:
            return raw
    return raw


def _rows(field: Field, posted: MultiDict) -> list[dict[str, Any]]:
    rows: dict[int, dict[str, Any]] = {}
    columns = {column.name: column for column in field.items}
    for key in posted:
        match = _ROW.match(key)
        if not match or match["field"] != field.name or match["column"] not in columns:
            continue
        column = columns[match["column"]]
        row = rows.setdefault(int(match["row"]), {})
        value = (
            _boolean(posted.get(key))
            if column.type == "boolean"
            else _scalar(column.type, posted.get(key, ""))
        )
        if value is not None:
            row[column.name] = value
    kept = [rows[i] for i in sorted(rows) if any(v not in (None, False) for v in rows[i].values())]
    for row in kept:  # an unticked box posts nothing
        row.update({c.name: False for c in field.items if c.type == "boolean" and c.name not in row})
    return kept
