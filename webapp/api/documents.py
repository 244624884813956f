"""Official documents as PDF: a case's agreements, registers and archive papers, and the
supervisors' progress report (the same documents and checks as the pages); a county's lists of
people also as .xlsx."""

from __future__ import annotations

from flask import jsonify, request, url_for

from engine.database import read_only

from ..context import db_session, engine
from ..documents import (
    case_documents,
    case_status,
    jobs,
    making,
    progress,
    report_issuer,
    spreadsheets,
    store,
)
from ..documents.making_page import REFRESH_SECONDS, download
from ..documents.views import send_pdf, send_xlsx
from .auth import caller, token_required
from .blueprint import bp
from .progress import selection_within_oversight as progress_selection


@bp.get("/instances/<int:instance_id>/documents/<kind>.pdf")
@token_required
def instance_document(instance_id: int, kind: str):
    made = download(caller().actor, instance_id, kind)
    if isinstance(made, making.Making):
        return _making(made.job)
    return send_pdf(made.content, made.title)


def _making(job):
    """202: the worker makes the document; ask again after ``Retry-After`` seconds."""
    answer = {**jobs.progress(job), "title": job.title, "error": job.error if job.state == "failed" else None}
    return jsonify(answer), 202, {"Retry-After": str(REFRESH_SECONDS)}


@bp.get("/instances/<int:instance_id>/documents/<kind>.xlsx")
@token_required
def instance_spreadsheet(instance_id: int, kind: str):
    """A list of people of a case as .xlsx, for whoever may read its PDF."""
    workbook, title = spreadsheets.document_xlsx(
        db_session(), engine(), caller().actor, instance_id, kind, request.args
    )
    return send_xlsx(workbook, title)


@bp.get("/instances/<int:instance_id>/status.pdf")
@token_required
def instance_status(instance_id: int):
    """案件办理情况: the case's diagram as it stands and its steps, for whoever may see the case."""
    session = db_session()
    with session.begin():
        read_only(session)  # a report only reads: no write lock while it renders
        content = case_status.pdf(session, engine(), instance_id, caller().actor, engine().clock.now())
    return send_pdf(content, case_status.KIND.title)


@bp.get("/reports/progress.pdf")
@token_required
def progress_report():
    """The report of the selection ``GET /progress`` takes, within the caller's oversight."""
    session = db_session()
    with session.begin():
        read_only(session)  # a report only reads: no write lock while it renders
        selection, scope = progress_selection(session)
        content = progress.pdf(session, engine().clock.now(), report_issuer(), selection, scope)
    return send_pdf(content, progress.KIND.title)


def generated(session, instance_id: int) -> list[dict]:
    """The case's official documents the caller may read, as the instance's ``documents`` list
    shows them (besides the files stored on it); ``making``: where the worker stands with one."""
    in_making = making.in_making_by_file(session, instance_id)
    return [
        {
            "kind": offer.kind.code,
            "title": offer.title,
            "url": url_for(
                "api.instance_document", instance_id=instance_id, kind=offer.kind.code, **offer.query
            ),
            "content_type": store.CONTENT_TYPE,
            "generated": True,
            "making": _progress(in_making.get(offer.kind.filename(offer.code))),
            **offer.query,
            **_spreadsheet_url(instance_id, offer),
        }
        for offer in case_documents.offers(session, engine(), instance_id, caller().actor)
    ]


def _spreadsheet_url(instance_id: int, offer: case_documents.Offer) -> dict[str, str]:
    """A list of people's .xlsx beside its PDF (none for the other kinds)."""
    if not offer.kind.spreadsheet:
        return {}
    url = url_for("api.instance_spreadsheet", instance_id=instance_id, kind=offer.kind.code, **offer.query)
    return {"spreadsheet_url": url}


def _progress(job) -> dict | None:
    return None if job is None else jobs.progress(job)
