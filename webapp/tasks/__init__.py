"""A task's page (办理): instructions, case summary, its form; claim, release, save, complete."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from engine import InvalidTaskData, procedures
from engine.directory import access
from engine.directory.organisations import organisation_names
from engine.registry import status as registry_status
from engine.workflow import branches
from engine.workflow.deadlines import CHINA_TZ

from .. import documents, form_data
from ..case_forms import task_form
from ..comments import thread as comment_thread
from ..context import db_session, engine, reading
from . import drafts, people, people_pages, review, uploads
from .summary import case_summary

bp = Blueprint("tasks", __name__)




def _render(session, item_id: int, *, values=None, errors=None, status: int = 200):
    actor = current_user.actor
    view = people.masked_view(session, engine().task_view(session, item_id, actor), actor)
    form = task_form(session, view.item)
    if values is None:
        values = drafts.load(session, view.item.id, current_user.id) or review.initial_values(
            form,
            view, current_user.name, engine().clock.now().astimezone(CHINA_TZ).date()
        )
    return render_template(
        "tasks/task.html",
        view=view,
        form=form,
        values=values,
        errors=errors or {},
        review=review.review_of(session, view, values, _pdf_url(view)),
        **(_given(session, view) if view.item.state == "completed" else {}),
        summary=case_summary(session, view),
        documents=uploads.of_task(session, view.item.id),
        registered_count=_registered_count(session, view),
        listing=people.listing(session, view, actor, request.args),
        thread=comment_thread.readable_thread(session, engine(), actor, view.item.instance_id, view.item.id),
    ), status


people_pages.register(bp, lambda session, item_id, **kw: _render(session, item_id, **kw))


def _pdf_url(view):
    return lambda offer: documents.page_links([offer], view.item.instance_id)[0]["url"]


def _given(session, view) -> dict:
    """A done task's answer and the open tasks its branch of the case went on to, with holders."""
    workflow = engine().workflow(session, view.item.instance_id)
    following = branches.following(
        workflow, view.item, engine().work_items(session, view.item.instance_id, state="open")
    )
    return {
        "given": review.answer(session, view, view.data_key),
        "following": following,
        "names": organisation_names(session, {i.owner_org for i in following}),
    }


def _takes_registered_roster(view) -> bool:
    """Whether the task registers the enterprise's registry as the programme's roster (登记造册)."""
    return procedures.step(view.process_id, view.item.spec_id).registered_roster


def _registered_count(session, view) -> int | None:
    """How many registered people 登记造册 would take, shown to the enterprise holding the task."""
    if not _takes_registered_roster(view) or not view.may_act:
        return None
    return registry_status.registered_count(session, view.item.owner_org)


@bp.get("/tasks/<int:item_id>")
@login_required
def show(item_id: int):
    with reading() as session:
        return _render(session, item_id)


@bp.post("/tasks/<int:item_id>/claim")
@login_required
def claim(item_id: int):
    session = db_session()
    with session.begin():
        access.visible_item(session, item_id, current_user.actor)  # outsiders: 404, as in the API
        engine().claim(session, item_id, current_user.actor)
    flash(_("Task claimed."))
    return redirect(url_for("tasks.show", item_id=item_id))


@bp.post("/tasks/<int:item_id>/unclaim")
@login_required
def unclaim(item_id: int):
    session = db_session()
    with session.begin():
        access.visible_item(session, item_id, current_user.actor)
        engine().unclaim(session, item_id, current_user.actor)
    flash(_("Task released to your organisation."))
    return redirect(url_for("inbox.index"))


@bp.post("/tasks/<int:item_id>/complete")
@login_required
def complete(item_id: int):
    session = db_session()
    with session.begin():
        item = engine().task_view(session, item_id, current_user.actor).item
        form = task_form(session, item)
    data = form_data.parse(form.fields, request.form, decision=form.decision) if form else {}
    try:
        with session.begin():
            engine().complete(session, item_id, current_user.actor, data)
            drafts.discard(session, item_id, current_user.id)
    except InvalidTaskData as refused:
        with session.begin():
            return _render(session, item_id, values=data, errors=refused.errors, status=422)
    documents.after_task(item_id, current_user.actor.user_id)
    flash(_("Task completed."))
    return redirect(url_for("tasks.done", item_id=item_id))


@bp.post("/tasks/<int:item_id>/draft")
@login_required
def save_draft(item_id: int):
    session = db_session()
    with session.begin():
        view = engine().task_view(session, item_id, current_user.actor)
        drafts.save(
            session,
            view,
            current_user.actor,
            current_user.id,
            form_data.parse(task_form(session, view.item).fields, request.form),
            engine().clock.now(),
        )
    flash(_("Draft saved."))
    return redirect(url_for("tasks.show", item_id=item_id))


@bp.get("/tasks/<int:item_id>/done")
@login_required
def done(item_id: int):
    """The answer given and where this task's branch of the case went: the open tasks that follow
    it (not other counties') and who holds them now."""
    with reading() as session:
        view = people.masked_view(
            session, engine().task_view(session, item_id, current_user.actor), current_user.actor
        )
        return render_template("tasks/done.html", view=view, **_given(session, view))


@bp.post("/tasks/<int:item_id>/documents")
@login_required
def upload(item_id: int):
    session = db_session()
    with session.begin():
        view = engine().task_view(session, item_id, current_user.actor)
        problem = uploads.store(
            session,
            view,
            current_user.actor,
            request.files.get("file"),
            request.form.get("note"),
            engine().clock.now(),
        )
    flash(problem or _("File uploaded."))
    return redirect(url_for("tasks.show", item_id=item_id))
