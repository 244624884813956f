"""Files officials attach to a task: size and type limited, stored with their SHA-256."""

from __future__ import annotations

import hashlib
from datetime import datetime

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.datastructures import FileStorage
from werkzeug.utils import secure_filename

from engine import Actor, NotYourTask, TaskConflict
from engine.workflow.documents import Document

#: the type of each file name ending we accept: the type is ours, never the client's word
TYPES_BY_SUFFIX = {
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".csv": "text/csv",
}
#: the first bytes of the types we accept, so a renamed file cannot pass for another
SIGNATURES = {
    "application/pdf": (b"%PDF",),
    "image/png": (b"\x89PNG",),
    "image/jpeg": (b"\xff\xd8\xff",),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": (b"PK\x03\x04",),
    "text/csv": (b"",),
}


def require_holder(view, actor: Actor) -> None:
    """Files and drafts are the holder's: the task open, theirs to act on, claimed by them."""
    if not view.may_act:
        raise NotYourTask(f"task {view.item.id} is not yours")
    if view.item.claimed_by != actor.user_id:
        raise TaskConflict(f"claim task {view.item.id} first")


def type_of(filename: str, content: bytes) -> str | None:
    """The type a file is, from its name's ending checked against its first bytes (a CSV: text
    without NUL bytes that is not markup); None for anything else."""
    suffix = filename[filename.rfind(".") :].lower() if "." in filename else ""
    kind = TYPES_BY_SUFFIX.get(suffix)
    if kind is None or not content.startswith(SIGNATURES[kind]):
        return None
    if kind == "text/csv" and (b"\0" in content or content.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<")):
        return None
    return kind


def of_task(session: Session, item_id: int) -> list[Document]:
    return list(
        session.scalars(select(Document).where(Document.work_item_id == item_id).order_by(Document.id))
    )


def read_checked(upload: FileStorage | None) -> tuple[bytes, str] | str:
    """The file's content and type within the size and type limits; a Chinese reason if not."""
    if upload is None or not upload.filename:
        return "请选择要上传的文件。"
    content = upload.read(current_app.config["UPLOAD_MAX_BYTES"] + 1)
    if len(content) > current_app.config["UPLOAD_MAX_BYTES"]:
        return f"文件超过 {current_app.config['UPLOAD_MAX_BYTES'] // (1024 * 1024)} MB，未上传。"
    kind = type_of(upload.filename, content)
    if kind is None or kind not in current_app.config["UPLOAD_TYPES"]:
        return "只能上传 PDF、JPG、PNG、CSV 或 XLSX 文件。"
    return content, kind


def store(
    session: Session, view, actor: Actor, upload: FileStorage | None, note: str | None, now: datetime
) -> str | None:
    """Keep the file on the task's case; a Chinese reason when it is refused, else None."""
    require_holder(view, actor)
    checked = read_checked(upload)
    if isinstance(checked, str):
        return checked
    content, kind = checked
    session.add(
        Document(
            instance_id=view.item.instance_id,
            work_item_id=view.item.id,
            kind="upload",
            title=upload.filename,
            filename=secure_filename(upload.filename) or "upload",
            content_type=kind,
            size=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
            content=content,
            uploaded_by=actor.user_id,
            uploaded_at=now,
            note=note or None,
        )
    )
    return None
