"""过渡期管理 — "在社区管理组织尚不健全、企业退休人员居住比较分散的县(市、区),可暂由原企业退休管理
机构或社会保险经办机构对企业退休人员提供相关管理服务" (三): where a community cannot take people yet,
the county places them, in its allocation, with an interim manager until an end date — the
enterprise's retiree office (the enterprise handing them over) or the county's social insurance
agency (社会保险经办机构) — and allocates them to a community later, which receives them as usual.

Placed people count as placed: the allocation can be submitted and the county hand-over goes on.
The manager sees them (``access``) until their community receives them; the county's figures count
them with the earliest end (``handover.CountyFigures``). When that end comes near, the procedure
``interim_management`` gives the county a task to allocate them (``county_interim`` says when).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from engine.directory.organisations import Organisation
from engine.errors import InvalidTaskData
from engine.policy import divisions
from engine.registry import handover
from engine.registry.allocation import Assignment, chosen, update_placement
from engine.registry.retirees import Retiree
from engine.registry.steps import Step, people_where, refuse
from engine.registry.task_people import PeopleFilter, TaskPeople
from engine.workflow.deadlines import CHINA_TZ

#: an interim is temporary (暂由): it ends within this many years of being set
LONGEST_YEARS = 3
#: the county's task to allocate the people comes this long before their interim ends
NOTICE = timedelta(days=30)


def managers(session: Session, people: TaskPeople) -> list[Organisation]:
    """Who may manage the county's people for a period: the enterprise handing them over, and
    the social insurance agency of the county (else of its prefecture, else the province's)."""
    found = []
    if people.enterprise:
        enterprise = session.get(Organisation, people.enterprise)
        if enterprise is not None:
            found.append(enterprise)
    county = people.scope.county
    for code in (county, divisions.prefecture_of(county), divisions.HENAN + "0000"):
        agency = session.scalars(
            select(Organisation)
            .where(
                Organisation.kind == "social_insurance_agency",
                Organisation.division_code == code,
                Organisation.active.is_(True),
            )
            .order_by(Organisation.id)
            .limit(1)
        ).first()
        if agency is not None:
            return [*found, agency]
    return found


def assign(
    session: Session,
    people: TaskPeople,
    manager: str,
    until: Any,
    now: datetime,
    *,
    retiree_ids: Iterable[int] | None = None,
    filters: PeopleFilter | None = None,
) -> Assignment:
    """Place the chosen people (or everyone ``filters`` finds) with ``manager`` (id or name)
    until ``until``; refused, naming the field, without a manager or a fitting end date."""
    choices = managers(session, people)
    found = {o.id: o for o in choices} | {o.name: o for o in choices}
    problems: dict[str, list[str]] = {}
    organisation = found.get(str(manager or "").strip())
    if organisation is None:
        problems["interim_manager"] = [
            "请选择过渡期管理单位：原企业退休管理机构或本县（市、区）社会保险经办机构"
        ]
    end = end_date(until, now.astimezone(CHINA_TZ).date(), problems)
    if problems:
        raise InvalidTaskData(problems)
    placement = {"community_org": None, "interim_manager_org": organisation.id, "interim_until": end}
    picked = chosen(retiree_ids, filters)
    placed = sum(update_placement(session, people, now, where, **placement) for where in picked)
    return Assignment(organisation.id, organisation.name, placed)


def end_date(value: Any, today: date, problems: dict[str, list[str]]) -> date | None:
    """The interim's end: required, after today, within ``LONGEST_YEARS`` years."""
    text = value.isoformat() if isinstance(value, date) else str(value or "").strip()
    if not text:
        problems["interim_until"] = ["请填写过渡期管理的截止日期"]
        return None
    try:
        end = date.fromisoformat(text)
    except ValueError:
        problems["interim_until"] = [f"截止日期 {text} 不是有效日期（应为 YYYY-MM-DD）"]
        return None
    latest = _years_after(today, LONGEST_YEARS)
    if end <= today:
        problems["interim_until"] = [f"截止日期应晚于今天（{today.isoformat()}）"]
    elif end > latest:
        problems["interim_until"] = [f"过渡期不超过{LONGEST_YEARS}年：截止日期最晚为 {latest.isoformat()}"]
    return end


def _years_after(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


# -- the later move --------------------------------------------------------------------------------


def schedule(session: Session, scope: handover.CountyScope, now: datetime) -> dict[str, Any]:
    """The county's people under interim management: how many, the earliest end, and when the
    county's task to allocate them is due to open (``NOTICE`` before, or now if that is past)."""
    count, earliest = session.execute(
        select(func.count(), func.min(Retiree.interim_until)).where(*scope.where(), handover.under_interim())
    ).one()
    until = handover.as_date(earliest)
    if until is None:
        return {"people": int(count or 0), "until": None, "notice_at": None}
    notice = max(datetime.combine(until - NOTICE, time(), CHINA_TZ), now.astimezone(CHINA_TZ))
    return {"people": int(count), "until": until.isoformat(), "notice_at": notice.isoformat()}


def interim_allocation_accepted(step: Step) -> None:
    """过渡期满分解: refused while anyone's interim has ended without a community (named); a later
    end keeps them with their interim manager for another period."""
    ended = [handover.under_interim(), Retiree.community_org.is_(None), Retiree.interim_until <= step.today]
    waiting = people_where(step, *ended)
    if waiting:
        who = handover.names(step.session, *step.scope.where(), *ended)
        refuse(
            "",
            f"还有 {waiting} 人过渡期已到期、尚未分解到社区：{who}。"
            "请分解到社区，或延长过渡期（写明新的截止日期）",
        )
