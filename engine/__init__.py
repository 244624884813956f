"""Yijiao's workflow engine: SpiffWorkflow instances persisted with SQLAlchemy (no Flask here)."""

from engine import tables  # noqa: F401  (every table on the one schema)
from engine.clock import Clock, OffsetClock, SettableClock, SystemClock
from engine.directory.roles import LANE_ROLES, SYSTEM, Actor
from engine.errors import (
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
from engine.workflow.runtime import Engine
from engine.workflow.worklist import InboxFilter, InboxPage

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
