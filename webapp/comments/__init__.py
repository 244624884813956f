"""Comments (意见) on a task or a case: posting one (with files and @organisation mentions) and
downloading its attachments. The thread itself shows in the case's and the task's timeline."""

from __future__ import annotations

from io import BytesIO

from flask import Blueprint, flash, redirect, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from engine.workflow.comments import InvalidComment

from ..context import db_session, engine
from . import thread
from .sentences import sentence

bp = Blueprint("comments", __name__)
bp.add_app_template_filter(sentence, "sentence")


@bp.post("/tasks/<int:item_id>/comments")
@login_required
def on_task(item_id: int):
    session = db_session()
    with session.begin():
        item = engine().task_view(session, item_id, current_user.actor).item
        instance_id = item.instance_id
    _post(instance_id, item_id)
    return redirect(url_for("tasks.show", item_id=item_id) + "#timeline")


@bp.post("/cases/<int:instance_id>/comments")
@login_required
def on_case(instance_id: int):
    _post(instance_id, None)
    return redirect(url_for("cases.show", instance_id=instance_id) + "#timeline")


def _post(instance_id: int, item_id: int | None) -> None:
    """Post the form's comment; a refusal (an outsider mentioned, nothing said) is flashed."""
    session = db_session()
    try:
        with session.begin():
            thread.post(
                session,
                engine(),
                current_user.actor,
                instance_id,
                item_id,
                request.form.get("body", ""),
                request.form.getlist("mention"),
                request.files.getlist("file"),
            )
    except InvalidComment as refused:
        flash(" ".join(m for messages in refused.errors.values() for m in messages))
        return
    flash(_("Comment posted."))


@bp.get("/comments/attachments/<int:attachment_id>")
@login_required
def attachment(attachment_id: int):
    session = db_session()
    with session.begin():
        found = thread.attachment(session, engine(), current_user.actor, attachment_id)
        return send_file(
            BytesIO(found.content),
            mimetype=found.content_type,
            as_attachment=True,
            download_name=found.filename,
        )
