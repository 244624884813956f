"""走访慰问对象 — who is visited (seed 四(四)(九): 特困、高龄、鳏寡、重病、残疾) and why, by the decision
table designers edit (processes/visit_plan.dmn, decision ``visit_plan``), evaluated with
SpiffWorkflow's DMN engine: each row a reason, with the age from which it applies (高龄 80) or none
(the reason must be among the person's special situations). A person typed 高龄 counts whatever
their age. The festival campaign's diagram runs the same table (``decide_visit_plan``)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from types import SimpleNamespace

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from engine.registry.retirees import Retiree
from engine.workflow.definitions import latest_definition, version_texts
from engine.workflow.models import ProcessDefinition
from engine.workflow.scripting import RestrictedScriptEngine
from engine.workflow.validation import parse_sources

DECISION = "visit_plan"
#: the procedure whose deployed bundle carries the table
PROCESS = "festival_visits"
#: the table as the application ships it (used until a festival campaign is deployed)
SHIPPED = Path(__file__).parents[3] / "processes" / "visit_plan.dmn"


@dataclass(frozen=True)
class Criterion:
    """One row of the table: a reason, and the age from which it applies by itself."""

    reason: str
    minimum_age: int | None = None


def age_on(birth: date, day: date) -> int:
    """Full years of age on ``day``."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def reasons_of(birth: date, statuses: Iterable[str], day: date, criteria: Sequence[Criterion]) -> list[str]:
    """Why a person is visited (in the table's order); empty when they are not."""
    typed = set(statuses or ())
    found = []
    for criterion in criteria:
        old_enough = criterion.minimum_age is not None and age_on(birth, day) >= criterion.minimum_age
        if (criterion.reason in typed or old_enough) and criterion.reason not in found:
            found.append(criterion.reason)
    return found


def criteria_from(results: dict) -> list[Criterion]:
    """The rows the table gave (its COLLECT result, or the same lists in a case's data)."""
    reasons = results.get("visit_reason") or []
    ages = results.get("visit_minimum_age") or [None] * len(reasons)
    return [Criterion(str(r), int(a) if a is not None else None) for r, a in zip(reasons, ages, strict=False)]


_engines: dict[str, object] = {}  # by the table's text digest: a deployed text never changes


def decide(dmn_text: str, festival: str = "") -> list[Criterion]:
    """Run the decision table (its text) for a festival with SpiffWorkflow's DMN engine."""
    digest = hashlib.sha256(dmn_text.encode("utf-8")).hexdigest()
    if digest not in _engines:
        parsed = parse_sources({"visit_plan.dmn": dmn_text.encode("utf-8")})
        _engines[digest] = parsed.parser.get_engine(DECISION, None)
    script_engine = RestrictedScriptEngine()
    task = SimpleNamespace(data={"festival": festival}, workflow=SimpleNamespace(script_engine=script_engine))
    return criteria_from(_engines[digest].result(task))


def table_text(session: Session, definition: ProcessDefinition | None = None) -> str:
    """The table of a deployed version (the newest festival campaign's by default), or the shipped one."""
    definition = definition or latest_definition(session, PROCESS, required=False)
    if definition is not None:
        for name, text in version_texts(session, definition).items():
            if name.endswith(".dmn") and f'id="{DECISION}"' in text:
                return text
    return SHIPPED.read_text(encoding="utf-8")


def criteria(
    session: Session, festival: str = "", definition: ProcessDefinition | None = None
) -> list[Criterion]:
    """The table's rows for a festival ("" for the standing plan)."""
    return decide(table_text(session, definition), festival)


@dataclass(frozen=True)
class Planned:
    """A person of the plan: registry id, community and why they are visited."""

    retiree_id: int
    community_org: str
    reasons: list[str]


def plan(
    session: Session, where: Sequence[ColumnElement[bool]], day: date, criteria: Sequence[Criterion]
) -> list[Planned]:
    """The people matching ``where`` (living people of a community or county) who are visited, with
    their reasons, by address."""
    rows = session.execute(
        select(Retiree.id, Retiree.community_org, Retiree.birth_date, Retiree.special_status)
        .where(*where)
        .order_by(Retiree.address, Retiree.id)
    ).all()
    found = []
    for retiree_id, community, birth, statuses in rows:
        reasons = reasons_of(birth, statuses or (), day, criteria)
        if reasons:
            found.append(Planned(retiree_id, community, reasons))
    return found
