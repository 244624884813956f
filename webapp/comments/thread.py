"""A case's (or a task's) thread as a page or the API shows it: the timeline the caller may read,
and the organisations a new comment may mention."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session
from werkzeug.datastructures import FileStorage

from engine import Actor, Engine, NotFound
from engine.directory import access
from engine.directory.organisations import organisation_names
from engine.workflow import comments, timeline
from engine.workflow.models import WorkItem
from engine.workflow.parts import Parts

from ..tasks.uploads import read_checked


@dataclass
class Thread:
    instance_id: int
    item_id: int | None
    parts: Parts
    entries: list[timeline.Entry]
    #: organisation id → name of those a comment here may mention (the part's readers)
    may_mention: dict[str, str]


def load(
    session: Session, engine: Engine, actor: Actor, instance_id: int, item_id: int | None = None
) -> Thread:
    """The thread of the case (``item_id`` None) or of its task; ``NotFound`` for anyone outside
    its part (a county reading about another county's task)."""
    case = access.visible_case(session, instance_id, actor)
    workflow = engine.workflow(session, instance_id)
    parts = comments.parts_of(session, workflow, case)
    overseer = comments.check_reads(session, parts, actor, item_id)
    said = comments.readable(comments.of_case(session, instance_id), parts, actor.organisation_id, overseer)
    entries = timeline.of_case(session, workflow, parts, said, actor.organisation_id, overseer, item_id)
    readers = parts.readers(item_id) - {actor.organisation_id}
    return Thread(instance_id, item_id, parts, entries, organisation_names(session, readers))


def readable_thread(session: Session, engine: Engine, actor: Actor, instance_id: int, item_id=None):
    """The thread, or None where the caller is outside the task's part (a page still shows the rest)."""
    try:
        return load(session, engine, actor, instance_id, item_id)
    except NotFound:
        return None


MAX_FILES = 5


def post(
    session: Session,
    engine: Engine,
    actor: Actor,
    instance_id: int,
    item_id: int | None,
    body: str,
    picked: list[str],
    uploads: list[FileStorage],
) -> comments.Written:
    """Say something on the case or its task (as ``load`` allows); files within the upload limits."""
    thread = load(session, engine, actor, instance_id, item_id)
    item = session.get(WorkItem, item_id) if item_id is not None else None
    files = [u for u in uploads if u and u.filename]
    if len(files) > MAX_FILES:
        raise comments.InvalidComment({"file": [f"一条意见最多附 {MAX_FILES} 个文件。"]})
    attachments = []
    for upload in files:
        checked = read_checked(upload)
        if isinstance(checked, str):
            raise comments.InvalidComment({"file": [f"{upload.filename}：{checked}"]})
        attachments.append(comments.Attachment(upload.filename, checked[1], checked[0]))
    return comments.post(
        session, thread.parts, item, actor, body, engine.clock.now(), picked=picked, attachments=attachments
    )


def attachment(
    session: Session, engine: Engine, actor: Actor, attachment_id: int
) -> comments.CommentAttachment:
    """An attachment the caller may read (its comment's part), else ``NotFound``."""
    found = session.get(comments.CommentAttachment, attachment_id)
    comment = session.get(comments.Comment, found.comment_id) if found is not None else None
    if comment is None:
        raise NotFound(f"attachment {attachment_id} does not exist")
    load(session, engine, actor, comment.instance_id, comment.work_item_id)
    return found
