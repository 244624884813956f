"""The organisations and people the procedures route to (组织机构与用户), and what they hold.

Organisations are identified by a readable id (``org-gov-410105``), which is what case parties
and work items name. Passwords are stored as hashes made by the web layer.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import (
    JSON,
    Boolean,
    ForeignKey,
    Integer,
    String,
    select,
)
from sqlalchemy.orm import Mapped, Session, mapped_column

from engine.database import Base, UTCDateTime
from engine.directory.roles import Actor
from engine.errors import NotYourTask
from engine.policy import divisions

#: What a person may do besides acting for their organisation as an ``official``.
USER_ROLES = ("official", "leader", "viewer", "supervisor", "designer", "admin")


class Organisation(Base):
    """An enterprise, a government, a community, an archive department, a finance bureau, …"""

    __tablename__ = "organisation"

    id: Mapped[str] = mapped_column(String(100), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    #: the role code the organisation plays in the procedures (a lane name)
    kind: Mapped[str] = mapped_column(String(50), index=True)
    division_code: Mapped[str | None] = mapped_column(String(6), index=True)
    parent_id: Mapped[str | None] = mapped_column(ForeignKey("organisation.id"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class User(Base):
    """A person who logs in, acting for one organisation with some user roles."""

    __tablename__ = "app_user"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisation.id"), index=True)
    roles: Mapped[list[str]] = mapped_column(JSON)
    password_hash: Mapped[str] = mapped_column(String(300))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    language: Mapped[str | None] = mapped_column(String(10))
    #: raised to end every session and token of the user (logout, password reset, deactivation)
    session_epoch: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    #: where notifications are mailed (``yijiao send-mail``); none: no mail
    email: Mapped[str | None] = mapped_column(String(200))

    def actor(self) -> Actor:
        return Actor(self.username, self.organisation_id, frozenset(self.roles))








def organisation_names(session: Session, ids: Iterable[str | None]) -> dict[str, str]:
    """Organisation id → name for the ids given, in one query; empty and unknown ids are left out."""
    wanted = sorted({i for i in ids if i})
    if not wanted:
        return {}
    query = select(Organisation.id, Organisation.name).where(Organisation.id.in_(wanted))
    return dict(session.execute(query).tuples().all())


def user_name(session: Session, username: str | None) -> str:
    """How people know a user (李娜), never the login; the login itself when no user has it."""
    if not username:
        return ""
    return session.scalar(select(User.name).where(User.username == username)) or username


def routing_directory(session) -> dict[str, dict[str, str]]:
    """Division code → role → organisation id, as the programme's ``directory`` case data.

    Counties get their own receiving government; the archive department and the 组织部门
    (party relations) fall back from the county to its prefecture and then to the province.
    The finance bureau is the province's for every county — "此项经费先由省级财政分期拨付给相关
    县(市、区)政府" (六(二)2) — however many county or municipal finance bureaus the directory
    holds. Prefectures and directly-administered
    counties get the government that signs framework agreements.
    """
    by_code: dict[tuple[str, str], str] = {}
    for organisation in session.scalars(select(Organisation).where(Organisation.active.is_(True))):
        if organisation.division_code:
            by_code.setdefault((organisation.kind, organisation.division_code), organisation.id)
    entries: dict[str, dict[str, str]] = {}
    for (kind, code), organisation_id in sorted(by_code.items()):
        if kind == "prefecture_government":
            entries.setdefault(code, {})["prefecture_government"] = organisation_id
        if kind == "receiving_government" and divisions.is_henan_county(code):
            entry = entries.setdefault(code, {})
            entry["receiving_government"] = organisation_id
            for role in ("archive_department", "organisation_department"):
                nearest = _nearest(by_code, role, code)
                if nearest:
                    entry[role] = nearest
            provincial_finance = by_code.get(("finance_bureau", divisions.HENAN + "0000"))
            if provincial_finance:
                entry["finance_bureau"] = provincial_finance
    return entries


def _nearest(by_code: dict[tuple[str, str], str], kind: str, code: str) -> str | None:
    for candidate in (code, code[:4] + "00", code[:2] + "0000"):
        if (kind, candidate) in by_code:
            return by_code[(kind, candidate)]
    return None


def chosen_organisation(session, organisation_id: str, kind: str) -> str:
    """The id of an organisation picked on a form, if it is an active one of ``kind``."""
    organisation = session.get(Organisation, organisation_id)
    if organisation is None or organisation.kind != kind or not organisation.active:
        raise NotYourTask(f"{organisation_id} is not an active {kind}")
    return organisation.id


def supervisor_office(session) -> dict[str, str]:
    """``{"supervisor": id}`` of the first active supervising office (none: empty)."""
    office = session.scalars(
        select(Organisation.id)
        .where(Organisation.kind == "supervisor", Organisation.active.is_(True))
        .order_by(Organisation.id)
        .limit(1)
    ).first()
    return {"supervisor": office} if office else {}
