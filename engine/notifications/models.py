"""Tables of notifications (通知): what someone is told, who has read it, and the mail outbox."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from engine.database import Base, UTCDateTime


class Notification(Base):
    """One thing to tell a person (``username``) or a whole organisation (``username`` empty: every
    active user of ``organisation_id`` holding ``user_role``, or everyone when that is empty too)."""

    __tablename__ = "notification"
    __table_args__ = (
        Index("ix_notification_organisation", "organisation_id", "created_at"),
        Index("ix_notification_user", "username", "created_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    #: new_task | returned | reminder | escalation | reassigned | substitute | comment
    kind: Mapped[str] = mapped_column(String(20))
    organisation_id: Mapped[str] = mapped_column(String(100))
    username: Mapped[str | None] = mapped_column(String(100))
    user_role: Mapped[str | None] = mapped_column(String(50))
    #: the person it was meant for when their substitute (代理人) received it instead
    on_behalf_of: Mapped[str | None] = mapped_column(String(100))
    work_item_id: Mapped[int | None] = mapped_column(ForeignKey("task.id"))
    instance_id: Mapped[int | None] = mapped_column(ForeignKey("process_instance.id"))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text, default="")


class NotificationRead(Base):
    """That one person has read one notification (an organisation's is read per person)."""

    __tablename__ = "notification_read"

    notification_id: Mapped[int] = mapped_column(ForeignKey("notification.id"), primary_key=True)
    username: Mapped[str] = mapped_column(String(100), primary_key=True)
    read_at: Mapped[datetime] = mapped_column(UTCDateTime)


class OutboxMail(Base):
    """A mail to send (发件箱): written with its notification, sent by ``yijiao send-mail``."""

    __tablename__ = "mail_outbox"
    __table_args__ = (Index("ix_mail_outbox_pending", "sent_at", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    notification_id: Mapped[int | None] = mapped_column(ForeignKey("notification.id"))
    recipient: Mapped[str] = mapped_column(String(200))  # an e-mail address
    username: Mapped[str] = mapped_column(String(100))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
