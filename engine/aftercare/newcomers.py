"""整体移交后新退休人员 — after the hand-over, an enterprise registers each person who retires
later (seed 五(一): "对整体移交后新退休的人员，按照有关规定及程序……"), through the roster
template's own checks (``rosters.validation.check_row``: ID checksum, sex and birth date agreeing
with it, division codes, category …) and the hand-over's own rule for where they go
(``rules.destination_of``). A person who is handed over opens a ``new_retiree`` case straight at
the destination county's allocation and the community's reception, linked to the person
(``Retiree.instance_id``) so that the registry's county scope, lists and moves serve it as they
serve a county hand-over. 离休干部 and 省管干部 are registered but not handed over: no case.

Their archive follows in the same case: it calls the hand-over's own archive procedure
(``archive_handover``: the enterprise's transfer list, the county's archive department checks,
receives and stores it), scoped to this one person by the case."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import IO, Any

from sqlalchemy import select

from engine.directory import audit
from engine.directory.organisations import Organisation, routing_directory
from engine.directory.roles import DEFAULT_TASK_ROLE, Actor
from engine.errors import Forbidden, InvalidTaskData
from engine.policy import divisions
from engine.registry import allocation, moves
from engine.registry.retirees import Retiree
from engine.registry.rosters import reading
from engine.registry.rosters.columns import HEADERS
from engine.registry.rosters.validation import HEADER_OF, check_row
from engine.registry.steps import Step, advance, refuse, update_people
from engine.registry.task_people import PeopleFilter, TaskPeople
from engine.workflow.deadlines import CHINA_TZ
from engine.workflow.models import ProcessInstance

PROCESS = "new_retiree"
#: the rows one file of new retirees may hold: those retiring in a month or so, not a roster
MAX_FILE_ROWS = 500
TOO_MANY_ROWS = f"新退休人员登记表超过 {MAX_FILE_ROWS} 行：请分成几个文件登记"
#: the person's archive is handed over within this many days of the registration (ours: the
#: policy sets no deadline for those retiring after the hand-over)
ARCHIVE_DAYS = timedelta(days=60)
#: who takes a new retiree over in their county
_COUNTY_ROLES = {"receiving_government": "接收政府", "archive_department": "档案管理部门"}
#: the registration form's fields: the roster template's columns, by registry key
FIELDS = tuple(HEADER_OF)


@dataclass(frozen=True)
class Registration:
    """A registered person and their case (None: 离休干部/省管干部, not handed over)."""

    retiree: Retiree
    instance: ProcessInstance | None


def register(session, engine, actor: Actor, values: Mapping[str, Any], now: datetime) -> Registration:
    """Register one new retiree of the caller's enterprise; ``values`` are keyed by registry
    field (``FIELDS``) or by the template's Chinese header. Refused with every problem by field."""
    enterprise = session.get(Organisation, actor.organisation_id)
    if enterprise is None or enterprise.kind != "enterprise" or DEFAULT_TASK_ROLE not in actor.roles:
        raise Forbidden("only an enterprise's officials register its new retirees")
    record = _checked(values, now, enterprise.division_code)
    _refuse_registered(session, record["id_number"], enterprise.id)
    retiree = Retiree(
        **record,
        enterprise_org=enterprise.id,
        status="registered",
        archive_status="none",
        registered_at=now,
        updated_at=now,
    )
    session.add(retiree)
    session.flush()
    if retiree.excluded or retiree.destination_code is None:
        audit.record(session, "newcomer_registered", actor, now, detail={"retiree_id": retiree.id})
        return Registration(retiree, None)
    instance = _open_case(session, engine, actor, retiree, now)
    retiree.instance_id = instance.id
    session.flush()
    return Registration(retiree, instance)


def _checked(values: Mapping[str, Any], now: datetime, location: str | None) -> dict[str, Any]:
    cells = {HEADER_OF.get(key, key): _cell(value) for key, value in values.items()}
    cells = {
        header: value for header, value in cells.items() if header in HEADERS and value not in ("", None)
    }
    record, problems = check_row(cells, today=now.astimezone(CHINA_TZ).date(), enterprise_location=location)
    if problems:
        key_of = {header: key for key, header in HEADER_OF.items()}
        errors: dict[str, list[str]] = {}
        for header, reason in problems:
            errors.setdefault(key_of.get(header, header), []).append(f"{header}：{reason}")
        raise InvalidTaskData(errors)
    return record


def _cell(value: Any) -> Any:
    """A list (特殊情况 as an API sends it) as the template's text: items joined by 、."""
    return "、".join(str(item) for item in value) if isinstance(value, list) else value


def _refuse_registered(session, id_number: str, enterprise_org: str) -> None:
    found = session.scalar(select(Retiree).where(Retiree.id_number == id_number))
    if found is None:
        return
    whose = "本单位" if found.enterprise_org == enterprise_org else "其他单位"
    raise InvalidTaskData(
        {"id_number": [f"身份证号：{id_number} 已登记（已由{whose}登记，姓名 {found.name}）"]}
    )


def _open_case(session, engine, actor: Actor, retiree: Retiree, now: datetime) -> ProcessInstance:
    county = retiree.destination_code
    roles = routing_directory(session).get(county, {})
    missing = [name for role, name in _COUNTY_ROLES.items() if not roles.get(role)]
    if missing:
        place = divisions.name(county) or county
        raise InvalidTaskData({"residence_code": [f"接收地 {place} 尚无{'、'.join(missing)}，请联系管理员"]})
    registered_on = now.astimezone(CHINA_TZ).date()
    enterprise = session.get(Organisation, retiree.enterprise_org)
    data = {
        "county": {"code": county, "name": divisions.name(county) or county},
        "enterprise": {"name": enterprise.name, "location_code": enterprise.division_code},
        # the archive hand-over (a call of ``archive_handover``) falls due on its milestone M4
        "milestones": {"M4": (registered_on + ARCHIVE_DAYS).isoformat()},
        "newcomer": {
            "retiree_id": retiree.id,
            "name": retiree.name,
            "retirement_date": retiree.retirement_date.isoformat(),
            "registered_on": registered_on.isoformat(),
            "destination_reason": retiree.destination_reason,
        },
    }
    parties = {"enterprise": retiree.enterprise_org, **{role: roles[role] for role in _COUNTY_ROLES}}
    title = f"新退休人员 {retiree.name} 移交（{data['county']['name']}）"
    return engine.start(session, PROCESS, parties, data, actor=actor, title=title)


# -- what the case's steps record --------------------------------------------------------------------


def newcomer_allocated(step: Step) -> None:
    """核实并分解: the person is assigned to the chosen community of the county (the registry's
    allocation: refused for a community of another county) and is ``allocated``."""
    scope = step.scope
    if scope is None:
        refuse("", "本案件没有接收县（市、区）")
    community = str(step.data.get("community_org") or "")
    allocation.assign(
        step.session, TaskPeople("allocation", scope), community, step.now, filters=PeopleFilter()
    )
    moves.allocation_accepted(step)


def newcomer_received(step: Step) -> None:
    """社区接收: received (社区已接收, with the day), or sent back to the county's allocation with
    the reason, without a community."""
    mine = [Retiree.community_org == step.item.owner_org, Retiree.status == "allocated"]
    if step.data.get("received") is True:
        advance(step, "received", *mine, received_on=step.today)
        return
    reason = str(step.data.get("reason") or "").strip()
    if not reason:
        refuse("reason", "未接收时请写明原因")
    update_people(step, mine, community_org=None, returned_reason=reason)


#: what completing a task records (``engine.procedures.Step.record`` → the function)
RECORDS: dict[str, Callable[[Step], None]] = {
    record.__name__: record for record in (newcomer_allocated, newcomer_received)
}


@dataclass
class FileResult:
    """What a file of new retirees did: who was registered (with their cases), and each refused
    row's problems as the roster import reports them (``row`` = spreadsheet row, header = 1)."""

    registered: list[Registration] = field(default_factory=list)
    rejected: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def register_file(
    session, engine, actor: Actor, content: IO[bytes] | bytes, filename: str, now: datetime
) -> FileResult:
    """Several new retirees from a file in the roster template (CSV or XLSX, read as the roster
    import reads it): each row registered as ``register`` does, in a savepoint of its own, so a
    refused row is reported and the others stay registered. ``InvalidTaskData`` for a file that
    cannot be read or is longer than ``MAX_FILE_ROWS``."""
    try:
        roster = reading.open_roster(content, filename)
        rows = list(itertools.islice(roster.rows(), MAX_FILE_ROWS + 1))
    except reading.RosterUnreadable as unreadable:
        raise InvalidTaskData({"file": [unreadable.message]}) from None
    if len(rows) > MAX_FILE_ROWS:
        raise InvalidTaskData({"file": [TOO_MANY_ROWS]})
    result = FileResult(warnings=list(roster.warnings))
    for number, values in rows:
        try:
            with session.begin_nested():
                result.registered.append(register(session, engine, actor, values, now))
        except InvalidTaskData as refused:
            result.rejected += _rejections(number, refused.errors)
    return result


def _rejections(number: int, errors: dict[str, list[str]]) -> list[dict[str, Any]]:
    return [
        {"row": number, "column": HEADER_OF.get(key, key), "reason": reason}
        for key, reasons in errors.items()
        for reason in reasons
    ]


def registered_one_by_one(session, enterprise_org: str, limit: int = 50) -> list[Retiree]:
    """The enterprise's people registered here (by the form or a file of new retirees, not by a
    roster import), newest first."""
    query = (
        select(Retiree)
        .where(Retiree.enterprise_org == enterprise_org, Retiree.roster_import_id.is_(None))
        .order_by(Retiree.registered_at.desc(), Retiree.id.desc())
        .limit(limit)
    )
    return list(session.scalars(query))
