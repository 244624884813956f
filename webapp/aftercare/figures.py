"""移交后服务情况 — the figures of the services after the hand-over for supervisors (their
province or prefecture) and for a county's government and social insurance agency (their own
county): the page, the same table as .xlsx, and as a PDF report."""

from __future__ import annotations

from io import BytesIO

from flask import g, render_template, request, send_file
from flask_babel import gettext as _
from flask_login import current_user

from engine.aftercare.figures import (
    COLUMNS,
    EARLIEST_YEAR,
    READERS,
    ServiceFigures,
    asked_year,
    reach,
    service_figures,
)
from engine.workflow.deadlines import CHINA_TZ

from ..context import db_session, engine
from ..documents import services_report
from ..documents.views import send_pdf
from . import figures_export
from .blueprint import bp, kinds_only

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@bp.get("/figures")
@kinds_only(*READERS, overseers=True)
def figures():
    year, problem = _year()
    found, place = _figures(year)
    return render_template(
        "aftercare/figures.html", figures=found, place=place, columns=COLUMNS, problem=problem, years=_years()
    )


@bp.get("/figures.xlsx")
@kinds_only(*READERS, overseers=True)
def figures_xlsx():
    found, place = _figures(_year()[0])
    content = figures_export.workbook(found, place, _now())
    name = f"退休人员社会化管理服务情况{found.year}.xlsx"
    return send_file(BytesIO(content), mimetype=XLSX, as_attachment=True, download_name=name)


@bp.get("/figures.pdf")
@kinds_only(*READERS, overseers=True)
def figures_pdf():
    found, place = _figures(_year()[0])
    content = services_report.pdf(found, _now(), place)
    return send_pdf(content, f"{services_report.KIND.title}（{place}，{found.year}年）")


def _figures(year: int) -> tuple[ServiceFigures, str]:
    """The figures of the counties the caller may see, and the place they make up."""
    session = db_session()
    with session.begin():
        found = reach(session, g.viewer, current_user.actor)
        return service_figures(session, year, found.counties), found.place


def _year() -> tuple[int, str | None]:
    """The year asked for (this year by the application's clock when none, or a wrong one)."""
    this_year = _now().astimezone(CHINA_TZ).year
    year = asked_year(request.args.get("year", ""), this_year)
    if year is not None:
        return year, None
    problem = _("The year must be between %(first)d and %(last)d.", first=EARLIEST_YEAR, last=this_year)
    return this_year, problem


def _years() -> list[int]:
    return list(range(_now().astimezone(CHINA_TZ).year, EARLIEST_YEAR - 1, -1))


def _now():
    return engine().clock.now()
