"""A search's retirees as a spreadsheet (.xlsx), masked as the viewer sees them on the page (a
masked ID number comes without birth date and hukou code).

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

from engine.cells import neutral
from engine.policy import divisions
from engine.registry.access import Viewer, identity
from engine.registry.retirees import ARCHIVE_STATUS_NAMES, STATUS_NAMES, Retiree

MAX_ROWS = 100_000
BATCH = 1000

#: header → the cell of a retiree (``shown``: its ``Identity`` for the viewer; ``names``: organisation
#: id → name)
COLUMNS: tuple[tuple[str, Any], ...] = (
    ("姓名", lambda r, s, n: r.name),
    ("性别", lambda r, s, n: r.sex),
    ("身份证号", lambda r, s, n: s.id_number),
    ("出生日期", lambda r, s, n: s.birth_date or ""),
    ("退休日期", lambda r, s, n: r.retirement_date),
    ("户籍地区划代码", lambda r, s, n: s.hukou_code or ""),
    ("常住地区划代码", lambda r, s, n: r.residence_code),
    ("人员类别", lambda r, s, n: r.category),
    ("党员", lambda r, s, n: "是" if r.party_member else "否"),
    ("特殊情况", lambda r, s, n: "、".join(r.special_status or [])),
    ("联系电话", lambda r, s, n: s.phone or ""),
    ("常住地址", lambda r, s, n: s.address or ""),
    ("移交企业", lambda r, s, n: n.get(r.enterprise_org, r.enterprise_org)),
    ("接收地区划代码", lambda r, s, n: r.destination_code or ""),
    ("接收地", lambda r, s, n: divisions.full_name(r.destination_code) if r.destination_code else "不移交"),
    ("移交依据", lambda r, s, n: r.destination_reason),
    ("移交状态", lambda r, s, n: STATUS_NAMES.get(r.status, r.status)),
    ("档案状态", lambda r, s, n: ARCHIVE_STATUS_NAMES.get(r.archive_status, r.archive_status)),
    ("接收社区", lambda r, s, n: n.get(r.community_org, r.community_org or "")),
    ("所属案件", lambda r, s, n: r.instance_id or ""),
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
        shown = identity(viewer, retiree)
        sheet.append([neutral(cell(retiree, shown, names)) for _header, cell in COLUMNS])
        written += 1
    workbook.save(target)
    return written


def _rows(session: Session, statement: Select[tuple[Retiree]]) -> Iterable[Retiree]:
    for retiree in session.scalars(statement.execution_options(yield_per=BATCH)):
        yield retiree
        session.expunge(retiree)  # keep the identity map from growing with the export
