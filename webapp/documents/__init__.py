"""Official documents (公文): agreements, registers, archive lists and receipts of a case, and
the supervisors' progress report, printed as PDF the way officials know them (GB/T 9704-2012).

``kinds`` says what each document is made from, ``render`` makes the PDF, ``store`` keeps it
with the case, ``case_documents`` decides who gets which; ``views`` are the page downloads.
"""

from __future__ import annotations

from flask import current_app, url_for
from flask_login import current_user
from sqlalchemy.orm import Session

from engine.directory import access

from ..context import engine
from . import case_documents, making, progress
from .views import bp, page_links, report_issuer

__all__ = ["after_task", "bp", "case_links", "report_issuer", "stored"]


def stored(session: Session, engine_, actor, document_id: int):
    """A stored document by id, readable by the actor under the rule of its kind and place."""
    return case_documents.stored(session, engine_, actor, document_id)


def after_task(item_id: int, by: str) -> None:
    """Have what a just-completed task produces: queued for the worker (``making``)."""
    making.after_task(current_app._get_current_object(), item_id, by)


def case_links(session: Session, instance_id: int) -> list[dict[str, str]]:
    """Links to the case's documents for the signed-in user; the progress report for overseers."""
    links = page_links(case_documents.offers(session, engine(), instance_id, current_user.actor), instance_id)
    if access.is_overseer(current_user.actor):
        links.append({"title": progress.KIND.title, "url": url_for("documents.progress_pdf")})
    return links
