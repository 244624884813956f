"""The holder's changes to a task's people list from its page: assign people to communities
(chosen, everyone the filter finds, or an uploaded table) and fill the archive transfer list
(rows of the page, every blank row at once, or an uploaded list); and, for anyone who serves a
listed person, their hukou move (户籍迁移). Each answers with the task page again: a refusal says
what is wrong, where, and changes nothing."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from engine import InvalidTaskData
from engine.registry import allocation, archives, hukou_moves, interim
from engine.registry.access import viewer_of

from ..context import db_session, engine
from . import people

#: the filter of the list the holder was looking at (kept on the way back to the page)
KEPT = (*people.FILTER_KEYS, "page")


def register(bp: Blueprint, render) -> None:
    """Add the routes to the tasks blueprint; ``render(session, item_id, errors=…, status=…)``
    shows the task page again."""

    @bp.post("/tasks/<int:item_id>/allocation")
    @login_required
    def allocate(item_id: int):
        session = db_session()
        try:
            with session.begin():
                listed = people.held(session, item_id, current_user.actor, *people.PLACING)
                assigned = _placed(session, listed, engine().clock.now())
        except InvalidTaskData as refused:
            with session.begin():
                return render(session, item_id, errors=refused.errors, status=422)
        flash(_("%(count)s people assigned.", count=assigned))
        return _back(item_id)

    @bp.post("/tasks/<int:item_id>/archives")
    @login_required
    def archive_rows(item_id: int):
        session = db_session()
        try:
            with session.begin():
                listed = people.held(session, item_id, current_user.actor, "archive_list")
                now = engine().clock.now()
                action = request.form.get("action")
                if action == "upload":
                    stored = people.uploaded_archive_list(session, listed, request.files.get("file"), now)
                elif action == "fill_blank":
                    volumes, items = _whole(request.form.get("volumes")), _whole(request.form.get("items"))
                    stored = archives.fill_blank(session, listed.scope, volumes, items, now)
                else:
                    stored = archives.fill_rows(session, listed.scope, _page_rows(request.form), now)
        except InvalidTaskData as refused:
            with session.begin():
                return render(session, item_id, errors=refused.errors, status=422)
        flash(_("%(count)s archive rows saved.", count=stored))
        return _back(item_id)

    _register_hukou_move(bp, render)


def _register_hukou_move(bp: Blueprint, render) -> None:
    @bp.post("/tasks/<int:item_id>/hukou_move")
    @login_required
    def hukou_move(item_id: int):
        """户籍迁移 of one person on the task's list, recorded by whoever serves them (the record
        is the registry's, not the task's: no claim needed)."""
        session = db_session()
        try:
            with session.begin():
                actor = current_user.actor
                person = people.listed_person(session, item_id, actor, request.form.get("retiree"))
                name = person.name
                viewer = viewer_of(session, actor)
                hukou_moves.record(session, actor, viewer, person, request.form, engine().clock.now())
        except InvalidTaskData as refused:
            messages = [f"{name}：{m}" for found in refused.errors.values() for m in found]
            with session.begin():
                return render(session, item_id, errors={"hukou_move": messages}, status=422)
        flash(_("Hukou move of %(name)s recorded.", name=name))
        return _back(item_id)


def _placed(session, listed, now) -> int:
    """The form's placement: ticked people, or everyone the filter finds, to a community or to an
    interim manager until a date (过渡期管理); or an uploaded table. How many were placed."""
    action = request.form.get("action") or "chosen"
    if action == "upload":
        return people.uploaded_allocation(session, listed, request.files.get("file"), now)
    if action.endswith("filtered"):
        picked: dict = {"filters": people.filters_from(request.form)}
    else:
        picked = {"retiree_ids": [int(v) for v in request.form.getlist("retiree") if v.isdigit()]}
    if action.startswith("interim"):
        manager, until = request.form.get("interim_manager", ""), request.form.get("interim_until", "")
        return interim.assign(session, listed, manager, until, now, **picked).assigned
    return allocation.assign(session, listed, request.form.get("to_community", ""), now, **picked).assigned


def _page_rows(form) -> list[dict]:
    """The rows of the page's table: ``volumes-<id number>`` etc. for each listed person."""
    rows = []
    for number in form.getlist("row"):
        row = {
            "id_number": number,
            "volumes": _whole(form.get(f"volumes-{number}")),
            "items": _whole(form.get(f"items-{number}")),
            "missing": (form.get(f"missing-{number}") or "").strip() or None,
        }
        if any(row[key] is not None for key in ("volumes", "items", "missing")):  # a blank row waits
            rows.append(row)
    return rows


def _whole(value: str | None):
    text = (value or "").strip()
    if not text:
        return None
    return int(text) if text.isdigit() else text


def _back(item_id: int):
    kept = {key: request.form.get(key) for key in KEPT if request.form.get(key)}
    return redirect(url_for("tasks.show", item_id=item_id, **kept) + "#people")
