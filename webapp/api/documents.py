"""Official documents as PDF: a case's agreements, registers and archive papers, and the
supervisors' progress report (the same documents and checks as the pages)."""

from __future__ import annotations

from flask import request, url_for

from engine import access

from ..context import db_session, engine
from ..documents import case_documents, progress, report_issuer, store
from ..documents.views import send_pdf
from .auth import caller, token_required
from .blueprint import bp
from .refusals import ApiError


@bp.get("/instances/<int:instance_id>/documents/<kind>.pdf")
@token_required
def instance_document(instance_id: int, kind: str):
    session = db_session()
    with session.begin():
        found = case_documents.fetch(
            session, engine(), caller().actor, instance_id, kind, request.args, engine().clock.now()
        )
        return send_pdf(store.content_of(session, found), found.title)


@bp.get("/reports/progress.pdf")
@token_required
def progress_report():
    if not access.is_overseer(caller().actor):
        raise ApiError(403, "forbidden", "进展情况报告仅供领导小组办公室和系统管理员查看。")
    session = db_session()
    with session.begin():
        content = progress.pdf(session, engine(), engine().clock.now(), report_issuer())
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
