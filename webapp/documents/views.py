"""The pages' document downloads: a case's official documents and the supervisors' report."""

from __future__ import annotations

from io import BytesIO

from flask import Blueprint, current_app, request, send_file, url_for
from flask_login import current_user, login_required

from engine.database import read_only

from ..context import db_session, engine
from ..progress import query as progress_query
from . import case_documents, case_status, making, making_page, progress, spreadsheets, store

bp = Blueprint("documents", __name__)
bp.add_app_template_filter(making_page.making_text, "making_text")


@bp.get("/cases/<int:instance_id>/documents/<kind>.pdf")
@login_required
def case_pdf(instance_id: int, kind: str):
    made = making_page.download(current_user.actor, instance_id, kind)
    if isinstance(made, making.Making):
        return making_page.making_page(made.job)
    return send_pdf(made.content, made.title)


@bp.get("/cases/<int:instance_id>/documents/<kind>.xlsx")
@login_required
def case_xlsx(instance_id: int, kind: str):
    """A list of people (移交清册, 档案移交清单, 移交管理服务人员名单) as a spreadsheet."""
    workbook, title = spreadsheets.document_xlsx(
        db_session(), engine(), current_user.actor, instance_id, kind, request.args
    )
    return send_xlsx(workbook, title)


@bp.get("/reports/progress.pdf")
@login_required
def progress_pdf():
    """The report of the dashboard's selection (same query string), within the caller's scope."""
    session = db_session()
    with session.begin():
        read_only(session)  # a report only reads: no write lock while it renders
        asked = progress_query.asked(session, request.args)
        content = progress.pdf(session, engine().clock.now(), report_issuer(), asked.selection, asked.scope)
    return send_pdf(content, progress.KIND.title)


def send_pdf(content: bytes, title: str):
    """A PDF shown in the browser (ready to print), saved under its Chinese title."""
    return send_file(BytesIO(content), mimetype=store.CONTENT_TYPE, download_name=f"{title}.pdf")


def send_xlsx(workbook, title: str):
    """A workbook (an open file, closed once sent) saved under its Chinese title."""
    return send_file(
        workbook, mimetype=spreadsheets.CONTENT_TYPE, as_attachment=True, download_name=f"{title}.xlsx"
    )


def report_issuer() -> str:
    """The office in the report's red masthead (``YIJIAO_REPORT_ISSUER`` to change it)."""
    return current_app.config.get("REPORT_ISSUER") or progress.ISSUER


def page_links(offers: list[case_documents.Offer], instance_id: int) -> list[dict[str, str]]:
    in_making = making_page.in_making_here(instance_id) if offers else {}
    return [
        {
            "title": offer.title,
            "making": in_making.get(offer.kind.filename(offer.code)),
            "url": url_for(
                "documents.case_pdf", instance_id=instance_id, kind=offer.kind.code, **offer.query
            ),
            "xlsx": url_for(
                "documents.case_xlsx", instance_id=instance_id, kind=offer.kind.code, **offer.query
            )
            if offer.kind.spreadsheet
            else None,
        }
        for offer in offers
    ]


@bp.app_template_global("task_documents")
def task_documents(view) -> list[dict[str, str]]:
    """Links to the documents of the county or prefecture a task page is about."""
    return page_links(case_documents.offers_in_task(view.data), view.item.instance_id)


@bp.get("/cases/<int:instance_id>/status.pdf")
@login_required
def case_status_pdf(instance_id: int):
    """The case page on paper: its diagram as it stands and its steps."""
    session = db_session()
    with session.begin():
        read_only(session)  # a report only reads: no write lock while it renders
        content = case_status.pdf(session, engine(), instance_id, current_user.actor, engine().clock.now())
    return send_pdf(content, case_status.KIND.title)
