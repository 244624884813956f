"""The XLSX sheet reader on files laid out as Excel, WPS and openpyxl write them: shared strings
(rich text, phonetic hints), inline strings, numbers, dates stored as serials in either calendar,
booleans, sparse rows and missing rows."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime

import pytest

from engine.registry.rosters import xlsx
from engine.registry.rosters.columns import HEADERS
from engine.registry.rosters.reading import XLSX_PROBLEM, RosterUnreadable, open_roster

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
STYLES = (
    f'<styleSheet xmlns="{MAIN}"><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy/m/d"/></numFmts>'
    '<cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/></cellXfs></styleSheet>'
)
SHARED = (
    f'<sst xmlns="{MAIN}"><si><t>王建国</t></si>'
    "<si><r><t>李</t></r><r><rPr><b/></rPr><t>秀英</t></r><rPh><t>リ</t></rPh></si><si><t/></si></sst>"
)


def workbook(sheet_data: str, date1904: bool = False, absolute: bool = False, dimension: str = "") -> bytes:
    target = "/xl/worksheets/sheet1.xml" if absolute else "worksheets/sheet1.xml"
    calendar = ' date1904="1"' if date1904 else ""
    sheet = f'<worksheet xmlns="{MAIN}">{dimension}<sheetData>{sheet_data}</sheetData></worksheet>'
    parts = {
        "xl/workbook.xml": f'<workbook xmlns="{MAIN}" xmlns:r="{DOC}">'
        f"<workbookPr{calendar}/>"
        '<sheets><sheet name="登记表" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{RELS}">'
        f'<Relationship Id="rId1" Type="{DOC}/worksheet" Target="{target}"/>'
        f'<Relationship Id="rId2" Type="{DOC}/sharedStrings" Target="sharedStrings.xml"/>'
        f'<Relationship Id="rId3" Type="{DOC}/styles" Target="styles.xml"/></Relationships>',
        "xl/sharedStrings.xml": SHARED,
        "xl/styles.xml": STYLES,
        "xl/worksheets/sheet1.xml": sheet,
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, xml in parts.items():
            archive.writestr(name, xml)
    return out.getvalue()


def rows(content: bytes) -> list[tuple[int, list]]:
    sheet = xlsx.Sheet(io.BytesIO(content))
    try:
        return list(sheet.rows())
    finally:
        sheet.close()


def test_cells_keep_their_types():
    content = workbook(
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>'
        '<c r="C1" t="inlineStr"><is><t>410105195001010013</t></is></c><c r="D1" s="1"><v>18264</v></c>'
        '<c r="E1" s="2"><v>40210</v></c><c r="F1"><v>410105</v></c><c r="G1"><v>1.5</v></c>'
        '<c r="H1" t="b"><v>1</v></c><c r="I1" t="str"><f>A1</f><v>王建国</v></c>'
        '<c r="J1" t="e"><v>#N/A</v></c>'
        '<c r="K1" t="d"><v>2010-02-01T00:00:00</v></c></row>'
    )
    assert rows(content) == [
        (
            1,
            [
                "王建国",
                "李秀英",  # runs joined, the phonetic hint left out
                "410105195001010013",
                datetime(1950, 1, 1),
                datetime(2010, 2, 1),
                410105,
                1.5,
                True,
                "王建国",
                "#N/A",
                datetime(2010, 2, 1),
            ],
        )
    ]


def test_sparse_rows_keep_their_columns_and_missing_rows_come_empty():
    content = workbook(
        '<row r="2"><c r="B2" t="s"><v>0</v></c><c r="D2"><v>7</v></c></row>'
        '<row r="4"><c r="A4" t="s"><v>2</v></c><c r="C4"/></row><row><c><v>1</v></c><c><v>2</v></c></row>'
    )
    expected = [(1, []), (2, [None, "王建国", None, 7]), (3, []), (4, ["", None, None]), (5, [1, 2])]
    assert rows(content) == expected


def test_the_1904_calendar_and_an_absolute_sheet_path():
    content = workbook('<row r="1"><c r="A1" s="1"><v>1</v></c></row>', date1904=True, absolute=True)
    assert rows(content) == [(1, [datetime(1904, 1, 2)])]


@pytest.mark.parametrize(
    ("dimension", "size"), [('<dimension ref="A1:K101"/>', 101), ('<dimension ref="A1"/>', None), ("", None)]
)
def test_the_recorded_size_is_read_from_the_dimension(dimension, size):
    sheet = xlsx.Sheet(io.BytesIO(workbook("", dimension=dimension)))
    assert sheet.size() == size
    sheet.close()


@pytest.mark.parametrize(
    "broken", ['<row r="2"><c r="A2" t="s"><v>0</v></c>', '<row r="2"><c t="s"><v>9</v></c></row>']
)
def test_a_sheet_broken_further_in_is_refused(broken):
    header = "".join(f'<c t="inlineStr"><is><t>{name}</t></is></c>' for name in HEADERS)
    content = workbook(f'<row r="1">{header}</row>{broken}')
    roster = open_roster(content, "a.xlsx")
    with pytest.raises(RosterUnreadable) as refused:
        list(roster.rows())
    assert refused.value.message == XLSX_PROBLEM
