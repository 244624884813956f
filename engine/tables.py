"""Every table of the schema, imported so that ``Base.metadata`` knows them all (Alembic, tests).

Each table lives with the code that uses it; this module only gathers them.
"""

from engine.aftercare.certification import CertificationCampaign, CertificationMark, CertificationRound
from engine.aftercare.changes import RetireeChange
from engine.aftercare.community.records import CommunityRecord
from engine.aftercare.deaths.reports import DeathList, DeathReport
from engine.aftercare.transfers.cases import RetireeTransfer
from engine.aftercare.visits import Visit, VisitCampaign, VisitPlanEntry
from engine.campaigns import CampaignSetting
from engine.clock.stored import ClockSetting
from engine.directory.audit import AuditEvent
from engine.directory.organisations import Organisation, User
from engine.directory.substitutes import Substitution
from engine.directory.tokens import ApiToken
from engine.fees import FeeCycle, FeeYear
from engine.notifications.models import Notification, NotificationRead, OutboxMail
from engine.progress.units import MilestoneUnit
from engine.registry.retirees import Retiree, RosterFilePart, RosterImport
from engine.workflow.comments import Comment, CommentAttachment
from engine.workflow.documents import Document, DocumentJob
from engine.workflow.drafts import TaskDraft
from engine.workflow.handing import FollowUp
from engine.workflow.models import (
    OverdueFlag,
    ProcessDefinition,
    ProcessInstance,
    Reminder,
    TimerEvent,
    WorkItem,
)
from engine.workflow.saved_filters import SavedFilter

__all__ = [
    "ApiToken",
    "AuditEvent",
    "CampaignSetting",
    "CertificationCampaign",
    "CertificationMark",
    "CertificationRound",
    "ClockSetting",
    "CommunityRecord",
    "Comment",
    "CommentAttachment",
    "DeathList",
    "DeathReport",
    "Document",
    "DocumentJob",
    "FeeCycle",
    "FeeYear",
    "FollowUp",
    "MilestoneUnit",
    "Notification",
    "NotificationRead",
    "Organisation",
    "OutboxMail",
    "OverdueFlag",
    "ProcessDefinition",
    "ProcessInstance",
    "Reminder",
    "Retiree",
    "RetireeChange",
    "RetireeTransfer",
    "RosterFilePart",
    "RosterImport",
    "SavedFilter",
    "Substitution",
    "TaskDraft",
    "TimerEvent",
    "User",
    "Visit",
    "VisitCampaign",
    "VisitPlanEntry",
    "WorkItem",
]
