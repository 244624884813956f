"""Reading an uploaded roster row by row: CSV (UTF-8 with or without BOM, or GB18030/GBK as
Excel saves it on Chinese Windows) or XLSX (the first worksheet), never the whole file at once.

``open_roster`` checks the header row (row 1) and gives a ``Roster`` whose ``rows()`` yields
``(row_number, {header: value})`` for each non-empty data row, row numbers as the spreadsheet
shows them. CSV values are text; XLSX values keep their cell types (dates, numbers).
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import IO, Any

from engine.registry.rosters import xlsx
from engine.registry.rosters.columns import HEADERS, ID_NUMBER, REJECTION_COLUMNS, REQUIRED, SAMPLE

SUFFIXES = (".csv", ".xlsx")
ENCODING_PROBLEM = "文件编码无法识别，请另存为 UTF-8 或 GBK 编码的 CSV"
XLSX_PROBLEM = "无法读取该 XLSX 文件：文件已损坏，或不是 Excel 2007 及以后版本的工作簿（.xls 请另存为 .xlsx）"
_CHUNK = 1 << 16

Cells = Sequence[Any]
#: called for each row read (``budget.Budget.check``): it may raise to stop the reading
Check = Callable[[], None]


def _unchecked() -> None:
    pass


#: the data rows one file may hold: twice the largest enterprise's roster (100,000); a larger file
#: is split, so that no import runs for hours holding the registry
MAX_ROWS = 200_000
TOO_MANY_ROWS = f"登记表超过 {MAX_ROWS} 行：请分成几个文件分别导入"


class RosterUnreadable(ValueError):
    """A file that cannot be imported at all; ``message`` says why, in Chinese."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class Roster:
    """An opened roster: which column holds which header, warnings, and the data rows to come."""

    columns: dict[int, str]
    warnings: list[str]
    #: data rows the file says it has (XLSX records its size; may count trailing empty rows)
    size_hint: int | None
    _raw: Iterator[tuple[int, Cells]] = field(repr=False)

    def rows(self) -> Iterator[tuple[int, dict[str, Any]]]:
        """``(row_number, {header: value})`` of every data row (once: it streams). Empty rows and
        the template's sample row are skipped."""
        read = 0
        for number, cells in self._raw:
            if _has_content(cells):
                values = {header: _cell(cells, index) for index, header in self.columns.items()}
                if not _is_sample(values):
                    read += 1
                    if read > MAX_ROWS:
                        raise RosterUnreadable(TOO_MANY_ROWS)
                    yield number, values


def suffix_problem(filename: str) -> str | None:
    """Why a file of this name cannot be a roster, or None for .csv and .xlsx."""
    if filename.lower().endswith(SUFFIXES):
        return None
    return "只能导入 .csv 或 .xlsx 文件（.xls 请在 Excel 中另存为 .xlsx）"


def open_roster(
    content: IO[bytes] | bytes,
    filename: str,
    headers: tuple[str, ...] = HEADERS,
    required: tuple[str, ...] = REQUIRED,
    check: Check = _unchecked,
) -> Roster:
    """The roster in ``content`` (a seekable file, read from its start, or bytes); raises
    ``RosterUnreadable`` for a file that cannot be read. The roster reads on in the file: read
    nothing else from it meanwhile. Another table (an allocation, an archive list) is read the
    same way with its own ``headers`` and ``required`` ones. ``check`` is called for each row read,
    then and later."""
    problem = suffix_problem(filename)
    if problem:
        raise RosterUnreadable(problem)
    file = _file(content)
    if filename.lower().endswith(".xlsx"):
        size, raw = _xlsx_rows(file, check)
    else:
        size, raw = None, _csv_rows(file, check)
    try:
        _number, header_cells = next(raw)
    except StopIteration:
        raise RosterUnreadable("文件是空的：第1行应为模板中的列名") from None
    columns, warnings = _layout(header_cells, headers, required)
    if size is not None and size - 1 > MAX_ROWS:
        raise RosterUnreadable(TOO_MANY_ROWS)
    return Roster(columns, warnings, max(size - 1, 0) if size else None, raw)


def count_rows(content: IO[bytes] | bytes, filename: str, check: Check = _unchecked) -> int | None:
    """How many data rows a CSV file holds (a quick pass, counting non-empty lines); None for
    XLSX, where counting would cost as much as the import (its recorded size is ``size_hint``).
    Count before opening the roster of the same file: both read it."""
    if filename.lower().endswith(".xlsx"):
        return None
    return sum(1 for _number, cells in _csv_rows(_file(content), check) if _has_content(cells)) - 1


def _file(content: IO[bytes] | bytes) -> IO[bytes]:
    return io.BytesIO(content) if isinstance(content, bytes) else content


# -- the header row ----------------------------------------------------------------------------


def _layout(
    cells: Cells, headers: tuple[str, ...], required: tuple[str, ...]
) -> tuple[dict[int, str], list[str]]:
    """Column index → header; refuses a file lacking a required header or naming one twice."""
    columns: dict[int, str] = {}
    unknown: list[str] = []
    for index, cell in enumerate(cells):
        header = _header(cell)
        if header in columns.values():
            raise RosterUnreadable(f"第1行的列名“{header}”出现了两次，请只保留一列")
        if header in headers:
            columns[index] = header
        elif header and header not in REJECTION_COLUMNS:
            unknown.append(header)
    missing = [header for header in required if header not in columns.values()]
    if len(missing) == len(required):
        raise RosterUnreadable(
            "第1行没有找到模板中的列名（缺少必填列：" + "、".join(missing) + "），请使用下载的模板填写"
        )
    if missing:
        raise RosterUnreadable("缺少必填列：" + "、".join(missing) + "（第1行应为模板中的列名）")
    warnings = ["未识别的列已忽略：" + "、".join(unknown)] if unknown else []
    return columns, warnings


def _header(cell: Any) -> str:
    return "" if cell is None else str(cell).replace("\ufeff", "").strip(" \t\r\n\u3000")


# -- cells -------------------------------------------------------------------------------------


def _cell(cells: Cells, index: int) -> Any:
    """A cell's value: text stripped (None when blank; ="…", how we write ID numbers into CSV files
    so that Excel keeps them as text, unwrapped), other types as they are."""
    value = cells[index] if index < len(cells) else None
    if not isinstance(value, str):
        return value
    value = value.strip()  # Unicode whitespace, the ideographic space (U+3000) included
    if len(value) > 2 and value.startswith('="') and value.endswith('"'):
        value = value[2:-1].strip()
    return value or None


def _is_sample(values: dict[str, Any]) -> bool:
    """The template's sample row, which people may leave in: it is no one to register."""
    return values.get(ID_NUMBER) == SAMPLE[ID_NUMBER] and values.get("姓名") == SAMPLE["姓名"]


def _has_content(cells: Cells) -> bool:
    return any(cell is not None and (not isinstance(cell, str) or cell.strip()) for cell in cells)


# -- CSV -------------------------------------------------------------------------------------


def _csv_rows(file: IO[bytes], check: Check) -> Iterator[tuple[int, Cells]]:
    encoding = _encoding(file)
    file.seek(0)
    text = io.TextIOWrapper(file, encoding=encoding, newline="")
    try:
        delimiter = _delimiter(text.readline())
        text.seek(0)
        yield from _numbered(csv.reader(text, delimiter=delimiter), check)
    finally:
        if not text.closed:  # the file is the caller's: closing the wrapper would close it
            text.detach()


def _numbered(reader, check: Check) -> Iterator[tuple[int, Cells]]:
    number = 0
    try:
        for number, cells in enumerate(reader, start=1):
            check()
            yield number, cells
    except csv.Error as error:
        raise RosterUnreadable(f"第{number + 1}行无法按 CSV 格式读取：{error}") from error


def _encoding(file: IO[bytes]) -> str:
    """UTF-8 (a BOM is dropped) if the bytes are UTF-8, else GB18030 (a superset of GBK)."""
    if any(b"\x00" in chunk for chunk in _chunks(file)):  # UTF-16 (Excel's "Unicode text"), or not text
        raise RosterUnreadable(ENCODING_PROBLEM)
    for encoding, reader_encoding in (("utf-8", "utf-8-sig"), ("gb18030", "gb18030")):
        if _decodes(file, encoding):
            return reader_encoding
    raise RosterUnreadable(ENCODING_PROBLEM)


def _decodes(file: IO[bytes], encoding: str) -> bool:
    """Whether all of the file is valid ``encoding``, checked 64 KB at a time."""
    decoder = codecs.getincrementaldecoder(encoding)()
    try:
        for chunk in _chunks(file):
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _chunks(file: IO[bytes]) -> Iterator[bytes]:
    """The file from its start, 64 KB at a time."""
    file.seek(0)
    while chunk := file.read(_CHUNK):
        yield chunk


def _delimiter(first_line: str) -> str:
    """Comma, unless the header row is plainly separated by tabs or semicolons."""
    if "," in first_line:
        return ","
    return max(("\t", ";"), key=first_line.count) if ("\t" in first_line or ";" in first_line) else ","


# -- XLSX ------------------------------------------------------------------------------------


def _xlsx_rows(file: IO[bytes], check: Check) -> tuple[int | None, Iterator[tuple[int, Cells]]]:
    """The first sheet's recorded size (rows) and its rows."""
    try:
        sheet = xlsx.Sheet(file, check)
        size = sheet.size()
    except xlsx.NoWorksheet:
        raise RosterUnreadable("该 XLSX 文件中没有工作表") from None
    except xlsx.TooLarge as refused:
        raise RosterUnreadable(refused.message) from None
    except xlsx.BROKEN as error:
        raise RosterUnreadable(XLSX_PROBLEM) from error
    return size, _sheet_rows(sheet)


def _sheet_rows(sheet: xlsx.Sheet) -> Iterator[tuple[int, Cells]]:
    try:
        yield from sheet.rows()
    except xlsx.TooLarge as refused:
        raise RosterUnreadable(refused.message) from None
    except xlsx.BROKEN as error:
        raise RosterUnreadable(XLSX_PROBLEM) from error
    finally:
        sheet.close()
