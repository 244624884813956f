"""What officials see of a document the worker is making: one line of progress (正在生成 移交清册
（郑州市金水区）：第 120/800 页) beside its link on the case and task pages, and the page a download
answers with until the PDF is ready."""

from __future__ import annotations

from flask import current_app, render_template, request, url_for
from flask_babel import gettext as _

from engine import Actor
from engine.workflow.documents import DocumentJob

from ..context import db_session, engine, reading_here
from . import making

#: seconds between the making page's reloads (and the API's ``Retry-After``)
REFRESH_SECONDS = 5


def download(actor: Actor, instance_id: int, kind: str) -> making.Ready | making.Making:
    """The document of a case this request asks for (page or API), or where its making stands."""
    return making.document_pdf(
        db_session(),
        engine(),
        actor,
        instance_id,
        kind,
        request.args,
        engine().clock.now(),
        making.inline_rows(current_app),
    )


def making_text(job: DocumentJob) -> str:
    """The job's progress in one line, in the reader's language."""
    if job.state == "failed":
        return _("%(title)s could not be made: %(error)s", title=job.title, error=job.error or "")
    if job.state == "queued":
        return _("Making %(title)s: waiting in the queue", title=job.title)
    if job.pages_total:
        return _(
            "Making %(title)s: page %(done)s of %(total)s",
            title=job.title,
            done=job.pages_done,
            total=job.pages_total,
        )
    return _("Making %(title)s: laying out the pages", title=job.title)


def making_page(job: DocumentJob):
    """The download's answer while the worker makes the document: reloads itself until the PDF
    comes instead; a failed job shows its reason and a link asking again."""
    args = {k: v for k, v in request.args.items() if k != "again"}
    return render_template(
        "documents_status/making.html",
        job=job,
        text=making_text(job),
        refresh=None if job.state == "failed" else REFRESH_SECONDS,
        # a reload after asking again must not ask again once more, should it fail again
        reload_url=_here(args) if "again" in request.args else None,
        again_url=_here({**args, "again": "1"}),
    )


def _here(args: dict[str, str]) -> str:
    return url_for(request.endpoint, **request.view_args, **args)


def in_making_here(instance_id: int) -> dict[str, DocumentJob]:
    """The case's documents in making by file name, read in the request's transaction (one
    query), for the links of the case and task pages."""
    with reading_here() as session:
        return making.in_making_by_file(session, instance_id)
