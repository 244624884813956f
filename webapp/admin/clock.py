"""The application clock (系统时钟): administrators set it for a campaign replay, or reset it to
the machine's time; every page shows a banner while it is not the machine's time."""

from __future__ import annotations

from datetime import datetime

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from engine.clock.stored import StoredClock, clock_status, parse_moment, reset_clock, set_clock
from engine.workflow.deadlines import CHINA_TZ

from ..context import db_session, engine
from .blueprint import admin_required, bp

MODES = ("running", "frozen")


def _stored_clock() -> StoredClock:
    return current_app.extensions["yijiao"]["clock"]


@bp.app_context_processor
def clock_banner() -> dict:
    """``app_clock`` for base.html's banner: the clock the engine runs on, and where it comes from."""
    return {"app_clock": clock_status(engine().clock)}


@bp.app_template_filter("beijing_minute")
def beijing_minute(moment: datetime | None) -> str:
    """2017-04-01 09:00, Beijing time."""
    return "" if moment is None else f"{moment.astimezone(CHINA_TZ):%Y-%m-%d %H:%M}"


def _page(values: dict, errors: dict, status: int = 200):
    clock = _stored_clock()
    return render_template(
        "admin/clock.html", status=clock.status(), values=values, errors=errors, modes=MODES
    ), status


@bp.get("/clock")
@admin_required
def clock():
    status = _stored_clock().status()
    moment = f"{status.now.astimezone(CHINA_TZ):%Y-%m-%dT%H:%M}"
    return _page({"moment": moment, "mode": "frozen" if status.frozen else "running"}, {})


@bp.post("/clock")
@admin_required
def set_application_clock():
    values = {"moment": request.form.get("moment", "").strip(), "mode": request.form.get("mode", "running")}
    errors: dict[str, list[str]] = {}
    try:
        moment = parse_moment(values["moment"])
    except ValueError:
        errors["moment"] = [_("Enter a date and time between 2000 and 2099, e.g. 2017-04-01 09:00.")]
    if values["mode"] not in MODES:
        errors["mode"] = [_("Choose whether the clock runs on or stands still.")]
    if errors:
        return _page(values, errors, 422)
    clock = _stored_clock()
    session = db_session()
    with session.begin():
        set_clock(session, moment, values["mode"] == "frozen", current_user.actor, clock.machine_now())
    clock.forget()
    flash(_("The application clock now reads %(moment)s.", moment=beijing_minute(moment)))
    return redirect(url_for("admin.clock"))


@bp.post("/clock/reset")
@admin_required
def reset_application_clock():
    clock = _stored_clock()
    session = db_session()
    with session.begin():
        reset_clock(session, current_user.actor, clock.machine_now())
    clock.forget()
    if clock.status().source == "machine":
        flash(_("The application clock follows the machine's time again."))
    else:
        flash(_("The application clock follows the configured start (CLOCK_START) again."))
    return redirect(url_for("admin.clock"))
