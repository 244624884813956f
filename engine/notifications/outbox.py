"""The mail outbox (发件箱): mails waiting to be sent, as e-mail messages, and marking them sent.

Sending itself (SMTP) is the command's (``yijiao send-mail``): the engine only keeps the list."""

from __future__ import annotations

from datetime import datetime
from email.message import EmailMessage

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from engine.notifications.models import OutboxMail


def pending(session: Session, limit: int = 500) -> list[OutboxMail]:
    """Mails not sent yet, oldest first."""
    query = select(OutboxMail).where(OutboxMail.sent_at.is_(None)).order_by(OutboxMail.id).limit(limit)
    return list(session.scalars(query))


def as_message(mail: OutboxMail, sender: str) -> EmailMessage:
    """The mail as an RFC 5322 message (UTF-8: the subject and body are Chinese)."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = mail.recipient
    message["Subject"] = mail.subject
    message.set_content(mail.body)
    return message


def as_text(mail: OutboxMail) -> str:
    """The mail as ``send-mail --print`` shows it."""
    created = mail.created_at.isoformat(timespec="minutes")
    return (
        f"收件人: {mail.recipient} ({mail.username})\n主题: {mail.subject}\n时间: {created}\n\n{mail.body}\n"
    )


def mark_sent(session: Session, mail_id: int, now: datetime) -> None:
    session.execute(
        update(OutboxMail).where(OutboxMail.id == mail_id, OutboxMail.sent_at.is_(None)).values(sent_at=now)
    )
