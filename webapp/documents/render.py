"""Data → HTML (Jinja, ``webapp/templates/documents``) → PDF (WeasyPrint), reproducibly: the
same data gives the same bytes, since the PDF's dates come from the data, never from the clock.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Callable
from functools import cache
from io import BytesIO
from itertools import islice
from pathlib import Path
from typing import Any

import pypdf
import weasyprint
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from weasyprint.text.fonts import FontConfiguration

from . import listing, metrics, paging, registers
from .chinese_dates import chinese_date
from .kinds import Kind
from .listing import Listing

TEMPLATES = Path(__file__).resolve().parent.parent / "templates" / "documents"
AUTHOR = "移交 Yijiao"
#: the lists' font stacks (paged_list.css takes them from here; ``metrics`` measures them): the
#: official faces first, for servers licensed for them, then the free Noto CJK fallbacks
BODY = ("宋体", "SimSun", "AR PL SungtiL GB", "Noto Serif CJK SC")
BOLD = ("黑体", "SimHei", "Noto Sans CJK SC")
FONTS = {
    "body": ", ".join(f'"{family}"' for family in BODY) + ", serif",
    "bold": ", ".join(f'"{family}"' for family in BOLD) + ", sans-serif",
}
_THREAD = threading.local()
#: pages of a list rendered at a time: about 3,000 rows, ~4 s, tens of MB
RUN_PAGES = 100


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
    return make(kind, context, title)


def make(
    kind: Kind,
    context: dict[str, Any],
    title: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> bytes:
    """The document as PDF bytes; a list is printed page by page, ``progress(done, pages)`` told
    after each run of pages (the worker shows it on the case: 第 120/800 页)."""
    if kind.paged:
        return _list_pdf(kind, context, title, progress or _unwatched)
    content = _weasyprint(html(kind, context, title))
    if progress is not None:
        progress(1, 1)
    return content


def _list_pdf(
    kind: Kind, context: dict[str, Any], title: str | None, progress: Callable[[int, int], None]
) -> bytes:
    """A list in runs of ``RUN_PAGES`` pages, each rendered apart and the runs joined: memory
    stays that of one run however long the list, and progress is told run by run."""
    rows: Listing = context["listing"]
    layout = list_layout(kind, context)
    plan = layout.plan(rows.rows())
    progress(0, plan.pages)
    template = _environment().get_template(kind.template)
    common = {"kind": kind, "title": title or kind.title, "author": AUTHOR, "created": _created(context)}
    pages = layout.pages(rows.rows(), plan)
    runs, images = [], {}  # a ruling is the same image on every full page: decoded once
    while run := list(islice(pages, RUN_PAGES)):
        runs.append(_weasyprint(template.render(layout=layout, pages=run, fonts=FONTS, **common), images))
        progress(run[-1].number, plan.pages)
    return runs[0] if len(runs) == 1 else joined(runs)


def list_layout(kind: Kind, context: dict[str, Any]) -> paging.Layout:
    """How a list kind's pages are laid out: its columns, its frame and its fonts' widths."""
    frame = kind.frame(context)
    return paging.Layout(context["listing"].columns, frame, metrics.of_stack(BODY), metrics.of_stack(BOLD))


def joined(runs: list[bytes]) -> bytes:
    """PDFs one after another as one PDF, with the first one's metadata (title, author, dates);
    the same runs give the same bytes (nothing of the clock or chance is written)."""
    writer = pypdf.PdfWriter()
    for run in runs:
        writer.append(pypdf.PdfReader(BytesIO(run)))
    first = pypdf.PdfReader(BytesIO(runs[0]))
    if first.metadata:
        writer.add_metadata(dict(first.metadata))
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def _weasyprint(document: str, images: dict | None = None) -> bytes:
    """``images``: decoded images shared by the runs of one list (its rulings)."""
    html_ = weasyprint.HTML(string=document, base_url=str(TEMPLATES))
    return html_.write_pdf(cache=images, font_config=_font_configuration())


def _font_configuration() -> FontConfiguration:
    """One font configuration per thread, kept: WeasyPrint's own, made anew for every render,
    keeps ~35 MB that no collection returns (a 20,000-row list is 30 renders)."""
    fonts = getattr(_THREAD, "fonts", None)
    if fonts is None:
        fonts = _THREAD.fonts = FontConfiguration()
    return fonts


def _unwatched(done: int, pages: int) -> None:
    """Progress nobody watches (a list printed in a request)."""


def input_hash(kind: Kind, context: dict[str, Any], title: str | None = None) -> str:
    """SHA-256 of everything a PDF is made from: kind, data, title and the templates' layout."""
    text = json.dumps(
        {"kind": kind.code, "title": title, "layout": layout_version(), "data": context},
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
        default=_hashable,
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _hashable(value: Any) -> Any:
    """A list's rows hash as their digest (streamed); dates and the like as text."""
    return value.as_hashed() if isinstance(value, Listing) else str(value)


@cache
def layout_version() -> str:
    """A hash of the templates, the code that writes and lays out the lists' rows (their input
    hash takes the registry's raw rows) and the renderer's version: a new layout makes new documents."""
    digest = hashlib.sha256(weasyprint.__version__.encode())
    code = [Path(module.__file__) for module in (registers, listing, paging, metrics)]
    for path in [*sorted(TEMPLATES.iterdir()), *code, Path(__file__)]:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _created(context: dict[str, Any]) -> str | None:
    """The PDF's creation date: the document's own date (midnight, Beijing time)."""
    day = context.get("date")
    return f"{day}T00:00:00+08:00" if day else None
