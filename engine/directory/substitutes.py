"""Substitutes (代理人): while a person is away, a colleague of the same organisation receives what
would have been handed to them personally.

The reading (issue 15): tasks are routed to organisations, and claimable ones are seen by the whole
organisation anyway, so a substitution does not touch them. What a period redirects is what names
the absent person: a task reassigned to them goes to their substitute instead, and notifications
addressed to them personally (a task returned to them, a reminder or escalation of a task they
hold, a comment for them) reach the substitute, marked "on behalf of". Tasks they already hold stay
theirs (they may reassign them before leaving). The period is whole Beijing days, first and last
day included; substitutes are not followed further (the substitute's own substitute is not asked).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ColumnElement, Date, ForeignKey, Index, Integer, String, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from engine.database import Base, UTCDateTime
from engine.directory import audit
from engine.directory.organisations import User
from engine.directory.roles import Actor
from engine.errors import InvalidTaskData, NotFound
from engine.workflow.deadlines import CHINA_TZ


class Substitution(Base):
    """A person's substitute for a period (both days included); cancelled ones stay, for the record."""

    __tablename__ = "substitution"
    __table_args__ = (Index("ix_substitution_user", "username", "ends_on"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(80))
    substitute: Mapped[str] = mapped_column(String(80))
    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisation.id"))
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


def beijing_today(now: datetime) -> date:
    return now.astimezone(CHINA_TZ).date()


def colleague(session: Session, organisation_id: str, username: str, role: str | None = None) -> User | None:
    """An active user of the organisation (holding ``role`` when one is given), else None."""
    user = session.scalars(select(User).where(User.username == username)).one_or_none()
    if user is None or not user.active or user.organisation_id != organisation_id:
        return None
    if role is not None and role not in user.roles:
        return None
    return user


def current(session: Session, username: str, now: datetime) -> Substitution | None:
    """The substitution running for ``username`` today (Beijing date), if any."""
    today = beijing_today(now)
    return session.scalars(
        select(Substitution)
        .where(
            Substitution.username == username,
            Substitution.cancelled_at.is_(None),
            Substitution.starts_on <= today,
            Substitution.ends_on >= today,
        )
        .order_by(Substitution.id.desc())
        .limit(1)
    ).first()


def receiver(
    session: Session, username: str, now: datetime, role: str | None = None
) -> tuple[str, str | None]:
    """Who receives what is handed to ``username`` now: ``(substitute, username)`` while a period
    runs and the substitute is still an active colleague (with ``role``), else ``(username, None)``."""
    running = current(session, username, now)
    if running is not None and colleague(session, running.organisation_id, running.substitute, role):
        return running.substitute, username
    return username, None


def planned(session: Session, username: str, now: datetime) -> list[Substitution]:
    """The person's substitutions not yet over and not cancelled, soonest first."""
    return _not_over(session, Substitution.username == username, now)


def standing_in_for(session: Session, substitute: str, now: datetime) -> list[Substitution]:
    """The periods, running or to come, in which ``substitute`` stands in for a colleague."""
    return _not_over(session, Substitution.substitute == substitute, now)


def _not_over(session: Session, whose: ColumnElement[bool], now: datetime) -> list[Substitution]:
    query = (
        select(Substitution)
        .where(whose, Substitution.cancelled_at.is_(None), Substitution.ends_on >= beijing_today(now))
        .order_by(Substitution.starts_on, Substitution.id)
    )
    return list(session.scalars(query))


def colleagues_of(session: Session, actor: Actor) -> list[User]:
    """Who the actor may name as substitute: the other active users of their organisation."""
    return list(
        session.scalars(
            select(User)
            .where(
                User.organisation_id == actor.organisation_id,
                User.active.is_(True),
                User.username != actor.user_id,
            )
            .order_by(User.name, User.username)
        )
    )


def name_substitute(
    session: Session, actor: Actor, substitute: str, starts_on: date, ends_on: date, now: datetime
) -> Substitution:
    """The actor names a colleague to receive their personal work from ``starts_on`` to ``ends_on``."""
    errors: dict[str, list[str]] = {}
    if substitute == actor.user_id or colleague(session, actor.organisation_id, substitute) is None:
        errors["substitute"] = ["代理人须为本单位其他在岗人员。"]
    if ends_on < starts_on:
        errors["ends_on"] = ["结束日期不能早于开始日期。"]
    elif ends_on < beijing_today(now):
        errors["ends_on"] = ["结束日期已过。"]
    if errors:
        raise InvalidTaskData(errors)
    substitution = Substitution(
        username=actor.user_id,
        substitute=substitute,
        organisation_id=actor.organisation_id,
        starts_on=starts_on,
        ends_on=ends_on,
        created_at=now,
    )
    session.add(substitution)
    session.flush()
    audit.record(session, "substitute", actor, now, detail=_detail(substitution))
    return substitution


def cancel(session: Session, actor: Actor, substitution_id: int, now: datetime) -> None:
    """End one of the actor's own substitutions (another person's is ``NotFound``)."""
    substitution = session.get(Substitution, substitution_id)
    if substitution is None or substitution.username != actor.user_id or substitution.cancelled_at:
        raise NotFound(f"substitution {substitution_id}")
    substitution.cancelled_at = now
    audit.record(session, "substitute_cancel", actor, now, detail=_detail(substitution))


def _detail(substitution: Substitution) -> dict[str, str | int]:
    return {
        "substitution": substitution.id,
        "substitute": substitution.substitute,
        "starts_on": substitution.starts_on.isoformat(),
        "ends_on": substitution.ends_on.isoformat(),
    }
