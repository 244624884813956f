"""Every table of the schema, imported so that ``Base.metadata`` knows them all (Alembic, tests).

Each table lives with the code that uses it; this module only gathers them.
"""

from engine.campaigns import CampaignSetting
from engine.clock.stored import ClockSetting
from engine.directory.audit import AuditEvent
from engine.directory.organisations import Organisation, User
from engine.directory.tokens import ApiToken
from engine.fees import FeeCycle, FeeYear
from engine.progress.units import MilestoneUnit
from engine.registry.retirees import Retiree, RosterFilePart, RosterImport
from engine.workflow.documents import Document
from engine.workflow.drafts import TaskDraft
from engine.workflow.models import (
    OverdueFlag,
    ProcessDefinition,
    ProcessInstance,
    Reminder,
    TimerEvent,
    WorkItem,
)

__all__ = [
    "ApiToken",
    "AuditEvent",
    "CampaignSetting",
    "ClockSetting",
    "Document",
    "FeeCycle",
    "FeeYear",
    "MilestoneUnit",
    "Organisation",
    "OverdueFlag",
    "ProcessDefinition",
    "ProcessInstance",
    "Reminder",
    "Retiree",
    "RosterFilePart",
    "RosterImport",
    "TaskDraft",
    "TimerEvent",
    "User",
    "WorkItem",
]
