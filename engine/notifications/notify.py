"""Telling people (通知): one function every part calls, and the mail each notice puts in the outbox.

A notice names a person or a whole organisation (and the user role its task needs). A notice for a
person goes to their substitute while one stands in for them (``engine.directory.substitutes``).
Kinds that call for action away from the inbox — a task returned, reassigned to you, a reminder, an
escalation, a comment for you — are mailed as well (to each recipient with an e-mail address);
new tasks of an organisation are not: the inbox and the badge show them.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.directory import substitutes
from engine.directory.organisations import User, user_name
from engine.notifications.models import Notification, OutboxMail
from engine.workflow.deadlines import CHINA_TZ
from engine.workflow.models import WorkItem

#: kind → what officials call it
KINDS = {
    "new_task": "新待办",
    "returned": "退回",
    "reminder": "到期提醒",
    "escalation": "逾期督办",
    "reassigned": "转办",
    "substitute": "代理",
    "comment": "留言",
}
MAILED_KINDS = frozenset({"returned", "reminder", "escalation", "reassigned", "substitute", "comment"})


def notify(
    session: Session,
    *,
    organisation: str,
    kind: str,
    subject: str,
    now: datetime,
    body: str = "",
    user: str | None = None,
    user_role: str | None = None,
    item: WorkItem | None = None,
    instance_id: int | None = None,
    mail: bool | None = None,
) -> Notification:
    """Tell ``user`` (or their substitute), or every user of ``organisation`` with ``user_role``;
    mail it too when ``mail`` (default: the kind calls for it). Returns the notice, added."""
    if kind not in KINDS:
        raise ValueError(f"unknown notification kind {kind!r}")
    on_behalf_of = None
    if user is not None:
        user, on_behalf_of = substitutes.receiver(session, user, now, user_role)
    notice = Notification(
        created_at=now,
        kind=kind,
        organisation_id=organisation,
        username=user,
        user_role=user_role,
        on_behalf_of=on_behalf_of,
        work_item_id=item.id if item is not None else None,
        instance_id=instance_id if instance_id is not None else (item.instance_id if item else None),
        subject=subject[:300],
        body=body or subject,
    )
    session.add(notice)
    if kind in MAILED_KINDS if mail is None else mail:
        session.flush()  # the mails name the notice
        _to_outbox(session, notice)
    return notice


def about_task(item: WorkItem) -> str:
    """The lines of a mail body naming a task: what, which case, due when, its number."""
    lines = [f"事项：{item.name}", f"案件：{item.title}（#{item.instance_id}）"]
    if item.due_at is not None:
        lines.append(f"办理期限：{item.due_at.astimezone(CHINA_TZ).date().isoformat()}")
    lines.append(f"事项编号：{item.id}（登录“移交”系统，在待办中打开）")
    return "\n".join(lines)


def _recipients(session: Session, notice: Notification) -> list[User]:
    query = select(User).where(
        User.organisation_id == notice.organisation_id,
        User.active.is_(True),
        User.email.is_not(None),
        User.email != "",
    )
    if notice.username is not None:
        query = query.where(User.username == notice.username)
    users = list(session.scalars(query.order_by(User.id)))
    if notice.username is None and notice.user_role is not None:
        users = [u for u in users if notice.user_role in u.roles]
    return users


def _to_outbox(session: Session, notice: Notification) -> None:
    behalf = f"（代{user_name(session, notice.on_behalf_of)}）" if notice.on_behalf_of else ""
    for user in _recipients(session, notice):
        session.add(
            OutboxMail(
                notification_id=notice.id,
                recipient=user.email,
                username=user.username,
                subject=f"【移交·{KINDS[notice.kind]}】{notice.subject}{behalf}",
                body=f"{user.name}：\n\n{notice.body}\n\n—— 移交 Yijiao（本邮件由系统发出，请勿回复）",
                created_at=notice.created_at,
            )
        )
