"""Comments (意见) on a task or on a case, with attachments and @organisation mentions.

A comment is read by the organisations of the part it is about (``parts``: a county's comments
stay in that county's part of the programme) and by the case's overseers; it may mention only
those organisations, and each mention reaches the mentioned organisation's inbox as a notice (``notify``).
Every comment is audited; attachments are kept with their SHA-256, as uploaded files are.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, Integer, LargeBinary, String, Text, select
from sqlalchemy.orm import Mapped, Session, deferred, mapped_column

from engine.database import Base, UTCDateTime
from engine.directory import audit
from engine.directory.access import oversees_case
from engine.directory.organisations import Organisation
from engine.directory.roles import Actor
from engine.errors import InvalidTaskData, NotFound
from engine.notifications import notify
from engine.workflow import parts as case_parts
from engine.workflow.models import ProcessInstance, WorkItem
from engine.workflow.parts import Parts

MAX_BODY = 2000


class Comment(Base):
    """One comment on a case (``work_item_id`` None) or on one of its tasks."""

    __tablename__ = "comment"
    __table_args__ = (Index("ix_comment_instance", "instance_id", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    instance_id: Mapped[int] = mapped_column(ForeignKey("process_instance.id"))
    work_item_id: Mapped[int | None] = mapped_column(ForeignKey("task.id"), index=True)
    author: Mapped[str] = mapped_column(String(80))
    organisation_id: Mapped[str] = mapped_column(String(100))
    body: Mapped[str] = mapped_column(Text)
    #: organisation ids mentioned (@名称), in the order written
    mentions: Mapped[list[str]] = mapped_column(JSON, default=list)
    at: Mapped[datetime] = mapped_column(UTCDateTime)


class CommentAttachment(Base):
    """A file attached to a comment, typed and limited as uploads are, stored with its hash."""

    __tablename__ = "comment_attachment"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    comment_id: Mapped[int] = mapped_column(ForeignKey("comment.id"), index=True)
    filename: Mapped[str] = mapped_column(String(300))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = deferred(mapped_column(LargeBinary, nullable=False))


class InvalidComment(InvalidTaskData):
    """A comment refused: empty, too long, or mentioning an organisation outside its part."""


@dataclass(frozen=True)
class Attachment:
    """A file to attach, already typed and size-checked by the caller."""

    filename: str
    content_type: str
    content: bytes


@dataclass(frozen=True)
class Written:
    """What was said: the comment, its attachments (without content), who was mentioned."""

    comment: Comment
    attachments: list[CommentAttachment]


def post(
    session: Session,
    parts: Parts,
    item: WorkItem | None,
    actor: Actor,
    body: str,
    now: datetime,
    *,
    picked: Iterable[str] = (),
    attachments: Iterable[Attachment] = (),
) -> Written:
    """Add a comment to the case (``item`` None) or to its task; mentions written as ``@名称`` in
    ``body`` or ``picked`` by id must be readers of the part, else ``InvalidComment``."""
    body = (body or "").strip()
    files = list(attachments)
    if not body and not files:
        raise InvalidComment({"body": ["请填写意见或附上文件。"]})
    if len(body) > MAX_BODY:
        raise InvalidComment({"body": [f"意见不能超过 {MAX_BODY} 字。"]})
    item_id = item.id if item is not None else None
    readers = parts.readers(item_id)
    mentioned = resolve_mentions(session, body, picked, readers)
    comment = Comment(
        instance_id=parts.case.id,
        work_item_id=item_id,
        author=actor.user_id,
        organisation_id=actor.organisation_id,
        body=body,
        mentions=mentioned,
        at=now,
    )
    session.add(comment)
    session.flush()
    kept = [_attachment(comment, f) for f in files]
    session.add_all(kept)
    _tell(session, parts.case, item, comment)
    audit.record(
        session,
        "comment",
        actor,
        now,
        instance=parts.case,
        item=item,
        data={"body": body, "attachments": [a.sha256 for a in kept]},
        detail={"comment": comment.id, "mentions": mentioned, "attachments": [a.filename for a in kept]},
    )
    return Written(comment, kept)


def _tell(session: Session, case: ProcessInstance, item: WorkItem | None, comment: Comment) -> None:
    """Each mentioned organisation finds the comment among its notifications (and mail)."""
    where = f"“{item.name}”" if item is not None else "案件"
    for organisation in comment.mentions:
        notify(
            session,
            organisation=organisation,
            kind="comment",
            subject=f"{case.title}：{where}中有意见提及贵单位",
            body=comment.body,
            item=item,
            instance_id=case.id,
            now=comment.at,
        )


def _attachment(comment: Comment, file: Attachment) -> CommentAttachment:
    return CommentAttachment(
        comment_id=comment.id,
        filename=file.filename,
        content_type=file.content_type,
        size=len(file.content),
        sha256=hashlib.sha256(file.content).hexdigest(),
        content=file.content,
    )


# -- mentions -----------------------------------------------------------------------------------

_AT = re.compile(r"[@＠]")


def resolve_mentions(
    session: Session, body: str, picked: Iterable[str], readers: frozenset[str]
) -> list[str]:
    """Organisation ids mentioned by ``@名称`` in ``body`` or picked by id, each once; one that is
    unknown or outside ``readers`` refuses the comment with a message naming it."""
    names = dict(session.execute(select(Organisation.name, Organisation.id)).tuples().all())
    found: list[str] = []
    for match in _AT.finditer(body):
        rest = body[match.end() :]
        name = max((n for n in names if rest.startswith(n)), key=len, default=None)
        if name is None:
            raise InvalidComment({"body": [f"“{rest[:20]}”不是组织机构的名称：@ 后面请写完整的单位名称。"]})
        found.append(names[name])
    known = set(names.values())
    for org in picked:
        if org not in known:
            raise InvalidComment({"mentions": [f"没有这个组织机构：{org}"]})
        found.append(org)
    outsiders = [org for org in found if org not in readers]
    if outsiders:
        by_id = {v: k for k, v in names.items()}
        listed = "、".join(dict.fromkeys(by_id[o] for o in outsiders))
        refusal = f"{listed}不是本案件（本部分）的当事方，看不到这条意见，不能提及。"
        raise InvalidComment({"mentions": [refusal]})
    return list(dict.fromkeys(found))


# -- who reads ---


def parts_of(session: Session, workflow, case: ProcessInstance) -> Parts:
    """The parts of ``case`` (its live ``workflow``), from its work items."""
    items = session.scalars(select(WorkItem).where(WorkItem.instance_id == case.id))
    return case_parts.of_case(workflow, case, items)


def check_reads(session: Session, parts: Parts, actor: Actor, item_id: int | None) -> bool:
    """Whether the actor oversees the case; ``NotFound`` unless they read about ``item_id`` (None:
    the case as a whole) — an outsider must not learn that the thread exists."""
    overseer = oversees_case(session, parts.case.id, actor)
    if not overseer and not parts.reads(actor.organisation_id, item_id):
        raise NotFound(f"no comments of {'task ' + str(item_id) if item_id else 'this case'} for the caller")
    return overseer


# -- reading ------------------------------------------------------------------------------------


def of_case(session: Session, instance_id: int) -> list[Comment]:
    query = select(Comment).where(Comment.instance_id == instance_id).order_by(Comment.id)
    return list(session.scalars(query))


def readable(
    comments: Iterable[Comment], parts: Parts, organisation_id: str, overseer: bool
) -> list[Comment]:
    """The comments ``organisation_id`` reads: those of its parts (all of them for overseers)."""
    return [c for c in comments if overseer or parts.reads(organisation_id, c.work_item_id)]


def attachments_of(session: Session, comment_ids: Iterable[int]) -> dict[int, list[CommentAttachment]]:
    ids = sorted(set(comment_ids))
    found: dict[int, list[CommentAttachment]] = {i: [] for i in ids}
    if ids:
        query = select(CommentAttachment).where(CommentAttachment.comment_id.in_(ids))
        for attachment in session.scalars(query.order_by(CommentAttachment.id)):
            found[attachment.comment_id].append(attachment)
    return found
