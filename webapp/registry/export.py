"""A search's retirees as a spreadsheet (.xlsx), masked as the viewer sees them on the page.

openpyxl's write-only mode keeps only the row being written in memory; the rows come from the
database in batches and the workbook goes to a temporary file, so a large export never sits in
memory whole.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import IO, Any

from openpyxl import Workbook
from sqlalchemy import Select
from sqlalchemy.orm import Session

from engine import divisions
from engine.registry import ARCHIVE_STATUS_NAMES, STATUS_NAMES, Retiree

from .access import Viewer, shown_id

MAX_ROWS = 100_000
BATCH = 1000

#: header → the cell of a retiree (``names``: organisation id → name)
COLUMNS: tuple[tuple[str, Any], ...] = (
    ("姓名", lambda r, v, n: r.name),
    ("性别", lambda r, v, n: r.sex),
    ("身份证号", lambda r, v, n: shown_id(v, r)),
    ("出生日期", lambda r, v, n: r.birth_date),
    ("退休日期", lambda r, v, n: r.retirement_date),
    ("户籍地区划代码", lambda r, v, n: r.hukou_code),
    ("常住地区划代码", lambda r, v, n: r.residence_code),
    ("人员类别", lambda r, v, n: r.category),
    ("党员", lambda r, v, n: "是" if r.party_member else "否"),
    ("特殊情况", lambda r, v, n: "、".join(r.special_status or [])),
    ("联系电话", lambda r, v, n: r.phone or ""),
    ("移交企业", lambda r, v, n: n.get(r.enterprise_org, r.enterprise_org)),
    ("接收地区划代码", lambda r, v, n: r.destination_code or ""),
    ("接收地", lambda r, v, n: divisions.full_name(r.destination_code) if r.destination_code else "不移交"),
    ("移交依据", lambda r, v, n: r.destination_reason),
    ("移交状态", lambda r, v, n: STATUS_NAMES.get(r.status, r.status)),
    ("档案状态", lambda r, v, n: ARCHIVE_STATUS_NAMES.get(r.archive_status, r.archive_status)),
    ("接收社区", lambda r, v, n: n.get(r.community_org, r.community_org or "")),
    ("所属案件", lambda r, v, n: r.instance_id or ""),
)
HEADERS = [header for header, _cell in COLUMNS]


def write(
    session: Session, statement: Select[tuple[Retiree]], viewer: Viewer, names: dict[str, str], target: IO
) -> int:
    """Write the statement's retirees (at most ``MAX_ROWS``) to ``target``; return how many."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("退休人员")
    sheet.append(HEADERS)
    written = 0
    for retiree in _rows(session, statement.limit(MAX_ROWS)):
        sheet.append([cell(retiree, viewer, names) for _header, cell in COLUMNS])
        written += 1
    workbook.save(target)
    return written


def _rows(session: Session, statement: Select[tuple[Retiree]]) -> Iterable[Retiree]:
    for retiree in session.scalars(statement.execution_options(yield_per=BATCH)):
        yield retiree
        session.expunge(retiree)  # keep the identity map from growing with the export
