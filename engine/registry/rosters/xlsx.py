"""The first worksheet of an XLSX file, row by row, parsed straight from its XML as it streams out
of the zip (with lxml; openpyxl's reader builds an object per cell and, for a sheet without a recorded size,
reads the whole sheet once more to measure it: three times slower on a large roster).

Cells come as openpyxl gives them with ``values_only``: shared and inline strings as text,
numbers as int or float, numbers in a date format as datetimes (1900 or 1904 calendar), booleans,
ISO dates (``t="d"``), the cached value of formulas, error codes as text. A row's cells sit at
their column (``r="C5"``), so a sparse row keeps its gaps as None, and rows missing from the XML
come as empty rows: row numbers are the spreadsheet's.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
import zlib
from collections.abc import Callable, Iterator
from functools import lru_cache
from typing import IO, Any
from xml.etree.ElementTree import Element, ParseError, iterparse, parse

from lxml import etree
from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format
from openpyxl.utils.cell import column_index_from_string
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel, from_ISO8601

from engine.registry.rosters.scratch import scratch_database

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_PACKAGE_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_ROW, _CELL, _VALUE, _TEXT = f"{_MAIN}row", f"{_MAIN}c", f"{_MAIN}v", f"{_MAIN}t"
_INLINE, _RUN = f"{_MAIN}is", f"{_MAIN}r"
_COLUMN = re.compile(r"[A-Z]+")
#: shared strings looked up often (a roster's sexes, categories, codes, dates) kept in memory
_OFTEN = 4096
#: what breaks while reading a damaged file
BROKEN = (zipfile.BadZipFile, zlib.error, LookupError, OSError, ParseError, etree.Error, ValueError, EOFError)

Cells = list[Any]


#: Excel's last row: a row numbered beyond it is a crafted file (``r="9999999999999"`` made the
#: import count empty rows for ever, holding the database's write lock)
LAST_ROW = 1_048_576
#: what a worksheet and the shared-strings table may decompress to (a 0.5 MB file held a 208 MB
#: table): far above a 100,000-row roster (about 40 MB and 10 MB)
MAX_SHEET_BYTES = 512 * 1024 * 1024
MAX_SHARED_STRINGS_BYTES = 64 * 1024 * 1024


class NoWorksheet(ValueError):
    """A workbook without a worksheet."""


class TooLarge(ValueError):
    """A workbook beyond the limits a roster can reach; ``message`` says which, in Chinese."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class Sheet:
    """The first worksheet of an opened XLSX file: its recorded size and its rows."""

    def __init__(self, file: IO[bytes], check: Callable[[], None] = lambda: None):
        """``check`` is called for each row and each shared string read (it may raise to stop)."""
        self._check = check
        self._zip = zipfile.ZipFile(file)
        workbook = _parse(self._zip, "xl/workbook.xml")
        self._epoch = _epoch(workbook)
        self._path = _first_sheet_path(self._zip, workbook)
        _require_size(self._zip, self._path, MAX_SHEET_BYTES, "工作表")
        strings = _part_of_type(self._zip, "sharedStrings")
        if strings:
            _require_size(self._zip, strings, MAX_SHARED_STRINGS_BYTES, "共享字符串表")
        self._strings = SharedStrings(self._zip, check)
        self._dates, self._durations = _date_styles(self._zip)

    def size(self) -> int | None:
        """The rows the sheet records it has (its ``dimension``), or None when it does not say."""
        with self._zip.open(self._path) as xml:
            for _event, element in iterparse(xml, events=("start",)):
                if element.tag == f"{_MAIN}dimension":
                    match = re.search(r"(\d+)$", element.get("ref", ""))
                    return int(match.group(1)) if match and ":" in element.get("ref", "") else None
                if element.tag == f"{_MAIN}sheetData":
                    return None
        return None

    def rows(self) -> Iterator[tuple[int, Cells]]:
        """``(row_number, cells)`` for rows 1, 2, … up to the last row of the sheet."""
        expected = 1
        with self._zip.open(self._path) as xml:
            # lxml hands over only the rows (filtered in C); each is dropped once read
            for _event, row in etree.iterparse(xml, tag=_ROW, resolve_entities=False):
                number = int(row.get("r") or expected)
                if not expected <= number <= LAST_ROW:
                    raise TooLarge(f"第{expected}行之后的行号 {number} 不合理（Excel 最多 {LAST_ROW} 行）")
                for empty in range(expected, number):
                    self._check()
                    yield empty, []
                self._check()
                yield number, self._cells(row)
                expected = number + 1
                _drop(row)

    def close(self) -> None:
        self._strings.close()
        self._zip.close()

    def _cells(self, row: Element) -> Cells:
        cells: Cells = []
        for cell in row.iter(_CELL):
            column = _column(cell.get("r"), len(cells) + 1)
            if column > len(cells):
                cells.extend([None] * (column - len(cells)))
            cells[column - 1] = self._value(cell)
        return cells

    def _value(self, cell: Element) -> Any:
        kind = cell.get("t", "n")
        if kind == "inlineStr":
            inline = cell.find(_INLINE)
            return _text_of(inline) if inline is not None else None
        value = cell.findtext(_VALUE)
        if value is None:
            return None
        if kind == "s":
            return self._strings[int(value)]
        if kind == "n":
            return self._number(value, cell.get("s"))
        if kind == "b":
            return value == "1"
        if kind == "d":
            return from_ISO8601(value)
        return value  # "str" (a formula's text), "e" (an error such as #N/A)

    def _number(self, value: str, style: str | None) -> Any:
        number: float = float(value) if any(c in value for c in ".eE") else int(value)
        if style is not None and int(style) in self._dates:
            return from_excel(number, self._epoch, timedelta=int(style) in self._durations)
        return number


def _require_size(archive: zipfile.ZipFile, name: str, limit: int, what: str) -> None:
    """Refuse a part whose recorded size is beyond ``limit`` (zipfile reads no more than that)."""
    size = archive.getinfo(name).file_size
    if size > limit:
        megabytes, most = size // (1024 * 1024), limit // (1024 * 1024)
        raise TooLarge(f"该 XLSX 文件的{what}解压后有 {megabytes} MB，超过 {most} MB 的上限")


def _column(reference: str | None, otherwise: int) -> int:
    """The column (1 = A) of a cell reference such as ``C5``; ``otherwise`` without one."""
    letters = _COLUMN.match(reference.upper()) if reference else None
    return column_index_from_string(letters.group()) if letters else otherwise


def _parse(archive: zipfile.ZipFile, name: str) -> Element:
    """A small part (the workbook, its styles) whole."""
    with archive.open(name) as xml:
        return parse(xml).getroot()


def _first_sheet_path(archive: zipfile.ZipFile, workbook: Element) -> str:
    sheet = workbook.find(f"{_MAIN}sheets/{_MAIN}sheet")
    if sheet is None:
        raise NoWorksheet("no worksheet")
    targets = _relationships(archive, "xl/_rels/workbook.xml.rels")
    return _resolve("xl/workbook.xml", targets[sheet.get(_REL)])


def _relationships(archive: zipfile.ZipFile, name: str) -> dict[str, str]:
    with archive.open(name) as xml:
        return {
            element.get("Id"): element.get("Target")
            for _event, element in iterparse(xml)
            if element.tag == _PACKAGE_RELS
        }


def _resolve(source: str, target: str) -> str:
    """A relationship's target as a path in the zip (absolute, or relative to its source)."""
    if target.startswith("/"):
        return target[1:]
    return posixpath.normpath(posixpath.join(posixpath.dirname(source), target))


def _epoch(workbook: Element):
    properties = workbook.find(f"{_MAIN}workbookPr")
    uses_1904 = properties is not None and properties.get("date1904") in ("1", "true")
    return CALENDAR_MAC_1904 if uses_1904 else CALENDAR_WINDOWS_1900


class SharedStrings:
    """The workbook's shared strings table (empty when it has none), by index.

    Excel and WPS put every text of a sheet in it, each ID number and phone number too: a list
    would cost ~70 bytes a string (15 MB for a 100k-row roster). It goes into a scratch database
    instead, the strings looked up often kept in memory as well."""

    def __init__(self, archive: zipfile.ZipFile, check: Callable[[], None] = lambda: None):
        self._db = scratch_database()
        self._db.execute("CREATE TABLE string (id INTEGER PRIMARY KEY, text TEXT)")
        part = _part_of_type(archive, "sharedStrings")
        if part is not None:
            with archive.open(part) as xml, self._db:
                self._db.executemany("INSERT INTO string VALUES (?, ?)", enumerate(_string_items(xml, check)))
        self._looked_up = lru_cache(maxsize=_OFTEN)(self._look_up)

    def __getitem__(self, index: int) -> str:
        return self._looked_up(index)

    def close(self) -> None:
        self._db.close()

    def _look_up(self, index: int) -> str:
        found = self._db.execute("SELECT text FROM string WHERE id = ?", (index,)).fetchone()
        if found is None:
            raise IndexError(f"no shared string {index}")
        return found[0]


def _string_items(xml: IO[bytes], check: Callable[[], None]) -> Iterator[str]:
    for _event, item in etree.iterparse(xml, tag=f"{_MAIN}si", resolve_entities=False):
        check()
        yield _text_of(item)
        _drop(item)


def _drop(element: etree._Element) -> None:
    """Forget an element read from a stream, and those before it (else the tree keeps them all)."""
    element.clear()
    while element.getprevious() is not None:
        del element.getparent()[0]


def _date_styles(archive: zipfile.ZipFile) -> tuple[set[int], set[int]]:
    """The cell styles (``s``) whose number format is a date, and those of them that are
    durations ([h]:mm)."""
    part = _part_of_type(archive, "styles")
    if part is None:
        return set(), set()
    styles = _parse(archive, part)
    formats = dict(BUILTIN_FORMATS)
    for number_format in styles.iterfind(f"{_MAIN}numFmts/{_MAIN}numFmt"):
        formats[int(number_format.get("numFmtId"))] = number_format.get("formatCode", "")
    dates, durations = set(), set()
    for index, xf in enumerate(styles.iterfind(f"{_MAIN}cellXfs/{_MAIN}xf")):
        code = formats.get(int(xf.get("numFmtId", "0")), "")
        if code and is_date_format(code):
            dates.add(index)
            if is_timedelta_format(code):
                durations.add(index)
    return dates, durations


def _part_of_type(archive: zipfile.ZipFile, kind: str) -> str | None:
    """The workbook's part of a relationship type (``sharedStrings``, ``styles``), if any."""
    with archive.open("xl/_rels/workbook.xml.rels") as xml:
        for _event, element in iterparse(xml):
            if element.tag == _PACKAGE_RELS and element.get("Type", "").endswith("/" + kind):
                path = _resolve("xl/workbook.xml", element.get("Target"))
                return path if path in archive.NameToInfo else None
    return None


def _text_of(element: Element) -> str:
    """The text of a string item: its ``<t>``, or its runs' ``<t>``s, without phonetic hints."""
    parts = []
    for child in element:
        if child.tag == _TEXT:
            parts.append(child.text or "")
        elif child.tag == _RUN:
            parts.append(child.findtext(_TEXT) or "")
        # phonetic hints (rPh) and run properties are not the cell's text
    return "".join(parts)
