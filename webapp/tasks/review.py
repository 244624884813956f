"""What a task page shows its holder to review (审核对象): the draft being signed, the earlier
answers the step depends on (as declared in ``engine/procedures``), why the task came back, and
the named objects some steps review (the overdue cases, the staff's pay); and the answers a done
task gave. Answers are shown with their forms' titles, never as raw case data."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

import forms
from engine import procedures
from engine.directory.organisations import organisation_names
from engine.policy.rules import RuleError, pay_difference
from engine.procedures import Mismatch, Returned
from engine.workflow.case_view import TaskView

from ..case_forms import case_form
from ..documents import case_documents
from .summary import dig


@dataclass
class Answer:
    """An answer given on a form, shown read-only: the form, what was answered, the names of the
    organisations it chose."""

    key: str
    form: forms.Form
    values: dict[str, Any]
    names: dict[str, str] = field(default_factory=dict)


@dataclass
class Agreement:
    """The agreement draft a signing step reviews, with its PDF."""

    title: str
    draft: Answer
    pdf_url: str | None


@dataclass
class Review:
    agreement: Agreement | None = None
    answers: list[Answer] = field(default_factory=list)
    #: the answers that sent the task back (the reviewer's reasons, the people named)
    returned: list[Answer] = field(default_factory=list)
    #: the checks that sent it back ("各期金额合计与年度管理费用不符：…")
    failed_checks: list[str] = field(default_factory=list)
    overdue: list[dict[str, Any]] = field(default_factory=list)
    staff_pay: list[dict[str, Any]] = field(default_factory=list)


def _procedure_of(view: TaskView) -> procedures.Procedure | None:
    """The procedure declaring the task: its own process's, else (a task of an embedded
    subprocess, such as a milestone's check) the case's."""
    return procedures.procedure(view.process_id) or procedures.procedure(view.item.process_key)


def step_of(view: TaskView) -> procedures.Step:
    declared = _procedure_of(view)
    return declared.step(view.item.spec_id) if declared else procedures.Step()


def answer(session: Session, view: TaskView, key: str) -> Answer | None:
    """The answer under ``key`` of the task's case data, on its form (None where there is none)."""
    values, form_key = view.data.get(key), view.answer_forms.get(key)
    if not isinstance(values, dict) or not form_key:
        return None
    form = case_form(session, view.case.definition_id, form_key)
    chosen = [values.get(f.name) for f in form.fields if f.widget == "organisation"]
    return Answer(key, form, values, organisation_names(session, chosen))


def review_of(session: Session, view: TaskView, values: dict[str, Any], pdf_url) -> Review:
    """Everything the task reviews; ``pdf_url(offer)`` links a document offer."""
    step = step_of(view)
    review = Review(agreement=_agreement(session, view, pdf_url))
    if view.item.state == "open":
        _why_returned(session, view, step, review)
    shown_elsewhere = {a.key for a in review.returned}
    if review.agreement:
        shown_elsewhere.add(review.agreement.draft.key)
    review.answers = [
        found
        for key in step.shows
        if key not in shown_elsewhere and (found := answer(session, view, key)) is not None
    ]
    if step.reviews == "overdue_cases":
        review.overdue = overdue_rows(session, view.data.get("overdue") or [])
    elif step.reviews == "staff_pay":
        review.staff_pay = staff_pay_rows(review.answers, values.get("local_monthly_salary"))
    return review


def _agreement(session: Session, view: TaskView, pdf_url) -> Agreement | None:
    declared = _procedure_of(view)
    for kind, agreement in declared.agreements.items() if declared else ():
        if agreement.signed_at != view.item.spec_id:
            continue
        draft = answer(session, view, agreement.drafted_at)
        if draft is None:
            return None
        offers = [o for o in case_documents.offers_in_task(view.data) if o.kind.code == kind]
        title = offers[0].title if offers else draft.form.title
        return Agreement(title, draft, pdf_url(offers[0]) if offers else None)
    return None


def _why_returned(session: Session, view: TaskView, step, review: Review) -> None:
    for why in step.returned_by:
        if not why.applies(view.data):
            continue
        if isinstance(why, Returned) and (found := answer(session, view, why.by)) is not None:
            review.returned.append(found)
        elif isinstance(why, Mismatch):
            review.failed_checks.append(why.message(view.data))


def overdue_rows(session: Session, cases: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """督办: one row per overdue task of each overdue case, its holder by name."""
    names = organisation_names(session, [t.get("owner_org") for c in cases for t in c.get("tasks", [])])
    return [
        {
            "instance_id": case.get("instance_id"),
            "title": case.get("title"),
            "task": task.get("name"),
            "holder": names.get(task.get("owner_org"), task.get("owner_org") or ""),
            "due_on": _day(task.get("due_at")),
        }
        for case in cases
        for task in case.get("tasks", [])
    ]


def _day(moment: Any) -> str:
    return str(moment)[:10] if moment else ""


def staff_pay_rows(answers: list[Answer], local: Any) -> list[dict[str, Any]]:
    """The staff handed over, with their pay before and the difference the enterprise pays at the
    local pay typed so far (五(四)3)."""
    staff = next((a.values.get("staff") for a in answers if isinstance(a.values.get("staff"), list)), [])
    rows = []
    for member in staff:
        previous = member.get("previous_monthly_salary")
        try:
            difference = pay_difference(previous, local) if isinstance(local, int | float) else None
        except RuleError:
            difference = None
        shown = None if difference is None else int(difference) if difference.is_integer() else difference
        rows.append({**member, "local": local if difference is not None else None, "difference": shown})
    return rows


def initial_values(form: forms.Form | None, view: TaskView, signer: str, today: date) -> dict[str, Any]:
    """A form's first values: the task's own earlier answer when it came back, else what the
    case already knows (its declared counts) and, on a draft, the signer's name and today. A
    review met again (a redrafted agreement) starts afresh: its last answer was the return."""
    step = step_of(view)
    earlier = view.data.get(view.data_key)
    if isinstance(earlier, dict) and any(why.applies(view.data) for why in step.returned_by):
        return dict(earlier)
    values = {name: dig(view.data, path) for name, path in step.prefill.items()}
    values = {name: found for name, found in values.items() if found is not None}
    # a review's signature is typed by whoever agrees: prefilled, a return would carry it too
    names = {f.name for f in form.fields} if form and not form.decision else set()
    if "signed_by" in names:
        values["signed_by"] = signer
    if "signed_on" in names:
        values["signed_on"] = today.isoformat()
    return values
