"""The people list of a task (本环节人员名单), shared by the task page and the API: who the task
shows (``engine.registry.task_people``), filtered and paginated, each person as the caller may see
them (full ID number and phone only where the registry allows); and the holder's actions on it —
assigning people to communities (分解落实) and filling the archive transfer list.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine import InvalidTaskData, NotFound, TaskConflict
from engine.directory.organisations import organisation_names
from engine.directory.roles import Actor
from engine.errors import NotYourTask
from engine.registry import allocation, archives, handover, hukou_moves, interim
from engine.registry.access import Viewer, identity, masked_data, viewer_of
from engine.registry.retirees import ARCHIVE_STATUS_NAMES, HANDED_OVER, STATUS_NAMES, Retiree
from engine.registry.rosters.reading import RosterUnreadable, open_roster, suffix_problem
from engine.registry.task_people import PeopleFilter, PeoplePage, TaskPeople, page_of, people_of
from engine.workflow.case_view import TaskView

from ..context import engine
from ..paging import page_number, positive_number

#: the columns of an uploaded allocation (分解表)
ALLOCATION_HEADERS = ("身份证号", "社区")
#: the status shown for someone placed with an interim manager and no community yet
INTERIM_STATUS_NAME = "过渡期管理"
#: the lists whose holder places people: the county's allocation, and its later one of the people
#: under interim management (过渡期管理)
PLACING = ("allocation", "interim")
#: the filters a list takes from a query string
FILTER_KEYS = ("q", "residence_code", "address", "special_status", "community", "archive", "hukou")
#: the kinds whose ID numbers an archive department reads in full (its archive work)
ARCHIVE_KINDS = ("archive_list", "archives", "returned_archives")
#: the procedures whose tasks are an archive department's archive work
ARCHIVE_WORK = ("archive_handover", "archive_lookup")
#: the archive tasks of other procedures (an inter-county move's archive list and receipt); their
#: other tasks (the counties' and communities') are not archive work
ARCHIVE_TASKS = ("send_transfer_archive", "receive_transfer_archive")


def masked_view(session: Session, view: TaskView, actor: Actor) -> TaskView:
    """The task view with every registered person's ID number the actor may not see masked in
    its case data (the page and the API show nothing else of the case)."""
    in_archive_work = view.process_id in ARCHIVE_WORK or view.item.spec_id in ARCHIVE_TASKS
    view.data = masked_data(session, lambda: viewer_of(session, actor), view.data, in_archive_work)
    return view


@dataclass
class Listing:
    """One page of a task's list, ready to show: rows as the caller may see them."""

    view: TaskView
    people: TaskPeople
    page: PeoplePage
    filters: PeopleFilter
    rows: list[dict[str, Any]]
    #: the county's communities (allocation only): (id, name)
    communities: list[tuple[str, str]]
    #: who may manage people for a period (allocation only): (id, name)
    interim_managers: list[tuple[str, str]]
    #: the choices of a hukou move record (户籍迁移), named as the registry names them
    hukou_intentions = hukou_moves.INTENTION_NAMES
    hukou_outcomes = hukou_moves.OUTCOME_NAMES

    def kept(self) -> dict[str, Any]:
        """The list's filters and page, for a form that comes back to it."""
        return {**asdict(self.filters), "page": self.page.page}

    def as_json(self) -> dict[str, Any]:
        return {
            "kind": self.people.kind,
            "county": self.people.scope.county,
            "items": self.rows,
            "total": self.page.total,
            "unfiltered": self.page.unfiltered,
            "page": self.page.page,
            "per_page": self.page.per_page,
            "by_community": self.page.by_community,
            "communities": [{"id": org, "name": name} for org, name in self.communities],
            "interim_managers": [{"id": org, "name": name} for org, name in self.interim_managers],
        }


def filters_from(args) -> PeopleFilter:
    return PeopleFilter(**{key: str(args.get(key) or "")[:100] for key in FILTER_KEYS})


def listing(session: Session, view: TaskView, actor: Actor, args, per_page: int = 50) -> Listing | None:
    """The list of a task the actor may see (``engine.task_view`` checked that), as they may see
    it; None for a task without one."""
    people = people_of(view)
    if people is None:
        return None
    filters = filters_from(args)
    page = page_of(
        session, people, filters, page_number(args), positive_number(args, "per_page", per_page, {})
    )
    viewer = viewer_of(session, actor)
    shown = {r.community_org for r in page.rows} | {r.interim_manager_org for r in page.rows}
    names = organisation_names(session, shown | _summed(page))
    for entry in page.by_community:
        entry["community"] = names.get(entry["community_org"] or "", entry["community"])
    rows = [person_json(r, viewer, names, people.kind in ARCHIVE_KINDS) for r in page.rows]
    communities, managers = [], []
    if people.kind in PLACING:
        communities = [(o.id, o.name) for o in handover.communities_of(session, people.scope.county)]
        managers = [(o.id, o.name) for o in interim.managers(session, people)]
    return Listing(view, people, page, filters, rows, communities, managers)


def _summed(page: PeoplePage) -> set[str]:
    return {entry["community_org"] for entry in page.by_community if entry["community_org"]}


def person_json(person: Retiree, viewer: Viewer, names: dict[str, str], archive_work: bool) -> dict[str, Any]:
    shown = identity(viewer, person, for_archive_work=archive_work)
    return {
        "id": person.id,
        "name": person.name,
        "sex": person.sex,
        "id_number": shown.id_number,
        "phone": shown.phone,
        "address": shown.address,
        "residence_code": person.residence_code,
        "party_member": bool(person.party_member),
        "special_status": list(person.special_status or []),
        "status": person.status,
        "status_name": _status_name(person),
        "community_org": person.community_org,
        "community": names.get(person.community_org or "", person.community_org),
        "returned_reason": person.returned_reason,
        "interim": _interim_json(person, names),
        "hukou_move": hukou_moves.shown_to(viewer, person),
        "archive": {
            "volumes": person.archive_volumes,
            "items": person.archive_items,
            "missing": person.archive_missing,
            "status": person.archive_status,
            "status_name": ARCHIVE_STATUS_NAMES.get(person.archive_status, person.archive_status),
            "note": person.archive_note,
        },
    }


def _status_name(person: Retiree) -> str:
    """How far the person has come; placed with an interim manager and no community yet, that."""
    if person.interim_manager_org and not person.community_org and person.status == "allocated":
        return INTERIM_STATUS_NAME
    return STATUS_NAMES.get(person.status, person.status)


def _interim_json(person: Retiree, names: dict[str, str]) -> dict[str, Any] | None:
    """过渡期管理: who manages the person and until when, while no community has received them."""
    if person.interim_manager_org is None or person.status in HANDED_OVER:
        return None
    manager = person.interim_manager_org
    until = person.interim_until.isoformat() if person.interim_until else None
    return {"manager_org": manager, "manager": names.get(manager, manager), "until": until}


def held(session: Session, item_id: int, actor: Actor, *kinds: str) -> TaskPeople:
    """The list of a task the actor holds (claimed, open, theirs) that is of one of ``kinds``."""
    view = engine().task_view(session, item_id, actor)
    item = view.item
    if not view.may_act:
        raise NotYourTask(f"task {item.id} is not yours to act on")
    if item.state != "open":
        raise TaskConflict(f"task {item.id} is {item.state}")
    if item.claimed_by != actor.user_id:
        raise TaskConflict(f"claim task {item.id} before changing its list")
    people = people_of(view)
    if people is None or people.kind not in kinds:
        raise NotFound(f"task {item.id} has no {' or '.join(kinds)} list")
    return people


def listed_person(session: Session, item_id: int, actor: Actor, retiree_id: Any) -> Retiree:
    """A person on the list of a task the actor may see (``NotFound`` otherwise): the page's
    record of someone's hukou move names the person by registry id."""
    people = people_of(engine().task_view(session, item_id, actor))
    number = int(retiree_id) if str(retiree_id or "").isdigit() else None
    found = None
    if people is not None and number is not None:
        found = session.scalar(select(Retiree).where(*people.where(), Retiree.id == number))
    if found is None:
        raise NotFound(f"retiree {retiree_id} is not on the list of task {item_id}")
    return found


def uploaded_allocation(session: Session, listed: TaskPeople, file, now) -> int:
    """An uploaded 身份证号→社区 table applied (page and API alike): how many were assigned."""
    rows = read_table(file, ALLOCATION_HEADERS, ALLOCATION_HEADERS)
    return allocation.assign_table(session, listed, rows, now)


def uploaded_archive_list(session: Session, listed: TaskPeople, file, now) -> int:
    """An uploaded archive transfer list stored (page and API alike): how many rows."""
    rows = read_table(file, archives.TABLE_HEADERS, archives.TABLE_HEADERS[:2])
    return archives.fill_table(session, listed.scope, rows, now)


def read_table(file, headers: tuple[str, ...], required: tuple[str, ...]) -> list[tuple[int, dict[str, Any]]]:
    """The rows of an uploaded .xlsx/.csv table; ``InvalidTaskData`` ({"file": …}) if unreadable."""
    if file is None or not file.filename:
        raise InvalidTaskData({"file": ["请选择要上传的 .xlsx 或 .csv 文件"]})
    problem = suffix_problem(file.filename)
    if problem:
        raise InvalidTaskData({"file": [problem]})
    try:
        return list(open_roster(file.stream, file.filename, headers, required).rows())
    except RosterUnreadable as unreadable:
        raise InvalidTaskData({"file": [unreadable.message]}) from None
