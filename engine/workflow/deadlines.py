"""Due dates of human tasks: from a ``due`` expression or the task's milestone, and when they are past."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from typing import Any

#: Deadlines written as dates are Beijing-time dates: "by 2017-03-31" ends at its midnight.
CHINA_TZ = timezone(timedelta(hours=8), "Asia/Shanghai")


def to_deadline(value: Any) -> datetime | None:
    """A deadline from a date, datetime or ISO string; a bare date means the end of that day."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value) if "T" in value or " " in value else date.fromisoformat(value)
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=CHINA_TZ)
    if isinstance(value, date):
        return datetime.combine(value, time(23, 59, 59), CHINA_TZ)
    raise ValueError(f"not a date: {value!r}")


def milestone_deadline(milestone: str | None, data: dict[str, Any]) -> datetime | None:
    """The campaign's date for ``milestone`` (case data ``milestones``: {"M1": "2017-03-31", …})."""
    if not milestone:
        return None
    return to_deadline((data.get("milestones") or {}).get(milestone))


def is_overdue(due_at: datetime | None, now: datetime) -> bool:
    """Past its deadline: a date deadline ends at Beijing midnight (``to_deadline``), so this is
    "after the due day" too. The inbox filter and progress figures ask the database the same
    (``due_at < now``)."""
    return due_at is not None and due_at < now


def days_left(due_at: datetime, now: datetime) -> int:
    """Whole days from today to the due date, both as Beijing dates (0: due today)."""
    return (due_at.astimezone(CHINA_TZ).date() - now.astimezone(CHINA_TZ).date()).days


def days_overdue(due_at: datetime, now: datetime) -> int:
    """Whole Beijing days since the due date (0 until the day after it)."""
    return max(-days_left(due_at, now), 0)
