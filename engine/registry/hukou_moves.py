"""户籍迁移 — "户口所在地与常年居住地不一致的,尽量将户籍迁入居住地" (二(二)2): for each person whose
hukou and residence are different Henan counties (they are handed over where they live), whether
they want their hukou moved to the residence and what came of it.

The record is kept by those who serve the person: the community the county allocated them to,
which asks them and goes with them to the police station (公安派出所), and the receiving county
government, for people not with a community yet (under interim management) and to put a record
right. Each change is an audit event. Only those who see the person's ID number in full see the
record (``access``): it speaks of the hukou, which the mask hides.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from engine.directory import audit
from engine.directory.roles import Actor
from engine.errors import InvalidTaskData, NotYourTask
from engine.policy import divisions
from engine.registry.access import Viewer, sees_full_id
from engine.registry.retirees import Retiree
from engine.workflow.deadlines import CHINA_TZ
from engine.workflow.models import ProcessInstance

#: the person's wish; a person nobody has asked yet has none (stored as NULL)
NOT_ASKED = "not_asked"
INTENTION_NAMES = {NOT_ASKED: "未询问", "wants": "愿意迁入居住地", "declines": "不愿迁入"}
#: what came of it: a wish to move is pending until the hukou is moved or the move fails
OUTCOME_NAMES = {"pending": "待办理", "moved": "已迁入居住地", "declined": "未迁入"}
REASON_LENGTH = 300


def hukou_differs(person: Retiree) -> bool:
    """The person's hukou and residence are different Henan counties (as SQL:
    ``handover.hukou_differs``)."""
    hukou, residence = person.hukou_code or "", person.residence_code or ""
    return hukou != residence and hukou.startswith(divisions.HENAN) and residence.startswith(divisions.HENAN)


@dataclass(frozen=True)
class HukouMove:
    """One person's record: the wish (None: not asked), the outcome, when moved, why not."""

    intention: str | None = None
    outcome: str | None = None
    moved_on: date | None = None
    reason: str | None = None

    @classmethod
    def of(cls, person: Retiree) -> HukouMove:
        return cls(
            person.hukou_move_intention, person.hukou_move_outcome, person.hukou_moved_on,
            person.hukou_move_reason,
        )  # fmt: skip

    def as_json(self) -> dict[str, Any]:
        intention = self.intention or NOT_ASKED
        return {
            "intention": intention,
            "intention_name": INTENTION_NAMES[intention],
            "outcome": self.outcome,
            "outcome_name": OUTCOME_NAMES.get(self.outcome or "", ""),
            "moved_on": self.moved_on.isoformat() if self.moved_on else None,
            "reason": self.reason,
        }


def parse(values: Mapping[str, Any], today: date) -> HukouMove:
    """The submitted record, checked whole: every problem is named by its field."""
    problems: dict[str, list[str]] = {}
    intention = _text(values.get("intention")) or ""
    if intention not in INTENTION_NAMES:
        problems["intention"] = ["请选择迁移意愿：未询问、愿意迁入居住地或不愿迁入"]
    reason = _text(values.get("reason"))
    if reason is not None and len(reason) > REASON_LENGTH:
        problems["reason"] = [f"原因不能超过{REASON_LENGTH}字"]
    move = HukouMove(
        intention,
        _text(values.get("outcome")) or ("declined" if intention == "declines" else "pending"),
        _date(values.get("moved_on"), problems),
        reason,
    )
    if intention == NOT_ASKED and not problems:
        return HukouMove()  # nobody asked yet: nothing else holds
    if intention != NOT_ASKED:
        _check_outcome(move, today, problems)
    if problems:
        raise InvalidTaskData(problems)
    return move


def _check_outcome(move: HukouMove, today: date, problems: dict[str, list[str]]) -> None:
    if move.intention == "declines" and move.outcome != "declined":
        problems["outcome"] = ["本人不愿迁入的，办理结果只能是“未迁入”"]
    if move.outcome not in OUTCOME_NAMES:
        problems["outcome"] = ["请选择办理结果：待办理、已迁入居住地或未迁入"]
    if "moved_on" in problems:
        return
    if move.outcome == "moved" and move.moved_on is None:
        problems["moved_on"] = ["已迁入的请填写迁入日期"]
    elif move.outcome == "moved" and move.moved_on > today:
        problems["moved_on"] = [f"迁入日期 {move.moved_on.isoformat()} 晚于今天（{today.isoformat()}）"]
    elif move.outcome != "moved" and move.moved_on is not None:
        problems["moved_on"] = ["只有已迁入的才填写迁入日期"]
    if move.outcome == "declined" and not move.reason:
        problems["reason"] = ["未迁入的请写明原因（本人不愿迁入的写明本人意见）"]


def _text(value: Any) -> str | None:
    text = value.strip() if isinstance(value, str) else ""
    return text or None


def _date(value: Any, problems: dict[str, list[str]]) -> date | None:
    if isinstance(value, date):
        return value
    text = _text(value)
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        problems["moved_on"] = [f"迁入日期 {text} 不是有效日期（应为 YYYY-MM-DD）"]
        return None


def shown_to(viewer: Viewer, person: Retiree) -> dict[str, Any] | None:
    """The record as ``viewer`` may see it (with whether they may change it): None for someone
    whose hukou is where they live, and for a viewer who sees the person masked."""
    if person.excluded or not hukou_differs(person) or not sees_full_id(viewer, person):
        return None
    return {**HukouMove.of(person).as_json(), "may_record": may_record(viewer, person)}


def may_record(viewer: Viewer, person: Retiree) -> bool:
    """The community the person is allocated to, or the receiving government of their county."""
    if viewer.kind == "community":
        return person.community_org == viewer.organisation_id
    if viewer.kind == "receiving_government":
        return bool(viewer.division_code) and person.destination_code == viewer.division_code
    return False


def record(
    session: Session, actor: Actor, viewer: Viewer, person: Retiree, values: Mapping[str, Any], now: datetime
) -> HukouMove:
    """Record ``values`` (intention, outcome, moved_on, reason) for a person the viewer may see:
    ``NotYourTask`` if the viewer does not serve them, ``InvalidTaskData`` if the hukou is where
    they live or the record does not hold together; audited."""
    if not may_record(viewer, person):
        raise NotYourTask(f"retiree {person.id}'s hukou move is recorded by their community or county")
    if person.excluded or not hukou_differs(person):
        same = f"{person.name} 的户籍地与常住地一致（或不都在本省），无需迁移户籍"
        raise InvalidTaskData({"intention": [same]})
    move = parse(values, now.astimezone(CHINA_TZ).date())
    before = HukouMove.of(person)
    if move == before:
        return move
    person.hukou_move_intention, person.hukou_move_outcome = move.intention, move.outcome
    person.hukou_moved_on, person.hukou_move_reason = move.moved_on, move.reason
    person.updated_at = now
    instance = session.get(ProcessInstance, person.instance_id) if person.instance_id else None
    audit.record(
        session,
        "record_hukou_move",
        actor,
        now,
        instance=instance,
        data=_plain(move),
        detail={"retiree": person.id, "from": _plain(before), "to": _plain(move)},
    )
    return move


def _plain(move: HukouMove) -> dict[str, Any]:
    return {**asdict(move), "moved_on": move.moved_on.isoformat() if move.moved_on else None}
