"""Official documents as PDF: a case's agreements, registers and archive papers, and the
supervisors' progress report (the same documents and checks as the pages)."""

from __future__ import annotations

from flask import request, url_for

from engine.database import read_only

from ..context import db_session, engine
from ..documents import case_documents, case_status, making, progress, report_issuer, store
from ..documents.views import send_pdf
from .auth import caller, token_required
from .blueprint import bp
from .progress import selection_within_oversight as progress_selection


@bp.get("/instances/<int:instance_id>/documents/<kind>.pdf")
@token_required
def instance_document(instance_id: int, kind: str):
    content, title = making.document_pdf(
        db_session(), engine(), caller().actor, instance_id, kind, request.args, engine().clock.now()
    )
    return send_pdf(content, title)


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
    shows them (besides the files stored on it)."""
    return [
        {
            "kind": offer.kind.code,
            "title": offer.title,
            "url": url_for(
                "api.instance_document", instance_id=instance_id, kind=offer.kind.code, **offer.query
            ),
            "content_type": store.CONTENT_TYPE,
            "generated": True,
            **offer.query,
        }
        for offer in case_documents.offers(session, engine(), instance_id, caller().actor)
    ]
