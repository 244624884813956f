"""死亡报告 over the API: the reports the caller may read, a community's report of one of its
people, the death certificate uploaded on the report's confirmation task, and the social insurance
agency's civil affairs death lists (民政死亡名单), worked through before the answer."""

from __future__ import annotations

from typing import Any

from flask import current_app, jsonify, request
from sqlalchemy import select

import forms
from engine.aftercare.deaths import lists as death_list
from engine.aftercare.deaths import register as death_register
from engine.aftercare.deaths.reports import DeathList
from engine.procedures import death_report
from engine.registry.access import viewer_of
from engine.registry.rosters import RosterUnreadable
from engine.workflow.models import WorkItem

from ..cases.starting import start_from_form
from ..context import db_session, engine
from ..paging import page_number
from ..tasks import uploads
from .auth import caller, token_required
from .blueprint import bp
from .params import json_object
from .refusals import ApiError, invalid

LIST_TYPES = ("text/csv", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


@bp.get("/deaths")
@token_required
def deaths():
    session = db_session()
    with session.begin():
        found = death_register.page_of(session, viewer_of(session, caller().actor), page_number(request.args))
        items = [report_json(row) for row in found.rows]
    return jsonify({"items": items, "total": found.total, "page": found.page, "per_page": found.per_page})


@bp.post("/deaths")
@token_required
def report_death():
    """``{"retiree_id", "died_on"}`` → the case, at the community's confirmation task."""
    answers = json_object()
    problems = forms.validate("start_death_report", answers)
    if problems:
        raise invalid("报告内容有误。", problems)
    session = db_session()
    with session.begin():
        case = start_from_form(session, engine(), "death_report", answers, caller())
        confirm = _open_task(session, case.id, death_report.CONFIRM)
    return jsonify({"id": case.id, "title": case.title, "confirm_task": confirm}), 201


@bp.post("/deaths/<int:instance_id>/certificate")
@token_required
def upload_certificate(instance_id: int):
    """The death certificate (multipart ``file``) on the case's confirmation task, claimed by the
    caller first; stored with its SHA-256, readable by the case's parties only."""
    session = db_session()
    with session.begin():
        item_id = _open_task(session, instance_id, death_report.CONFIRM)
        if item_id is None:
            raise ApiError(404, "not_found", f"案件 {instance_id} 没有待核实的死亡报告。")
        view = engine().task_view(session, item_id, caller().actor)
        problem = uploads.store(
            session, view, caller().actor, request.files.get("file"), "死亡证明", engine().clock.now()
        )
        if problem:
            raise invalid(problem, {"file": [problem]})
        stored = uploads.of_task(session, item_id)[-1]
        answer = {"id": stored.id, "filename": stored.filename, "sha256": stored.sha256, "task": item_id}
    return jsonify(answer), 201


def _open_task(session, instance_id: int, spec_id: str) -> int | None:
    return session.scalar(
        select(WorkItem.id).where(
            WorkItem.instance_id == instance_id, WorkItem.spec_id == spec_id, WorkItem.state == "open"
        )
    )


@bp.post("/death-lists")
@token_required
def upload_death_list():
    """A civil affairs list (multipart ``file``: CSV or XLSX with 身份证号, 姓名, 死亡日期), worked
    through batch by batch before answering: the reports opened and the rows explained."""
    session = db_session()
    with session.begin():
        viewer = viewer_of(session, caller().actor)
    if viewer.kind != "social_insurance_agency" or not viewer.division_code:
        raise ApiError(403, "forbidden", "只有县（市、区）社会保险经办机构可以上传民政死亡名单。")
    checked = uploads.read_checked(request.files.get("file"))
    if isinstance(checked, str) or checked[1] not in LIST_TYPES:
        message = checked if isinstance(checked, str) else "民政死亡名单只能是 CSV 或 XLSX 文件。"
        raise invalid(message, {"file": [message]})
    try:
        with session.begin():
            list_id = death_list.store(
                session, viewer.organisation_id, viewer.division_code, request.files["file"].filename,
                checked[0], caller().actor.user_id, engine().clock.now(),
            ).id  # fmt: skip
    except RosterUnreadable as unreadable:
        raise invalid(unreadable.message, {"file": [unreadable.message]}) from None
    size = current_app.config.get("DEATH_LIST_BATCH_SIZE", death_list.BATCH_SIZE)
    done = False
    while not done:
        with session.begin():
            done = death_list.run_batch(session, engine(), list_id, caller().actor, size)
    with session.begin():
        return jsonify(list_json(session.get(DeathList, list_id, populate_existing=True))), 201


@bp.get("/death-lists/<int:list_id>")
@token_required
def death_list_outcome(list_id: int):
    session = db_session()
    with session.begin():
        found = death_register.own_list(session, viewer_of(session, caller().actor), list_id)
        return jsonify(list_json(found))


def report_json(row: death_register.ReportRow) -> dict[str, Any]:
    report = row.report
    return {
        "instance_id": report.instance_id,
        "retiree_id": report.retiree_id,
        "name": row.name,
        "id_number": row.id_number,
        "died_on": report.died_on.isoformat(),
        "source": report.source,
        "reported_on": report.reported_on.isoformat(),
        "stage": row.stage,
        "pension_stopped_from": report.pension_stopped_from.isoformat()[:7]
        if report.pension_stopped_from
        else None,
        "funeral_grant": report.funeral_grant,
        "survivor_pension": report.survivor_pension,
    }


def list_json(found: DeathList) -> dict[str, Any]:
    return {
        "id": found.id,
        "filename": found.filename,
        "sha256": found.sha256,
        "state": found.state,
        "rows": found.rows_total,
        "rows_done": found.rows_done,
        "opened": found.opened,
        "unmatched": found.unmatched,
    }
