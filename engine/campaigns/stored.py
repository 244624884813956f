"""The campaign settings a supervisor or administrator changed, kept in ``campaign_setting``
(one row per setting changed); a setting without a row keeps its declared default.

Cases copy what they need when they start (an archive look-up its deadlines, a programme its
milestones), so a later change reaches new cases only. Changes are audited
(``change_campaign_settings``); the caller owns the transaction.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, String, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from engine.database import Base, UTCDateTime
from engine.directory import audit
from engine.directory.roles import Actor

from .declared import BY_KEY, DATES, checked, defaults


class CampaignSetting(Base):
    """One setting changed from its default: its value (JSON), who changed it and when."""

    __tablename__ = "campaign_setting"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)
    updated_by: Mapped[str] = mapped_column(String(100))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


def campaign_settings(session: Session) -> dict[str, Any]:
    """The documented defaults merged with what is stored (unknown stored keys are ignored)."""
    settings = defaults()
    for key, value in session.execute(select(CampaignSetting.key, CampaignSetting.value)):
        setting = BY_KEY.get(key)
        if setting is None:
            continue
        if setting.kind == DATES:
            settings[key].update({code: day for code, day in value.items() if code in settings[key]})
        else:
            settings[key] = value
    return settings


def update_campaign_settings(
    session: Session, changes: dict[str, Any], actor: Actor | str, *, now: datetime | None = None
) -> dict[str, Any]:
    """Check ``changes``, store those that differ and audit them; the settings after the change.
    ``InvalidSettings`` (nothing stored, nothing audited) names every wrong field."""
    current = campaign_settings(session)
    updated = checked(current, changes)
    changed = {key: value for key, value in updated.items() if value != current[key]}
    if not changed:
        return updated
    at = now or datetime.now(UTC)
    user = actor.user_id if isinstance(actor, Actor) else actor
    for key, value in changed.items():
        row = session.get(CampaignSetting, key)
        if row is None:
            row = CampaignSetting(key=key)
            session.add(row)
        row.value, row.updated_by, row.updated_at = value, user, at
    detail = {"changes": {key: {"from": current[key], "to": value} for key, value in changed.items()}}
    audit.record(session, "change_campaign_settings", actor, at, detail=detail)
    return updated


def last_changes(session: Session) -> dict[str, tuple[str, datetime]]:
    """Who last changed each stored setting, and when (for the settings page)."""
    rows = select(CampaignSetting.key, CampaignSetting.updated_by, CampaignSetting.updated_at)
    return {key: (user, at) for key, user, at in session.execute(rows)}
