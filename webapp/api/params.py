"""What a request carries: its JSON object body and the inbox's query parameters, checked."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import request
from werkzeug.datastructures import MultiDict

from engine import InboxFilter
from engine.workflow.worklist import SCOPES

from ..paging import MAX_PAGE, positive_number
from .refusals import ApiError, invalid

MAX_PER_PAGE = 100
#: the longest search ``q`` (a name, a place, an ID number)
MAX_SEARCH = 100
_BOOLEANS = {"true": True, "1": True, "false": False, "0": False}


def json_object(*, required: bool = True) -> dict[str, Any]:
    """The request's JSON body, which must be an object (``{}`` for no body unless required)."""
    if not required and not request.get_data(cache=True):
        return {}
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise ApiError(400, "bad_request", "请求体必须是 JSON 对象（Content-Type: application/json）。")
    return body


@dataclass(frozen=True)
class InboxQuery:
    scope: str
    filters: InboxFilter
    page: int
    per_page: int


def inbox_query(args: MultiDict, default_per_page: int) -> InboxQuery:
    """``scope``, filters and paging of ``GET /tasks``; every bad parameter named in one 422."""
    problems: dict[str, list[str]] = {}
    scope = args.get("scope", "claimable")
    if scope not in SCOPES:
        problems["scope"] = [f"只能是 {'、'.join(SCOPES)} 之一"]
    overdue = args.get("overdue", "").lower()
    if overdue and overdue not in _BOOLEANS:
        problems["overdue"] = ["只能是 true 或 false"]
    if len(args.get("q") or "") > MAX_SEARCH:
        problems["q"] = [f"不能超过 {MAX_SEARCH} 个字符"]
    page, per_page = page_and_size(args, default_per_page, problems)
    if problems:
        raise invalid("查询参数有误。", problems)
    filters = InboxFilter(
        process=args.get("process") or None,
        milestone=args.get("milestone") or None,
        overdue=_BOOLEANS.get(overdue),
        q=(args.get("q") or "").strip() or None,
    )
    return InboxQuery(scope, filters, page, per_page)


def page_and_size(args: MultiDict, default_per_page: int, problems: dict[str, list[str]]) -> tuple[int, int]:
    """``page`` and ``per_page`` (at most ``MAX_PER_PAGE``); bad values are added to ``problems``."""
    page = min(positive_number(args, "page", 1, problems), MAX_PAGE)
    return page, min(positive_number(args, "per_page", default_per_page, problems), MAX_PER_PAGE)


