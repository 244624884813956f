"""Files for the people who fill rosters in: the template (登记表模板, XLSX or CSV) and the rows
an import refused, with their original values and why, ready to correct and upload again."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from engine.cells import neutral
from engine.policy import rules
from engine.registry.rosters.columns import COLUMNS, HEADERS, ID_NUMBER, REJECTION_COLUMNS, SAMPLE
from engine.registry.rosters.validation import cell_text

#: columns kept as text in the template, so Excel neither rounds nor reformats them
_TEXT_COLUMNS = (ID_NUMBER, "户籍地区划代码", "常住地区划代码", "联系电话")
_DATE_COLUMNS = ("出生日期", "退休日期")
_ROWS_WITH_CHOICES = 10_000
_CHOICES = {"性别": ("男", "女"), "人员类别": rules.CATEGORIES, "党员": ("是", "否")}
NOTES = (
    "第1行是列名，请勿修改；列的顺序可以调整，模板以外的列导入时会被忽略。",
    "每人一行；第2行是示例，导入时会自动忽略，可以保留也可以删除。",
    "身份证号、区划代码、联系电话三列已设为文本格式：从别处粘贴时请选择“只粘贴值”，"
    "否则 Excel 可能把身份证号变成数字并丢失后几位。",
    "保存为 CSV 时请选择“CSV UTF-8”或“CSV（逗号分隔）”（GBK），两种都可以导入。",
)


def template_xlsx() -> bytes:
    """The template workbook: 登记表 (headers, one sample row, choice lists) and 说明."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "登记表"
    sheet.append(HEADERS)
    sheet.append([_sample_cell(column.header) for column in COLUMNS])
    for index, column in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        sheet.cell(1, index).font = Font(bold=True, color="B3261E" if column.required else None)
        sheet.column_dimensions[letter].width = max(10, len(column.sample) * 2 + 2)
        if column.header in _TEXT_COLUMNS:
            sheet.column_dimensions[letter].number_format = "@"
        if column.header in _DATE_COLUMNS:
            sheet.column_dimensions[letter].number_format = "yyyy-mm-dd"
            sheet.cell(2, index).number_format = "yyyy-mm-dd"
        if column.header in _CHOICES:
            _add_choices(sheet, letter, _CHOICES[column.header])
    sheet.freeze_panes = "A2"
    _explain(workbook.create_sheet("说明"))
    return _saved(workbook)


def template_csv() -> bytes:
    """The template as CSV (UTF-8 with BOM, so Excel shows the Chinese): headers and the sample."""
    return _csv([HEADERS, [_written(header, SAMPLE[header]) for header in HEADERS]])


def rejections_file(rejected: Sequence[dict[str, Any]], rows: Iterable[tuple[int, dict[str, Any]]]) -> bytes:
    """The refused rows of an import, one line each, with their original values and 行号/列/原因.

    ``rows`` are the original file's rows (``Roster.rows()``); the result is a CSV (UTF-8 with
    BOM) in template order that can be corrected and uploaded again as it is.
    """
    problems: dict[int, list[dict[str, Any]]] = {}
    for rejection in rejected:
        problems.setdefault(rejection["row"], []).append(rejection)
    lines: list[Sequence[str]] = [(*HEADERS, *REJECTION_COLUMNS)]
    for number, values in rows:
        if number in problems:
            lines.append(
                (*(_written(h, values.get(h)) for h in HEADERS), *_explained(number, problems[number]))
            )
            if len(lines) > len(problems):
                break
    return _csv(lines)


def _explained(number: int, problems: list[dict[str, Any]]) -> tuple[str, str, str]:
    columns = list(dict.fromkeys(problem["column"] for problem in problems))
    return str(number), "、".join(columns), "；".join(problem["reason"] for problem in problems)


def _written(header: str, value: Any) -> str:
    """A cell as CSV text; ID numbers as ="…" so that Excel keeps all 18 digits when it opens the
    file (the reader unwraps it again); any other text that looks like a formula neutralised."""
    if value is None:
        return ""
    text = cell_text(value)
    if header == ID_NUMBER and isinstance(value, str) and value.isalnum():
        return f'="{text}"'  # our own formula, for a value that is only digits and X
    return neutral(text)


def _csv(lines: Iterable[Sequence[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(lines)
    return out.getvalue().encode("utf-8-sig")


def _sample_cell(header: str) -> Any:
    return date.fromisoformat(SAMPLE[header]) if header in _DATE_COLUMNS else SAMPLE[header]


def _add_choices(sheet, letter: str, choices: tuple[str, ...]) -> None:
    validation = DataValidation(
        type="list",
        formula1='"' + ",".join(choices) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="请从列表中选择",
        error="只能填：" + "、".join(choices),
    )
    validation.add(f"{letter}2:{letter}{_ROWS_WITH_CHOICES}")
    sheet.add_data_validation(validation)


def _explain(sheet) -> None:
    sheet.append(("列名", "是否必填", "填写说明", "示例"))
    for column in COLUMNS:
        sheet.append(
            (column.header, "必填" if column.required else "选填", column.explanation, column.sample)
        )
    sheet.append(())
    for note in NOTES:
        sheet.append((note,))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for letter, width in zip("ABCD", (16, 10, 80, 22), strict=True):
        sheet.column_dimensions[letter].width = width
    for row in sheet.iter_rows(min_row=2, min_col=3, max_col=3):
        row[0].alignment = Alignment(wrap_text=True, vertical="top")


def _saved(workbook: Workbook) -> bytes:
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
