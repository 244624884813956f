"""Data → HTML (Jinja, ``webapp/templates/documents``) → PDF (WeasyPrint), reproducibly: the
same data gives the same bytes, since the PDF's dates come from the data, never from the clock.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path
from typing import Any

import weasyprint
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from .chinese_dates import chinese_date
from .kinds import Kind

TEMPLATES = Path(__file__).resolve().parent.parent / "templates" / "documents"
AUTHOR = "移交 Yijiao"


@cache
def _environment() -> Environment:
    environment = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["cn_date"] = chinese_date
    return environment


def html(kind: Kind, context: dict[str, Any], title: str | None = None) -> str:
    """The document as HTML, for WeasyPrint (or a browser, when working on a template)."""
    return (
        _environment()
        .get_template(kind.template)
        .render(doc=context, kind=kind, title=title or kind.title, author=AUTHOR, created=_created(context))
    )


def pdf(kind: Kind, context: dict[str, Any], title: str | None = None) -> bytes:
    """The document as PDF bytes, CJK fonts embedded (subset)."""
    return weasyprint.HTML(string=html(kind, context, title), base_url=str(TEMPLATES)).write_pdf()


def input_hash(kind: Kind, context: dict[str, Any], title: str | None = None) -> str:
    """SHA-256 of everything a PDF is made from: kind, data, title and the templates' layout."""
    text = json.dumps(
        {"kind": kind.code, "title": title, "layout": layout_version(), "data": context},
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
        default=str,
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@cache
def layout_version() -> str:
    """A hash of the templates and the renderer's version: a new layout makes new documents."""
    digest = hashlib.sha256(weasyprint.__version__.encode())
    for path in sorted(TEMPLATES.iterdir()):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _created(context: dict[str, Any]) -> str | None:
    """The PDF's creation date: the document's own date (midnight, Beijing time)."""
    day = context.get("date")
    return f"{day}T00:00:00+08:00" if day else None
