"""The settings page: the form is derived from ``engine.campaigns.SETTINGS``; the engine checks a
change (every wrong field named, nothing stored) and audits it."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext
from flask_login import current_user, login_required

from engine.campaigns import SETTINGS, InvalidSettings, campaign_settings, last_changes
from engine.campaigns import update_campaign_settings as update
from engine.campaigns.declared import DATES, MILESTONE_CODES
from engine.policy.rules import MILESTONE_TITLES

from ..context import db_session, engine, reading
from .rights import may_change, may_see

bp = Blueprint("campaign", __name__)

#: what the page calls each setting of ``engine.campaigns.SETTINGS``, and the hint below it
WORDING = {
    "lookup_review_days": (
        lazy_gettext("Review of an archive look-up request"),
        lazy_gettext("Days from the day the request was submitted."),
    ),
    "lookup_service_days": (
        lazy_gettext("Look-up or copy provided"),
        lazy_gettext("Days from the day the request was submitted; not shorter than the review."),
    ),
    "lookup_acknowledge_days": (
        lazy_gettext("Community acknowledges the look-up result"),
        lazy_gettext("Days from the day the request was submitted; not shorter than the service."),
    ),
    "lookup_refusal_days": (
        lazy_gettext("Community acknowledges a refusal"),
        lazy_gettext("Days from the day the request was submitted; not shorter than the review."),
    ),
    "asset_handover_days": (
        lazy_gettext("Community assets handed over"),
        lazy_gettext("Days after the enterprise's 三供一业 renovation is completed."),
    ),
    "milestones": (
        lazy_gettext("Milestones"),
        lazy_gettext("The last day of each milestone (八(三) of the policy); none before the one above."),
    ),
}


@bp.get("/campaign/settings")
@login_required
def settings():
    if not may_see(current_user.actor):
        abort(403)
    with reading() as session:
        values = _as_fields(campaign_settings(session))
    return _page(values, {})


@bp.post("/campaign/settings")
@login_required
def change_settings():
    session = db_session()
    try:
        with session.begin():
            if not may_change(session, current_user.actor):
                abort(403)
            changes = _changes(request.form)
            update(session, changes, current_user.actor, now=engine().clock.now())
    except InvalidSettings as refused:
        posted = {name: request.form.get(name, "").strip() for name in _field_names()}
        return _page(posted, refused.errors, 422)
    flash(_("The campaign settings are saved; they apply to cases started from now on."))
    return redirect(url_for("campaign.settings"))


def _page(values: dict[str, str], errors: dict[str, list[str]], status: int = 200):
    with reading() as session:
        editable = may_change(session, current_user.actor)
        changed = last_changes(session)
    return render_template(
        "campaign/settings.html",
        fields=[(setting, *WORDING[setting.key]) for setting in SETTINGS],
        milestones=[(code, MILESTONE_TITLES[code]) for code in MILESTONE_CODES],
        values=values,
        errors=errors,
        editable=editable,
        changed=changed,
    ), status


def _field_names() -> list[str]:
    """The form's fields: one per number of days, one per milestone date."""
    days = [setting.key for setting in SETTINGS if setting.kind != DATES]
    return days + [f"milestones.{code}" for code in MILESTONE_CODES]


def _as_fields(settings: dict[str, Any]) -> dict[str, str]:
    values = {setting.key: str(settings[setting.key]) for setting in SETTINGS if setting.kind != DATES}
    values.update({f"milestones.{code}": settings["milestones"][code] for code in MILESTONE_CODES})
    return values


def _changes(form) -> dict[str, Any]:
    """The form's fields as a change of every setting (the engine keeps those that differ)."""
    changes: dict[str, Any] = {s.key: form.get(s.key, "").strip() for s in SETTINGS if s.kind != DATES}
    changes["milestones"] = {code: form.get(f"milestones.{code}", "").strip() for code in MILESTONE_CODES}
    return changes
