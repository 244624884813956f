"""One page of an administration list, with the total for the pager."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import current_app, request
from sqlalchemy import Select, func
from sqlalchemy.orm import Session

from ..paging import page_number


@dataclass
class Page:
    items: list[Any]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def page_of(session: Session, query: Select) -> Page:
    """The page of ``query`` the request asks for (``?page=``), ``PER_PAGE`` rows a page."""
    per_page = current_app.config["PER_PAGE"]
    page = page_number(request.args)
    total = session.scalar(query.with_only_columns(func.count(), maintain_column_froms=True).order_by(None))
    items = list(session.scalars(query.limit(per_page).offset((page - 1) * per_page)))
    return Page(items=items, total=total or 0, page=page, per_page=per_page)
