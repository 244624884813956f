"""The case data a document is made from, by scope: a county's hand-over, a prefecture's
framework agreement, an enterprise-run community organisation's hand-over, or the case as a whole.

A programme case holds its county hand-overs and framework agreements as called processes, so
``latest_data`` (the newest task's data) is not enough: here every step's data is merged in the
order the steps happened, per county (tasks whose data has ``county``) and per prefecture
(``prefecture``). Counties of the grouped roster are known before their hand-over starts, so a
register can be printed as soon as the roster is grouped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from types import SimpleNamespace
from typing import Any

from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.util.task import TaskState
from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.procedures import county_handover
from engine.workflow.models import WorkItem

from .chinese_dates import as_date
from .people import CountyPeople

#: the parts of a case a document can be about: each is a key of the case data holding a dict with
#: a ``code`` (and the query parameter that picks one: ``?county=410105``); a community
#: organisation's code is the county it goes to
SCOPES = ("county", "prefecture", "community_org")
SEEN = TaskState.COMPLETED | TaskState.READY | TaskState.WAITING
FEE_PAYER_TASK = county_handover.FEE_PAYER


@dataclass
class Scoped:
    """The merged data of one county or prefecture (or of the whole case: scope ``None``)."""

    scope: str | None
    code: str | None
    data: dict[str, Any]
    #: task spec → guid of its latest completed run in this scope (or the case's, for case steps)
    completed: dict[str, str] = field(default_factory=dict)


@dataclass
class CaseSources:
    """A case's data merged per scope: the case's own steps, and each county and prefecture."""

    case: Scoped
    scoped: dict[tuple[str, str], Scoped]

    @classmethod
    def of(cls, workflow: BpmnWorkflow) -> CaseSources:
        case = Scoped(None, None, {})
        scoped: dict[tuple[str, str], Scoped] = {}
        for task in sorted(workflow.get_tasks(state=SEEN), key=lambda t: t.last_state_change):
            target = _target(task.data, case, scoped)
            target.data.update(task.data)
            if task.state == TaskState.COMPLETED:
                target.completed[task.task_spec.name] = str(task.id)
        _seed_from_roster(case, scoped)
        payer = _decide_fee_payer(workflow, case.data.get("enterprise"))
        for item in scoped.values():
            item.completed = {**case.completed, **item.completed}
            if payer:
                item.data.setdefault("fee_payer", payer)
        return cls(case, scoped)

    def get(self, scope: str, code: str) -> Scoped | None:
        return self.scoped.get((scope, code))

    def all(self, scope: str) -> list[Scoped]:
        return [item for (name, _), item in sorted(self.scoped.items()) if name == scope]


def scope_of(data: dict[str, Any]) -> tuple[str, str] | None:
    """(``county``, code) or (``prefecture``, code) when the data belongs to one, else None."""
    for scope in SCOPES:
        value = data.get(scope)
        if isinstance(value, dict) and isinstance(value.get("code"), str):
            return scope, value["code"]
    return None


def _target(data: dict[str, Any], case: Scoped, scoped: dict[tuple[str, str], Scoped]) -> Scoped:
    key = scope_of(data)
    if key is None:
        return case
    if key not in scoped:
        scoped[key] = Scoped(key[0], key[1], {})
    return scoped[key]


def _seed_from_roster(case: Scoped, scoped: dict[tuple[str, str], Scoped]) -> None:
    """Counties and prefectures of the grouped roster, with the case data they start from."""
    shared = {k: v for k, v in case.data.items() if k not in SCOPES}
    for scope, listed in (("county", "counties"), ("prefecture", "prefectures")):
        for item in case.data.get(listed) or []:
            key = (scope, item["code"])
            own = scoped.get(key) or Scoped(scope, item["code"], {})
            own.data = {**shared, scope: item, **own.data}
            scoped[key] = own


def _decide_fee_payer(workflow: BpmnWorkflow, enterprise: Any) -> str | None:
    """Who pays the fee, by the case's own ``fee_payer`` decision table, before the county
    hand-over reaches it (the agreement states it when it is signed)."""
    if not isinstance(enterprise, dict):
        return None
    specs = [workflow.spec, *workflow.subprocess_specs.values()]
    for spec in specs:
        task_spec = spec.task_specs.get(FEE_PAYER_TASK)
        engine = getattr(task_spec, "dmnEngine", None)
        if engine is not None:
            probe = SimpleNamespace(data={"enterprise": enterprise}, workflow=workflow)
            try:
                return engine.result(probe).get("fee_payer")
            except Exception:  # an enterprise the table cannot decide: the agreement says less
                return None
    return None


@dataclass(frozen=True)
class Inputs:
    """What a document kind is built from: one scope's data, organisation names, step dates, and
    (for a county) its people in the registry."""

    data: dict[str, Any]
    names: dict[str, str] = field(default_factory=dict)
    #: task spec → the Beijing date its latest run in this scope was completed
    completed_on: dict[str, date] = field(default_factory=dict)
    people: CountyPeople | None = None

    def county_people(self) -> CountyPeople:
        """The county's people in the registry; a county's lists cannot be made without them."""
        if self.people is None:
            raise LookupError(f"no registry people given for {self.data['county']['name']}")
        return self.people

    def form(self, task_id: str) -> dict[str, Any]:
        """The form submitted on ``task_id`` (``{}`` before it is)."""
        value = self.data.get(task_id)
        return value if isinstance(value, dict) else {}

    def name(self, organisation_id: str | None, fallback: str) -> str:
        """An organisation's name from the directory, ``fallback`` if it has none."""
        return self.names.get(organisation_id or "", "") or fallback

    @property
    def enterprise(self) -> str:
        return (self.data.get("enterprise") or {}).get("name", "")

    def county_organisation(self, role: str, suffix: str) -> str:
        """The county's organisation in ``role`` by name (郑州市金水区人民政府 when unnamed)."""
        county = self.data["county"]
        return self.name((county.get("parties") or {}).get(role), f"{county['name']}{suffix}")


def completion_dates(session: Session, instance_id: int) -> dict[str, date]:
    """Task guid → the Beijing date its work item was completed, for one case."""
    rows = session.execute(
        select(WorkItem.task_guid, WorkItem.completed_at).where(
            WorkItem.instance_id == instance_id, WorkItem.state == "completed"
        )
    )
    return {guid: as_date(at) for guid, at in rows if isinstance(at, datetime)}
