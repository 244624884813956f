"""The holder's changes to a task's people list from its page: assign people to communities
(chosen, everyone the filter finds, or an uploaded table) and fill the archive transfer list
(rows of the page, every blank row at once, or an uploaded list). Each answers with the task page
again: a refusal says what is wrong, where, and changes nothing."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from engine import InvalidTaskData
from engine.registry import allocation, archives

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
                listed = people.held(session, item_id, current_user.actor, "allocation")
                now = engine().clock.now()
                if request.form.get("action") == "upload":
                    assigned = people.uploaded_allocation(session, listed, request.files.get("file"), now)
                elif request.form.get("action") == "filtered":
                    found = allocation.assign(
                        session, listed, request.form.get("to_community", ""), now,
                        filters=people.filters_from(request.form),
                    )  # fmt: skip
                    assigned = found.assigned
                else:
                    chosen = [int(v) for v in request.form.getlist("retiree") if v.isdigit()]
                    found = allocation.assign(
                        session, listed, request.form.get("to_community", ""), now, retiree_ids=chosen
                    )
                    assigned = found.assigned
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
