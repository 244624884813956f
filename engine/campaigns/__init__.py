"""活动设置 — the current campaign's settings: the archive look-up deadlines, the term for
community assets after the 三供一业 renovation, the milestones M1–M4. ``declared`` holds the
table of settings with their documented defaults and checks a change; ``stored`` keeps what a
supervisor changed and merges it with the defaults."""

from __future__ import annotations

from .declared import SETTINGS, InvalidSettings, Setting, defaults
from .stored import CampaignSetting, campaign_settings, last_changes, update_campaign_settings

__all__ = [
    "SETTINGS",
    "CampaignSetting",
    "InvalidSettings",
    "Setting",
    "campaign_settings",
    "defaults",
    "last_changes",
    "update_campaign_settings",
]
