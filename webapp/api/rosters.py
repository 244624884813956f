"""Roster imports over the API: upload a CSV/XLSX roster and get the outcome once it is imported
(synchronously, batch by batch, exactly as the upload page's background import does)."""

from __future__ import annotations

from flask import current_app, jsonify, request

from engine.registry.retirees import RosterImport
from engine.registry.rosters import BATCH_SIZE

from ..context import db_session, engine
from ..rosters import intake, runner
from .auth import caller, token_required
from .blueprint import bp
from .refusals import ApiError, invalid


@bp.post("/rosters")
@token_required
def import_roster():
    if not intake.may_import(caller()):
        raise ApiError(403, "forbidden", "只有企业的经办人员可以导入本企业的退休人员登记表。")
    intake.allow_roster_sized_body()
    try:
        filename, content = intake.received(request.files.get("file"))
    except intake.UploadRefused as refused:
        if refused.code == "invalid_data":
            raise invalid(refused.message, {"file": [refused.message]}) from None
        raise ApiError(refused.status, refused.code, refused.message) from None
    session = db_session()
    with session.begin():
        import_id = intake.create(session, caller(), filename, content, engine().clock.now()).id
    yijiao = current_app.extensions["yijiao"]
    runner.run(
        yijiao["sessions"],
        import_id,
        engine().clock,
        current_app.config.get("ROSTER_BATCH_SIZE", BATCH_SIZE),
        budget=runner.budget_of(current_app),
    )
    with session.begin():
        roster_import = session.get(RosterImport, import_id, populate_existing=True)
        outcome = {
            "id": roster_import.id,
            "accepted": roster_import.accepted,
            "unchanged": roster_import.unchanged,
            "rejected": roster_import.rejected,
            "warnings": roster_import.warnings,
            "rows": roster_import.rows_done,
        }
        error = roster_import.error
    if error:  # the file broke further in than its header: what came before it is kept
        raise ApiError(422, "invalid_roster", error, **outcome)
    return jsonify(outcome), 201
