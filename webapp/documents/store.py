"""Generated PDFs kept as the case's documents (``Document``), made again only when what they
are made from changed.

``Document.note`` holds the hash of the inputs (kind, data, title, layout): a download with the
same inputs is served from the table, and a new version is a new row, so the version officials
printed and signed stays retrievable (``/documents/<id>``) after the case data moves on.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.workflow.documents import Document

from . import render
from .kinds import Kind
from .listing import Listing

CONTENT_TYPE = "application/pdf"
NOTE_PREFIX = "inputs sha256:"


@dataclass(frozen=True)
class Request:
    """One document to have: of which case and kind, about which place, from which data."""

    instance_id: int
    kind: Kind
    code: str | None
    title: str
    context: dict[str, Any]

    @cached_property
    def note(self) -> str:
        """``inputs sha256:<hash>`` of everything the PDF is made from (a list's rows streamed
        once, when first asked: keep the request for as long as the transaction it was read in)."""
        return NOTE_PREFIX + render.input_hash(self.kind, self.context, self.title)

    @property
    def listing(self) -> Listing | None:
        """The list of people the document prints (a register, an archive list), if it is one."""
        listing = self.context.get("listing")
        return listing if isinstance(listing, Listing) else None


def find(session: Session, wanted: Request) -> Document | None:
    """The stored PDF made from exactly these inputs, if there is one (the newest)."""
    return session.scalars(
        select(Document)
        .where(
            Document.instance_id == wanted.instance_id,
            Document.kind == wanted.kind.code,
            Document.filename == wanted.kind.filename(wanted.code),
            Document.note == wanted.note,
        )
        .order_by(Document.id.desc())
        .limit(1)
    ).first()


def keep(
    session: Session,
    wanted: Request,
    content: bytes,
    by: str,
    now: datetime,
    work_item_id: int | None = None,
) -> Document:
    """Store a PDF rendered from ``wanted`` (unless one from the same inputs got there first)."""
    found = find(session, wanted)
    if found is not None:
        return found
    document = Document(
        instance_id=wanted.instance_id,
        work_item_id=work_item_id,
        kind=wanted.kind.code,
        title=wanted.title,
        filename=wanted.kind.filename(wanted.code),
        content_type=CONTENT_TYPE,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        content=content,
        uploaded_by=by,
        uploaded_at=now,
        note=wanted.note,
    )
    session.add(document)
    session.flush()
    return document


def content_of(session: Session, document: Document) -> bytes:
    """The bytes of a stored document (the column is deferred: read only when sent)."""
    return session.scalar(select(Document.content).where(Document.id == document.id))
