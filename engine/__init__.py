"""Yijiao's workflow engine: SpiffWorkflow instances persisted with SQLAlchemy (no Flask here)."""

from . import directory, registry  # noqa: F401  (their tables belong to the same schema)
from .clock import Clock, OffsetClock, SettableClock, SystemClock
from .errors import (
    EngineError,
    InvalidDefinition,
    InvalidParties,
    InvalidTaskData,
    NotFound,
    NotYourTask,
    Problem,
    TaskConflict,
    TaskNotClaimed,
    WorkflowError,
)
from .roles import LANE_ROLES, SYSTEM, Actor
from .runtime import Engine
from .worklist import InboxFilter, InboxPage

__all__ = [
    "Actor",
    "Clock",
    "Engine",
    "EngineError",
    "InboxFilter",
    "InboxPage",
    "InvalidDefinition",
    "InvalidParties",
    "InvalidTaskData",
    "LANE_ROLES",
    "NotFound",
    "NotYourTask",
    "OffsetClock",
    "Problem",
    "SYSTEM",
    "SettableClock",
    "SystemClock",
    "TaskConflict",
    "TaskNotClaimed",
    "WorkflowError",
]
