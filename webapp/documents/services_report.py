"""退休人员社会化管理服务情况 — the figures of the services after the hand-over as a landscape
report: one row per county in the reader's scope and the total, the columns declared once in
``engine.aftercare.figures``. Reproducible: the date comes from the data, never the clock."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from engine.aftercare.figures import COLUMNS, SHARES, ServiceFigures

from . import kinds, render
from .chinese_dates import as_date

KIND = kinds.KINDS["services_report"]


def pdf(figures: ServiceFigures, now: datetime, place: str) -> bytes:
    return render.pdf(KIND, report(figures, now, place))


def report(figures: ServiceFigures, now: datetime, place: str) -> dict[str, Any]:
    """Everything the report shows, as plain JSON."""
    return {
        "year": figures.year,
        "date": as_date(now).isoformat(),
        "place": place,
        "headers": [column.header for column in COLUMNS],
        "rows": [_row(row.name, row.cells()) for row in figures.rows],
        "total": _row(figures.total.name, figures.total.cells()),
    }


def _row(name: str, cells: list) -> dict[str, Any]:
    return {"name": name, "cells": [_shown(index, value) for index, value in enumerate(cells)]}


def _shown(index: int, value) -> str:
    if index in SHARES:
        return f"{100 * value:.1f}%" if value is not None else "—"
    return str(value)
