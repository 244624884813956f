"""Receiving a roster file, for the upload page and the API alike: who may import, which files,
how large; a file that cannot be read at all is refused here, before anything is stored."""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import PurePosixPath
from typing import IO, Any

from flask import current_app, request
from sqlalchemy.orm import Session
from werkzeug.datastructures import FileStorage

from engine.registry.retirees import RosterImport
from engine.registry.rosters import RosterUnreadable, open_roster, start_import
from engine.registry.rosters.budget import OutOfTime
from engine.registry.rosters.importing import rejected_rows
from engine.registry.rosters.reading import suffix_problem

from ..auth.accounts import SignedIn
from .runner import budget_of

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
#: room for the multipart envelope around the file
_ENVELOPE = 64 * 1024


class UploadRefused(Exception):
    """An upload that is not imported; ``message`` (Chinese) says why."""

    def __init__(self, message: str, status: int = 422, code: str = "invalid_roster"):
        super().__init__(message)
        self.message, self.status, self.code = message, status, code


def may_import(user: SignedIn) -> bool:
    """Enterprise officials import their enterprise's rosters; nobody else does."""
    return user.organisation_kind == "enterprise" and user.has_role("official")


def max_bytes() -> int:
    return current_app.config.get("ROSTER_MAX_BYTES", DEFAULT_MAX_BYTES)


def allow_roster_sized_body() -> None:
    """Let this request carry a roster (``ROSTER_MAX_BYTES``), larger than other uploads may be.

    Call it before anything reads the body (``request.files``, ``request.form``)."""
    request.max_content_length = max_bytes() + _ENVELOPE


def received(upload: FileStorage | None) -> tuple[str, IO[bytes]]:
    """The file's base name and the file itself (the upload's, on disk once past 500 KB: never read
    whole into memory), once its name, size and header row are acceptable."""
    if upload is None or not upload.filename:
        raise UploadRefused("请选择要导入的 .csv 或 .xlsx 文件。", code="invalid_data")
    filename = PurePosixPath(upload.filename.replace("\\", "/")).name
    problem = suffix_problem(filename)
    if problem:
        raise UploadRefused(problem)
    file = upload.stream
    file.seek(0, io.SEEK_END)
    if file.tell() > max_bytes():
        raise UploadRefused(f"文件超过 {max_bytes() // (1024 * 1024)} MB，未导入。", 413, "too_large")
    budget = budget_of(current_app)
    budget.restart()
    try:
        open_roster(file, filename, check=budget.check)  # the encoding and the header row, nothing further
    except RosterUnreadable as unreadable:
        raise UploadRefused(unreadable.message) from None
    except OutOfTime:
        raise UploadRefused(f"文件在{budget.seconds:g}秒内未能打开（文件过大或内容异常），未导入。") from None
    return filename, file


def create(
    session: Session, user: SignedIn, filename: str, content: IO[bytes], now: datetime
) -> RosterImport:
    """The pending import of the file for the user's enterprise."""
    return start_import(session, user.organisation_id, filename, content, user.username, now)


def progress(roster_import: RosterImport) -> dict[str, Any]:
    """How far an import has come, as JSON for the progress page."""
    return {
        "id": roster_import.id,
        "filename": roster_import.filename,
        "state": roster_import.state,
        "rows_done": roster_import.rows_done,
        "rows_total": roster_import.rows_total,
        "accepted": roster_import.accepted,
        "unchanged": roster_import.unchanged,
        "rejected_rows": rejected_rows(roster_import),
        "problems": len(roster_import.rejected),
        "warnings": roster_import.warnings,
        "error": roster_import.error,
    }
