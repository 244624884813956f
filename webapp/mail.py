"""Sending the outbox (``yijiao send-mail``) over SMTP, as configured by ``YIJIAO_SMTP_*``.

``SMTP_HOST`` (none: nothing is sent, the command prints), ``SMTP_PORT`` (587), ``SMTP_USER`` and
``SMTP_PASSWORD`` (log in when given), ``SMTP_TLS`` (STARTTLS, default true; false for a local
relay), ``SMTP_FROM`` (the sender, default ``yijiao@localhost``). Each mail is marked sent in its own
transaction right after the server took it, so a failure half-way sends the rest next time.
"""

from __future__ import annotations

import smtplib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from engine.notifications import outbox


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int = 587
    user: str | None = None
    password: str | None = None
    tls: bool = True
    sender: str = "yijiao@localhost"

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> SmtpSettings | None:
        """The settings, or None when ``SMTP_HOST`` is not configured."""
        if not config.get("SMTP_HOST"):
            return None
        tls = config.get("SMTP_TLS", True)
        return cls(
            host=str(config["SMTP_HOST"]),
            port=int(config.get("SMTP_PORT") or 587),
            user=config.get("SMTP_USER") or None,
            password=config.get("SMTP_PASSWORD") or None,
            tls=tls if isinstance(tls, bool) else str(tls).lower() not in ("0", "false", "no"),
            sender=str(config.get("SMTP_FROM") or "yijiao@localhost"),
        )


def pending_texts(session: Session) -> list[str]:
    """The outbox's pending mails as text, for ``--print``."""
    return [outbox.as_text(mail) for mail in outbox.pending(session)]


def send_pending(sessions: sessionmaker, settings: SmtpSettings, now: Callable[[], datetime]) -> int:
    """Send every pending mail over one SMTP connection, marking each sent; how many were sent."""
    with sessions() as session, session.begin():
        mails = [(m.id, outbox.as_message(m, settings.sender)) for m in outbox.pending(session)]
    if not mails:
        return 0
    with smtplib.SMTP(settings.host, settings.port, timeout=30) as server:
        if settings.tls:
            server.starttls()
        if settings.user:
            server.login(settings.user, settings.password or "")
        for mail_id, message in mails:
            server.send_message(message)
            with sessions() as session, session.begin():
                outbox.mark_sent(session, mail_id, now())
    return len(mails)
