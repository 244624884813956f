"""移交后服务情况 — the figures of the services after the hand-over as JSON, .xlsx and PDF, for
supervisors (their province or prefecture) and a county's government and social insurance agency
(their own county): the same numbers as the page ``/aftercare/figures``."""

from __future__ import annotations

from io import BytesIO
from typing import Any

from flask import jsonify, request, send_file

from engine.aftercare.figures import COLUMNS, EARLIEST_YEAR, Reach, Row, ServiceFigures, asked_year, reach
from engine.aftercare.figures import service_figures as counted
from engine.registry.access import viewer_of
from engine.workflow.deadlines import CHINA_TZ

from ..aftercare import figures_export
from ..context import db_session, engine
from ..documents import services_report
from ..documents.views import send_pdf
from .auth import caller, token_required
from .blueprint import bp
from .refusals import invalid

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@bp.get("/aftercare/figures")
@token_required
def service_figures():
    found, where = _figures()
    return jsonify(figures_json(found, where))


@bp.get("/aftercare/figures.xlsx")
@token_required
def service_figures_xlsx():
    found, where = _figures()
    content = figures_export.workbook(found, where.place, engine().clock.now())
    name = f"退休人员社会化管理服务情况{found.year}.xlsx"
    return send_file(BytesIO(content), mimetype=XLSX, as_attachment=True, download_name=name)


@bp.get("/reports/services.pdf")
@token_required
def service_report():
    found, where = _figures()
    content = services_report.pdf(found, engine().clock.now(), where.place)
    return send_pdf(content, f"{services_report.KIND.title}（{where.place}，{found.year}年）")


def _figures() -> tuple[ServiceFigures, Reach]:
    this_year = engine().clock.now().astimezone(CHINA_TZ).year
    year = asked_year(request.args.get("year", ""), this_year)
    if year is None:
        raise invalid("查询参数有误。", {"year": [f"应为 {EARLIEST_YEAR}—{this_year} 之间的年份"]})
    session = db_session()
    with session.begin():
        where = reach(session, viewer_of(session, caller().actor), caller().actor)
        return counted(session, year, where.counties), where


def figures_json(found: ServiceFigures, where: Reach) -> dict[str, Any]:
    return {
        "year": found.year,
        "place": where.place,
        "columns": [
            {"part": column.part, "key": column.key, "header": column.header, "share_of": column.of}
            for column in COLUMNS
        ],
        "rows": [_row(row) for row in found.rows],
        "total": _row(found.total),
    }


def _row(row: Row) -> dict[str, Any]:
    return {"code": row.code, "name": row.name, "counts": row.counts}
