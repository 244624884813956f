"""The forms a case shows: those its version was deployed with (a designer's later change of a
form reaches new cases, not running ones); a version deployed before forms were versioned shows
the application's forms."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

import forms
from engine.workflow import definitions
from engine.workflow.models import ProcessDefinition, ProcessInstance, WorkItem


def version_form(session: Session, definition: ProcessDefinition | None, key: str) -> forms.Form:
    """Form ``key`` as ``definition`` keeps it; raises ``forms.UnknownForm`` where there is none."""
    text = definitions.version_form(session, definition, key) if definition is not None else None
    return forms.from_text(key, text) if text is not None else forms.load(key)


def case_form(session: Session, definition_id: int, key: str) -> forms.Form:
    """Form ``key`` as the version with id ``definition_id`` keeps it."""
    return version_form(session, session.get(ProcessDefinition, definition_id), key)


def task_form(session: Session, item: WorkItem) -> forms.Form | None:
    """The form of a work item's task, as its case's version keeps it (None: the task has none)."""
    if not item.form_key:
        return None
    definition_id = session.scalar(
        select(ProcessInstance.definition_id).where(ProcessInstance.id == item.instance_id)
    )
    return case_form(session, definition_id, item.form_key)
