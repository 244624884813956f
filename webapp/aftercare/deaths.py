"""死亡报告 — the pages of the death reports: the reports a reader may see, a community's report of
one of its people (then the case's first task, where the death certificate is uploaded), and the
social insurance agency's civil affairs death lists (民政死亡名单): upload, progress, the rows
explained."""

from __future__ import annotations

import logging

from flask import current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import sessionmaker

import forms
from engine import InvalidTaskData
from engine.aftercare.deaths import lists as death_list
from engine.aftercare.deaths import register as death_register
from engine.registry.rosters import RosterUnreadable
from engine.workflow.deadlines import CHINA_TZ
from engine.workflow.models import WorkItem
from engine.workflow.runtime import Engine

from ..cases.starting import start_from_form
from ..context import db_session, engine
from ..paging import page_number
from ..tasks import uploads
from .blueprint import bp, kinds_only

READERS = ("community", "receiving_government", "social_insurance_agency")
log = logging.getLogger("yijiao.deaths")


@bp.get("/deaths")
@kinds_only(*READERS, overseers=True)
def deaths():
    session = db_session()
    with session.begin():
        found = death_register.page_of(session, g.viewer, page_number(request.args))
        return render_template("aftercare/deaths.html", listing=found, kind=g.viewer.kind)


@bp.route("/deaths/new", methods=["GET", "POST"])
@kinds_only("community")
def report_death():
    q = (request.values.get("q") or "").strip()[:50]
    values = {key: request.form.get(key, "") for key in ("retiree_id", "died_on")}
    errors: dict[str, list[str]] = {}
    session = db_session()
    if request.method == "POST":
        answers = {"retiree_id": int(values["retiree_id"]) if values["retiree_id"].isdigit() else None,
                   "died_on": values["died_on"]}  # fmt: skip
        answers = {key: value for key, value in answers.items() if value not in (None, "")}
        errors = forms.validate("start_death_report", answers)
        if not errors:
            try:
                with session.begin():
                    case = start_from_form(session, engine(), "death_report", answers, current_user)
                    first = session.scalar(select(WorkItem.id).where(WorkItem.instance_id == case.id))
                flash(_("Death reported. Upload the death certificate and confirm the report."))
                return redirect(url_for("tasks.show", item_id=first))
            except InvalidTaskData as refused:
                errors = refused.errors
    with session.begin():
        people = death_register.reportable(session, g.viewer.organisation_id, q)
        today = engine().clock.now().astimezone(CHINA_TZ).date().isoformat()
        return render_template(
            "aftercare/death_report_new.html", q=q, people=people, values=values, errors=errors, today=today
        ), (422 if errors else 200)


@bp.route("/deaths/lists", methods=["GET", "POST"])
@kinds_only("social_insurance_agency")
def death_lists():
    session = db_session()
    if request.method == "POST":
        problem = _received_list(session)
        if isinstance(problem, int):
            _work_through(session, problem)
            return redirect(url_for("aftercare.death_list_page", list_id=problem))
        flash(problem)
    with session.begin():
        found = death_register.lists_of(session, g.viewer)
        return render_template("aftercare/death_lists.html", lists=found, headers=death_list.HEADERS)


def _received_list(session) -> int | str:
    """The stored list's id, or why the upload was refused (in Chinese)."""
    checked = uploads.read_checked(request.files.get("file"))
    if isinstance(checked, str):
        return checked
    content, kind = checked
    if kind not in ("text/csv", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"):
        return "民政死亡名单只能是 CSV 或 XLSX 文件。"
    if not g.viewer.division_code:
        return "本机构没有所属县（市、区），不能上传死亡名单。"
    try:
        with session.begin():
            return death_list.store(
                session, g.viewer.organisation_id, g.viewer.division_code, request.files["file"].filename,
                content, current_user.actor.user_id, engine().clock.now(),
            ).id  # fmt: skip
    except RosterUnreadable as unreadable:
        return unreadable.message


def _work_through(session, list_id: int) -> None:
    """Every remaining batch of the list, one transaction each (990 reports: about 8 s)."""
    size = current_app.config.get("DEATH_LIST_BATCH_SIZE", death_list.BATCH_SIZE)
    done = False
    while not done:
        with session.begin():
            done = death_list.run_batch(session, engine(), list_id, current_user.actor, size)


@bp.get("/deaths/lists/<int:list_id>")
@kinds_only("social_insurance_agency")
def death_list_page(list_id: int):
    session = db_session()
    with session.begin():
        found = death_register.own_list(session, g.viewer, list_id)
        opened = death_register.page_of(session, g.viewer, page_number(request.args), list_id=list_id)
        return render_template("aftercare/death_list.html", listed=found, opened=opened)


@bp.post("/deaths/lists/<int:list_id>/run")
@kinds_only("social_insurance_agency")
def continue_death_list(list_id: int):
    """Go on with a list whose working-through stopped half-way (the rows done are kept)."""
    session = db_session()
    with session.begin():
        death_register.own_list(session, g.viewer, list_id)
    _work_through(session, list_id)
    return redirect(url_for("aftercare.death_list_page", list_id=list_id))


# -- the worker's part -------------------------------------------------------------------------


def resume_stalled_lists(
    sessions: sessionmaker, watch: death_list.StalledLists, yijiao: Engine, batch_size: int
) -> int:
    """The worker's round: finish every list whose upload request stopped half-way, one
    transaction per batch, skipping a list another worker (or request) holds; how many lists it
    worked on. A list whose batch fails ``MAX_ATTEMPTS`` rounds in a row is stopped for good."""
    with sessions() as session:
        stalled = watch.find(session)
    worked = 0
    for list_id in stalled:
        log.info("resuming death list %s", list_id)
        worked += _finish(sessions, watch, yijiao, list_id, batch_size)
    return worked


def _finish(
    sessions: sessionmaker, watch: death_list.StalledLists, yijiao: Engine, list_id: int, batch_size: int
) -> int:
    """1 when this worker worked on the list (to its end, or until its batch failed)."""
    batches = 0
    while True:
        try:
            with sessions() as session, session.begin():
                done = death_list.run_batch(session, yijiao, list_id, None, batch_size, wait=False)
        except OperationalError:
            raise  # the database is away: the list stays unfinished and a later round goes on
        except Exception:
            log.exception("death list %s: a batch failed", list_id)
            if watch.failed(list_id) >= death_list.MAX_ATTEMPTS:
                with sessions() as session, session.begin():
                    death_list.fail(session, list_id, death_list.BROKEN, yijiao.clock.now())
            return 1 if batches else 0
        if done is None:  # another worker holds it
            return 1 if batches else 0
        watch.moved(list_id)
        batches += 1
        if done:
            return 1
