"""Engine objects as the API's JSON: ISO 8601 dates, organisation ids, no database internals."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from flask import url_for

import forms
from engine.directory.audit import AuditEvent
from engine.workflow.case_view import CaseView, TaskView
from engine.workflow.deploying import Deployment
from engine.workflow.documents import Document
from engine.workflow.models import ProcessDefinition, ProcessInstance, WorkItem

from ..auth.accounts import SignedIn


def iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def plain(value: Any) -> Any:
    """Case data as JSON: dates in ISO 8601, decimals as numbers (SpiffWorkflow keeps both)."""
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [plain(item) for item in value]
    if isinstance(value, date):  # datetime too
        return value.isoformat()
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def user(signed_in: SignedIn) -> dict[str, Any]:
    return {
        "username": signed_in.username,
        "name": signed_in.name,
        "organisation_id": signed_in.organisation_id,
        "organisation_name": signed_in.organisation_name,
        "organisation_kind": signed_in.organisation_kind,
        "roles": sorted(signed_in.roles),
    }


def process(definition: ProcessDefinition, startable: bool) -> dict[str, Any]:
    return {
        "key": definition.key,
        "name": definition.name,
        "version": definition.version,
        "lanes": list(definition.lanes),
        "executable": definition.executable,
        "deployed_at": iso(definition.deployed_at),
        "startable": startable,
    }


def deployment(done: Deployment) -> dict[str, Any]:
    return {"key": done.key, "version": done.version, "changed": done.changed}


def instance(case: ProcessInstance, definition: ProcessDefinition) -> dict[str, Any]:
    """What starting a case answers, and the head of a case's detail."""
    return {
        "id": case.id,
        "process": case.process_key,
        "process_name": definition.name,
        "version": definition.version,
        "status": case.status,
        "title": case.title,
        "parties": dict(case.parties),
        "started_at": iso(case.started_at),
        "started_by": case.started_by,
        "completed_at": iso(case.completed_at),
    }


def case_detail(view: CaseView, now: datetime) -> dict[str, Any]:
    return {
        **instance(view.case, view.definition),
        "error": view.case.error,
        "completed_tasks": [task(item, now) for item in view.done_items],
        "active_tasks": [task(item, now) for item in view.open_items],
        "history": [event(e) for e in view.events],
        "documents": [document(d) for d in view.documents],
        "waiting_for": [{"message": name, "lane": lane} for name, lane in view.waiting_for],
    }


def task(item: WorkItem, now: datetime) -> dict[str, Any]:
    """A work item as inboxes and case details list it."""
    return {
        "id": item.id,
        "spec_id": item.spec_id,
        "name": item.name,
        "process": item.process_key,
        # the task's own procedure (a called process's, 县（市、区）具体移交) and whom it concerns
        "procedure": {"key": item.task_process or item.process_key, "name": item.task_process_name},
        "subject": {"name": item.subject, "division_code": item.subject_code},
        "case": {"id": item.instance_id, "title": item.title},
        "lane": item.lane,
        "owner_org": item.owner_org,
        "user_role": item.user_role,
        "milestone": item.milestone,
        "state": item.state,
        "claimed_by": item.claimed_by,
        "created_at": iso(item.created_at),
        "due_at": iso(item.due_at),
        "overdue": item.overdue(now),
        "completed_at": iso(item.completed_at),
        "completed_by": item.completed_by,
    }


def task_detail(view: TaskView, now: datetime, task_form: forms.Form | None) -> dict[str, Any]:
    """A task with what its holder needs to do it: instructions, form, the case data."""
    return {
        **task(view.item, now),
        "case": {"id": view.case.id, "title": view.case.title, "process_name": view.process_name},
        "instructions": view.instructions,
        "may_act": view.may_act,
        "form": form(view.item.form_key, task_form),
        "data": plain(view.data),
    }


def form(key: str | None, loaded: forms.Form | None) -> dict[str, Any] | None:
    if key is None:
        return None
    if loaded is None:
        return {"key": key, "title": key, "schema": None}
    return {"key": loaded.key, "title": loaded.title, "schema": loaded.schema}


def event(audit: AuditEvent) -> dict[str, Any]:
    return {
        "at": iso(audit.at),
        "actor": audit.actor,
        "organisation_id": audit.organisation_id,
        "action": audit.action,
        "task_id": audit.work_item_id,
        "data_hash": audit.data_hash,
        "detail": plain(audit.detail or {}),
    }


def document(found: Document) -> dict[str, Any]:
    return {
        "id": found.id,
        "kind": found.kind,
        "title": found.title,
        "url": url_for("api.document", document_id=found.id),
        "filename": found.filename,
        "content_type": found.content_type,
        "size": found.size,
        "sha256": found.sha256,
        "task_id": found.work_item_id,
        "uploaded_at": iso(found.uploaded_at),
        "uploaded_by": found.uploaded_by,
    }
