"""Comments (意见) on a task or a case: read the thread, post one (JSON, or a form with files),
download an attachment; and the case's history as the timeline's sentences."""

from __future__ import annotations

from io import BytesIO
from typing import Any

from flask import jsonify, request, send_file, url_for
from sqlalchemy.orm import Session

from engine.directory import access
from engine.workflow.case_view import CaseView
from engine.workflow.comments import InvalidComment
from engine.workflow.timeline import Entry

from ..comments import thread
from ..comments.sentences import sentence, who
from ..context import db_session, engine, reading
from . import serialise
from .auth import caller, token_required
from .blueprint import bp
from .params import json_object


@bp.get("/tasks/<int:item_id>/comments")
@token_required
def task_comments(item_id: int):
    with reading() as session:
        instance_id = access.visible_item(session, item_id, caller().actor).instance_id
        return jsonify(_thread(session, instance_id, item_id))


@bp.post("/tasks/<int:item_id>/comments")
@token_required
def comment_on_task(item_id: int):
    session = db_session()
    with session.begin():
        instance_id = access.visible_item(session, item_id, caller().actor).instance_id
    return _post(instance_id, item_id)


@bp.get("/instances/<int:instance_id>/comments")
@token_required
def case_comments(instance_id: int):
    with reading() as session:
        return jsonify(_thread(session, instance_id, None))


@bp.post("/instances/<int:instance_id>/comments")
@token_required
def comment_on_case(instance_id: int):
    return _post(instance_id, None)


@bp.get("/comments/attachments/<int:attachment_id>")
@token_required
def comment_attachment(attachment_id: int):
    session = db_session()
    with session.begin():
        found = thread.attachment(session, engine(), caller().actor, attachment_id)
        return send_file(
            BytesIO(found.content),
            mimetype=found.content_type,
            as_attachment=True,
            download_name=found.filename,
        )


def _thread(session: Session, instance_id: int, item_id: int | None) -> dict[str, Any]:
    loaded = thread.load(session, engine(), caller().actor, instance_id, item_id)
    return {
        "items": [comment(e) for e in loaded.entries if e.comment is not None],
        "may_mention": [{"id": k, "name": v} for k, v in sorted(loaded.may_mention.items())],
    }


def _post(instance_id: int, item_id: int | None):
    """A JSON body ``{"body", "mentions": [organisation ids]}``, or a form with ``body``, ``mention``
    and ``file`` fields; 201 with the comment as the thread shows it."""
    if request.mimetype == "multipart/form-data":
        body, picked, files = (
            request.form.get("body", ""),
            request.form.getlist("mention"),
            request.files.getlist("file"),
        )
    else:
        given = json_object()
        body, picked, files = given.get("body", ""), given.get("mentions", []), []
        if not isinstance(body, str):
            raise InvalidComment({"body": ["必须是文本"]})
        if not isinstance(picked, list) or not all(isinstance(o, str) for o in picked):
            raise InvalidComment({"mentions": ["必须是组织机构 id 的列表"]})
    session = db_session()
    with session.begin():
        written = thread.post(session, engine(), caller().actor, instance_id, item_id, body, picked, files)
    with reading() as session:
        loaded = thread.load(session, engine(), caller().actor, instance_id, item_id)
        entry = next(
            e for e in loaded.entries if e.comment is not None and e.comment.id == written.comment.id
        )
        return jsonify(comment(entry)), 201


def comment(entry: Entry) -> dict[str, Any]:
    said = entry.comment
    return {
        "id": said.id,
        "instance_id": said.instance_id,
        "task_id": said.work_item_id,
        "task_name": entry.task,
        "at": serialise.iso(said.at),
        "author": entry.person,
        "organisation_id": said.organisation_id,
        "organisation_name": entry.organisation,
        "body": said.body,
        "mentions": [{"id": o, "name": n} for o, n in zip(said.mentions, entry.mentioned, strict=True)],
        "attachments": [
            {
                "id": a.id,
                "filename": a.filename,
                "content_type": a.content_type,
                "size": a.size,
                "sha256": a.sha256,
                "url": url_for("api.comment_attachment", attachment_id=a.id),
            }
            for a in entry.attachments
        ],
        "sentence": sentence(entry),
    }


def history(session: Session, view: CaseView) -> list[dict[str, Any]]:
    """The case's audited events the caller may read (a county: not another county's steps), each
    with its timeline sentence and the names of who acted."""
    loaded = thread.load(session, engine(), caller().actor, view.case.id)
    by_event = {e.event_id: e for e in loaded.entries if e.event_id is not None}
    by_comment = {e.comment.id: e for e in loaded.entries if e.comment is not None}
    items = []
    for event in view.events:
        found = by_comment.get((event.detail or {}).get("comment")) if event.action == "comment" else None
        entry = found or by_event.get(event.id)
        if entry is not None:
            items.append({**serialise.event(event), "sentence": sentence(entry), "who": who(entry)})
    return items
