"""信息变更 — the community keeps its people's information current (seed 四(一)): 常住地址, 联系电话
and 特殊情况 (特困、高龄、鳏寡、重病、残疾) are changed by the community that has the person, and by
nobody else, checked as the roster checks them; a transfer (``transfers``) moves them to another
community or county. Every change is a row of ``RetireeChange`` (the person's history: field, old,
new, why, who, when) and an event of the audit log."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Integer, String, Text, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from engine.database import Base, UTCDateTime
from engine.directory import audit
from engine.directory.roles import Actor
from engine.errors import InvalidTaskData, NotYourTask
from engine.registry.access import Viewer, sees_full_id, viewer_of, visible_retiree
from engine.registry.retirees import Retiree
from engine.registry.rosters.validation import field_value
from engine.registry.steps import Step

#: what a change may touch, with the names officials know; the community changes the first three,
#: a transfer the others
FIELD_NAMES = {
    "address": "常住地址",
    "phone": "联系电话",
    "special_status": "特殊情况",
    "community_org": "所在社区",
    "residence_code": "常住地区划代码",
    "destination_code": "管理县（市、区）",
}
EDITABLE = ("address", "phone", "special_status")
REASON_LENGTH = 300


class RetireeChange(Base):
    """One changed item of one person's information (变更记录): never edited, never deleted."""

    __tablename__ = "retiree_change"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    retiree_id: Mapped[int] = mapped_column(ForeignKey("retiree.id"), index=True)
    field: Mapped[str] = mapped_column(String(30))
    old: Mapped[str | None] = mapped_column(Text)
    new: Mapped[str | None] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(String(300))
    #: who changed it (a login) for which organisation
    changed_by: Mapped[str] = mapped_column(String(100))
    organisation_id: Mapped[str | None] = mapped_column(String(100))
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    #: the transfer case that made the change (None: the community changed it directly)
    instance_id: Mapped[int | None] = mapped_column(Integer)

    @property
    def field_name(self) -> str:
        return FIELD_NAMES.get(self.field, self.field)


def refuse(field: str, message: str) -> None:
    raise InvalidTaskData({field: [message]})


def community_person(session: Session, actor: Actor, retiree_id: int) -> Retiree:
    """The person, if the actor's community has them: ``NotFound`` for someone the actor may not
    see, ``NotYourTask`` for someone it sees but does not have (their county, their enterprise)."""
    viewer = viewer_of(session, actor)
    person = visible_retiree(session, viewer, retiree_id)
    if viewer.kind != "community" or person.community_org != actor.organisation_id:
        raise NotYourTask("只有该人员所在的社区可以变更其信息或办理转移")
    return person


def own_person(session: Session, actor: Actor, retiree_id: int) -> Retiree:
    """The person, if the actor's community has them and they live (``community_person``);
    refused (422) for a person who died or is not yet received."""
    person = community_person(session, actor, retiree_id)
    if person.status == "deceased":
        refuse("retiree_id", f"{person.name} 已故（{person.died_on}），其信息不再变更，也不能转移")
    if person.status != "received":
        refuse("retiree_id", f"{person.name} 尚未由社区接收，请先完成接收")
    return person


def change(
    session: Session, actor: Actor, retiree_id: int, answers: Mapping[str, Any], now: datetime
) -> list[RetireeChange]:
    """The community changes its person's address, phone or special situations (those given in
    ``answers``, with ``reason``); a bad value is refused and nothing changes."""
    person = own_person(session, actor, retiree_id)
    reason = _reason(answers)
    values = {key: _checked(key, answers[key]) for key in EDITABLE if key in answers}
    if not any(_text(getattr(person, key)) != _text(value) for key, value in values.items()):
        refuse("changes", "填写的信息与登记库中的相同，没有需要变更的内容")
    return record(session, person, values, reason, actor, now)


def record(
    session: Session,
    person: Retiree,
    values: Mapping[str, Any],
    reason: str,
    actor: Actor | str,
    now: datetime,
    instance_id: int | None = None,
    organisation_id: str | None = None,
) -> list[RetireeChange]:
    """Apply ``values`` to the person and write one history row per value that differs, and one
    audit event; the rows written."""
    rows = []
    for key, value in values.items():
        old = getattr(person, key)
        if _text(old) == _text(value):
            continue
        setattr(person, key, value)
        rows.append(_row(person, key, old, value, reason, actor, now, instance_id, organisation_id))
    if rows:
        person.updated_at = now
        session.add_all(rows)
        detail = {"retiree_id": person.id, "fields": [row.field for row in rows], "reason": reason}
        kind = "transfer_retiree" if instance_id is not None else "change_retiree"
        audit.record(session, kind, actor, now, data={r.field: r.new for r in rows}, detail=detail)
        session.flush()
    return rows


def _row(person, key, old, value, reason, actor, now, instance_id, organisation_id) -> RetireeChange:
    user, organisation = (actor.user_id, actor.organisation_id) if isinstance(actor, Actor) else (actor, None)
    return RetireeChange(
        retiree_id=person.id,
        field=key,
        old=_text(old),
        new=_text(value),
        reason=reason,
        changed_by=user,
        organisation_id=organisation_id or organisation,
        changed_at=now,
        instance_id=instance_id,
    )


def history(session: Session, retiree_id: int) -> list[RetireeChange]:
    """The person's changes, oldest first."""
    query = select(RetireeChange).where(RetireeChange.retiree_id == retiree_id)
    return list(session.scalars(query.order_by(RetireeChange.changed_at, RetireeChange.id)))


#: what only those who see the ID number in full may read (how to reach the person)
CONTACT_FIELDS = ("address", "phone")


def shown_history(session: Session, viewer: Viewer, person: Retiree) -> list[RetireeChange]:
    """The person's changes as ``viewer`` may read them: without the address and phone changes for
    those who see the person masked."""
    found = history(session, person.id)
    if sees_full_id(viewer, person):
        return found
    return [row for row in found if row.field not in CONTACT_FIELDS]


def organisations_named(rows: list[RetireeChange], transfers: list) -> list[str | None]:
    """The organisations a person's changes and transfers name (pages show their names)."""
    found: list[str | None] = [row.organisation_id for row in rows]
    found += [value for row in rows if row.field == "community_org" for value in (row.old, row.new)]
    return found + [transfer.to_community for transfer in transfers]


def _reason(answers: Mapping[str, Any]) -> str:
    reason = str(answers.get("reason") or "").strip()
    if not reason:
        refuse("reason", "请填写变更原因（如：搬家、更换手机号、经入户核实）")
    if len(reason) > REASON_LENGTH:
        refuse("reason", f"变更原因不能超过{REASON_LENGTH}字")
    return reason


def _checked(key: str, value: Any) -> Any:
    if key == "special_status" and isinstance(value, list | tuple):
        value = "、".join(str(part) for part in value)
    try:
        return field_value(key, value)
    except ValueError as invalid:
        refuse(key, f"{FIELD_NAMES[key]}：{invalid}")


def _text(value: Any) -> str | None:
    """How a value is kept in the history: lists as 特困、高龄, empty as None."""
    if isinstance(value, list | tuple):
        value = "、".join(value)
    return str(value) if value not in (None, "") else None


#: what completing a task records (``engine.procedures.Step.record`` → the function): changes are
#: made directly, not by a procedure's task
RECORDS: dict[str, Callable[[Step], None]] = {}
