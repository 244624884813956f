"""The official documents of a case: which it offers to whom, one fetched (made first if its
data changed), and those a completed task produces. Pages and the API both come here.

Access: the case must be visible to the caller (``engine.access``: "not found" otherwise); a
county's or prefecture's documents are further limited to the case's own parties, overseers,
and the organisations of that county or prefecture — one county does not read another's
register of names and ID numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from sqlalchemy.orm import Session

from engine import Actor, Engine, InvalidTaskData, NotFound, procedures
from engine.directory import access
from engine.directory.organisations import organisation_names
from engine.registry.handover import CountyScope
from engine.workflow import routing
from engine.workflow.documents import Document
from engine.workflow.models import ProcessInstance, WorkItem

from . import kinds, store
from .people import CountyPeople
from .sources import CaseSources, Inputs, Scoped, completion_dates, scope_of

#: what the query parameter of each scope names, for the refusal when it is missing
SCOPE_WORDS = {
    "county": "接收县（市、区）",
    "prefecture": "省辖市或省直管县（市）",
    "community_org": "社区管理组织接收县（市、区）",
}


@dataclass(frozen=True)
class Offer:
    """A document a case can print now: its kind and the place it is about."""

    kind: kinds.Kind
    code: str | None
    title: str

    @property
    def query(self) -> dict[str, str]:
        """The query parameters that pick this document (``{"county": "410105"}``)."""
        return {self.kind.scope: self.code} if self.kind.scope and self.code else {}


def offers(session: Session, engine: Engine, instance_id: int, actor: Actor) -> list[Offer]:
    """The documents of a case the actor may read, in hand-over order."""
    case = access.visible_case(session, instance_id, actor)
    sources = CaseSources.of(engine.workflow(session, instance_id))
    return [
        Offer(kind, scoped.code, kind.title_for(scoped))
        for kind in kinds.CASE_KINDS
        for scoped in sources.all(kind.scope)
        if kind.offered(scoped) and may_read(session, actor, case, scoped, kind)
    ]


def offers_in_task(data: dict[str, Any]) -> list[Offer]:
    """The documents of the county or prefecture a task belongs to, from the task's data (its
    page links them; the download checks who may read them)."""
    key = scope_of(data)
    if key is None:
        return []
    scoped = Scoped(*key, data)
    return [
        Offer(kind, scoped.code, kind.title_for(scoped))
        for kind in kinds.CASE_KINDS
        if kind.scope == scoped.scope and kind.offered(scoped)
    ]


def wanted(
    session: Session, engine: Engine, actor: Actor, instance_id: int, kind_code: str, args
) -> store.Request:
    """What one document of a case is made from now; ``NotFound`` for a caller who may not read it."""
    case = access.visible_case(session, instance_id, actor)
    kind = kinds.get(kind_code)
    if kind.scope is None:
        raise NotFound(f"{kind_code} is not a document of a case")
    code = args.get(kind.scope)
    if not code:
        raise InvalidTaskData({kind.scope: [f"请指定{SCOPE_WORDS[kind.scope]}的行政区划代码"]})
    scoped = CaseSources.of(engine.workflow(session, instance_id)).get(kind.scope, code)
    if scoped is None or not kind.offered(scoped) or not may_read(session, actor, case, scoped, kind):
        raise NotFound(f"case {instance_id} has no {kind_code} for {kind.scope} {code}")
    return request(session, instance_id, kind, scoped)


def stored(session: Session, engine: Engine, actor: Actor, document_id: int) -> Document:
    """A stored document by its id, under the same rule as a download by kind and place: a
    county's list of people is no more readable through ``/documents/<id>`` than by its name."""
    document = access.visible_document(session, document_id, actor)
    kind = kinds.KINDS.get(document.kind)
    if kind is None or kind.scope is None:
        return document  # an upload, or a document of the whole case: the case's readers
    case = session.get(ProcessInstance, document.instance_id)
    code = kind.code_of(document.filename)
    scoped = CaseSources.of(engine.workflow(session, case.id)).get(kind.scope, code) if code else None
    if scoped is None or not may_read(session, actor, case, scoped, kind):
        raise NotFound(f"document {document_id} does not exist")
    return document


def produced_by(session: Session, engine: Engine, item_id: int) -> list[store.Request]:
    """What the documents a just-completed task produces are made from."""
    item = session.get(WorkItem, item_id)
    if item is None or not procedures.makes_documents(item.spec_id):
        return []  # most tasks make none: spare loading the case
    workflow = engine.workflow(session, item.instance_id)
    task = workflow.get_task_from_id(UUID(item.task_guid))
    produced = kinds.made_by(routing.process_of(task), item.spec_id)
    key = scope_of(task.data)
    scoped = CaseSources.of(workflow).get(*key) if key else None
    if scoped is None:
        return []
    return [
        request(session, item.instance_id, kind, scoped)
        for kind in produced
        if kind.scope == scoped.scope and kind.offered(scoped)
    ]


def request(session: Session, instance_id: int, kind: kinds.Kind, scoped: Scoped) -> store.Request:
    """What to render: the kind's context built from ``inputs``."""
    context = kind.build(inputs(session, instance_id, scoped))
    return store.Request(instance_id, kind, scoped.code, kind.title_for(scoped), context)


def inputs(session: Session, instance_id: int, scoped: Scoped) -> Inputs:
    """What a document of one scope of a case is made from: the scope's data, the names of the
    organisations it names, the dates of its steps, and a county's people in the registry."""
    names = organisation_names(session, _organisations(scoped.data))
    dates = completion_dates(session, instance_id)
    completed = {spec: dates[guid] for spec, guid in scoped.completed.items() if guid in dates}
    return Inputs(scoped.data, names, completed, _county_people(session, instance_id, scoped))


def may_read(
    session: Session, actor: Actor, case: ProcessInstance, scoped: Scoped, kind: kinds.Kind | None = None
) -> bool:
    """Who reads a document of a scope: its parties, its readers and overseers — and, for a list
    of people with their full ID numbers and phones, only the enterprise and the county roles
    the kind names (everyone else reads them masked in the registry)."""
    if kind is not None and kind.people_readers is not None:
        county = (scoped.data.get("county") or {}).get("parties") or {}
        allowed = {case.parties.get("enterprise"), *(county.get(role) for role in kind.people_readers)}
        return actor.organisation_id in allowed - {None}
    return (
        _oversees(session, actor, scoped)
        or actor.organisation_id in case.parties.values()
        or actor.organisation_id in kinds.readers(scoped)
    )


def _county_people(session: Session, instance_id: int, scoped: Scoped) -> CountyPeople | None:
    if scoped.scope != "county" or scoped.code is None:
        return None
    return CountyPeople(session, CountyScope(instance_id, scoped.code))


def _oversees(session: Session, actor: Actor, scoped: Scoped) -> bool:
    """Administrators and provincial supervisors read every scope; a municipal office the
    scopes of its prefecture."""
    scope = access.oversight(session, actor)
    if scope is None or scope.prefecture is None:
        return scope is not None
    place = scoped.data.get(scoped.scope) or {}
    prefecture = place.get("code") if scoped.scope == "prefecture" else place.get("prefecture_code")
    return prefecture == scope.prefecture


def _organisations(data: dict[str, Any]) -> set[str]:
    """Every organisation a document of this scope may name."""
    found = set((data.get("county") or {}).get("parties", {}).values())
    found.update((data.get("community_org") or {}).get("parties", {}).values())
    found.add((data.get("prefecture") or {}).get("government"))
    found.update(p.get("government") for p in data.get("prefectures") or [])
    found.update((c.get("parties") or {}).get("receiving_government") for c in data.get("counties") or [])
    return {o for o in found if o}
