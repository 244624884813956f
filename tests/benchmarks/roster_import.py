"""Benchmark: importing a roster of 10k and 100k rows (1% of them bad), as CSV and as XLSX.

The files are written row by row into a temporary folder: CSV, XLSX as Excel and WPS save it
(shared strings, the sheet's size recorded up front), and XLSX as openpyxl writes it (inline
strings and no recorded size, so reading costs more). Each import runs through the real code
path (``start_import`` storing the open file, as an upload comes, then ``webapp.rosters.runner.run``
batch by batch, one transaction each) into a fresh database, in a child process. Prints seconds,
rows per second and how far the import raised the child's peak memory (max RSS), then the peaks
side by side by size; targets: 100k rows ≤ 30 s, and memory flat (the peak at 100k rows about that
at 10k: nothing held grows with the file). Never fails.

    python -m tests.benchmarks.roster_import [sizes...]
"""

from __future__ import annotations

import csv
import multiprocessing
import random
import resource
import sys
import tempfile
import time
import zipfile
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, date, datetime, timedelta
from itertools import chain
from pathlib import Path
from xml.sax.saxutils import escape

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from engine import SettableClock
from engine.database import make_session_factory
from engine.directory.organisations import Organisation
from engine.policy import resident_id
from engine.registry.retirees import RosterImport
from engine.registry.rosters import start_import
from engine.registry.rosters.columns import HEADERS
from tests.benchmarks.common import database_urls, fresh_database, label
from webapp.rosters.runner import run

NOW = datetime(2017, 4, 1, 9, 0, tzinfo=UTC)
ENTERPRISE = "org-ent-bench"
COUNTIES = ("410105", "410102", "410103", "410302", "410402", "411002")
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗"
GIVEN = "建国 秀英 志刚 桂兰 德明 玉梅 保国 红梅 长生 爱华".split()
#: what goes wrong in the one row of a hundred that is bad
MISTAKES = (
    {"人员类别": "职工"},
    {"出生日期": "1900-01-01"},
    {"户籍地区划代码": "419999"},
    {"联系电话": "12345"},
    {"特殊情况": "贫困"},
)


def rows(size: int, seed: int = 2017) -> Iterator[list[str]]:
    """``size`` roster rows in template order, every hundredth with one mistake."""
    rng = random.Random(seed)
    for n in range(size):
        born = date(1940, 1, 1) + timedelta(days=n // 500)
        sequence = n % 500 * 2 + 1  # odd: men
        county = COUNTIES[n % len(COUNTIES)]
        row = {
            "姓名": rng.choice(SURNAMES) + rng.choice(GIVEN),
            "性别": "男",
            "身份证号": resident_id.make(county, born, sequence),
            "出生日期": born.isoformat(),
            "退休日期": date(born.year + 60, born.month, 1).isoformat(),
            "户籍地区划代码": county,
            "常住地区划代码": county if n % 10 else COUNTIES[(n + 1) % len(COUNTIES)],
            "人员类别": "普通退休人员",
            "党员": "是" if n % 3 == 0 else "否",
            "特殊情况": "高龄" if born.year < 1937 else "",
            "联系电话": f"138{n:08d}",
            "常住地址": f"第{n % 20 + 1}街道 {n % 97 + 1}号楼",
        }
        if n % 100 == 99:
            row |= MISTAKES[n // 100 % len(MISTAKES)]
        yield [row[header] for header in HEADERS]


def write_csv(path: Path, size: int) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(HEADERS)
        writer.writerows(rows(size))
    return path


def write_openpyxl_xlsx(path: Path, size: int) -> Path:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("登记表")
    sheet.append(HEADERS)
    for row in rows(size):
        sheet.append(row)
    workbook.save(path)
    return path


_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_PARTS = {
    "[Content_Types].xml": '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    f'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/xl/workbook.xml" ContentType="{_TYPE}.sheet.main+xml"/>'
    f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{_TYPE}.worksheet+xml"/>'
    f'<Override PartName="/xl/sharedStrings.xml" ContentType="{_TYPE}.sharedStrings+xml"/></Types>',
    "_rels/.rels": f'<Relationships xmlns="{_RELS}"><Relationship Id="rId1" '
    f'Type="{_DOC}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    "xl/workbook.xml": f'<workbook xmlns="{_MAIN}" xmlns:r="{_DOC}">'
    '<sheets><sheet name="登记表" sheetId="1" r:id="rId1"/></sheets></workbook>',
    "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{_RELS}">'
    f'<Relationship Id="rId1" Type="{_DOC}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{_DOC}/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
}


def write_excel_xlsx(path: Path, size: int) -> Path:
    """XLSX laid out as Excel saves it: every text in the shared strings table, size up front."""
    strings: dict[str, int] = {}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, xml in _PARTS.items():
            archive.writestr(name, xml)
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            last = f"{get_column_letter(len(HEADERS))}{size + 1}"
            sheet.write(f'<worksheet xmlns="{_MAIN}"><dimension ref="A1:{last}"/><sheetData>'.encode())
            for number, row in enumerate(chain([HEADERS], rows(size)), start=1):
                cells = "".join(
                    f'<c r="{get_column_letter(column)}{number}" t="s"><v>{_index(strings, text)}</v></c>'
                    for column, text in enumerate(row, start=1)
                    if text
                )
                sheet.write(f'<row r="{number}">{cells}</row>'.encode())
            sheet.write(b"</sheetData></worksheet>")
        table = "".join(f"<si><t>{escape(text)}</t></si>" for text in strings)
        archive.writestr(
            "xl/sharedStrings.xml", f'<sst xmlns="{_MAIN}" uniqueCount="{len(strings)}">{table}</sst>'
        )
    return path


def _index(strings: dict[str, int], text: str) -> int:
    return strings.setdefault(text, len(strings))


WRITERS = {"csv": write_csv, "xlsx": write_excel_xlsx, "xlsx (openpyxl)": write_openpyxl_xlsx}


def _max_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KB on Linux


def measure(url: str, path: Path) -> tuple[float, int, int, float]:
    """Seconds to import ``path`` into a fresh database, rows accepted and rejected, and how far
    the import raised the peak memory (MB). It runs in a child process of its own, so that the
    peak is the import's, not the file generation's or an earlier import's."""
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork")) as child:
        return child.submit(_import, url, path).result()


def _import(url: str, path: Path) -> tuple[float, int, int, float]:
    with fresh_database(url) as db_engine:
        sessions = make_session_factory(db_engine)
        with sessions() as session, session.begin():
            session.add(Organisation(id=ENTERPRISE, name="企业", kind="enterprise", division_code="410402"))
        rss_before = _max_rss_mb()
        started = time.perf_counter()
        with sessions() as session, session.begin(), path.open("rb") as file:  # as uploads come
            import_id = start_import(session, ENTERPRISE, path.name, file, "bench", NOW).id
        run(sessions, import_id, SettableClock(NOW))
        seconds = time.perf_counter() - started
        with sessions() as session:
            done = session.get(RosterImport, import_id)
        return seconds, done.accepted, len(done.rejected), _max_rss_mb() - rss_before


def main(sizes: tuple[int, ...] = (10_000, 100_000), formats: tuple[str, ...] = tuple(WRITERS)) -> list:
    results = []
    print("roster import (1% bad rows), batches of 1000, one transaction each")
    with tempfile.TemporaryDirectory() as folder:
        files = {}
        for size in sizes:
            for n, kind in enumerate(formats):
                suffix = "csv" if kind == "csv" else "xlsx"
                files[size, kind] = WRITERS[kind](Path(folder) / f"roster-{size}-{n}.{suffix}", size)
        for url in database_urls():
            for (size, kind), path in files.items():
                seconds, accepted, rejected, peak = measure(url, path)
                results.append((label(url), kind, size, seconds, accepted, rejected, peak))
                print(
                    f"  {label(url):10} {kind:15} {size:>7} rows ({path.stat().st_size / 1e6:5.1f} MB): "
                    f"{seconds:6.2f} s, {size / seconds:6.0f} rows/s, accepted {accepted}, "
                    f"rejected {rejected}, peak memory +{peak:.0f} MB"
                    f"{'  (target ≤ 30 s)' if size == 100_000 else ''}"
                )
    _print_peaks(results, sizes)
    return results


def _print_peaks(results: list, sizes: tuple[int, ...]) -> None:
    """Each file kind's peak memory growth and time at every size, on one line."""
    print("peak memory growth (max RSS) and time, by size: flat when the columns match")
    by_kind: dict[tuple[str, str], dict[int, tuple[float, float]]] = {}
    for database, kind, size, seconds, _accepted, _rejected, peak in results:
        by_kind.setdefault((database, kind), {})[size] = (peak, seconds)
    for (database, kind), figures in by_kind.items():
        columns = "   ".join(
            f"{size:>7} rows: +{figures[size][0]:3.0f} MB {figures[size][1]:6.2f} s" for size in sizes
        )
        print(f"  {database:10} {kind:15} {columns}")


if __name__ == "__main__":
    main(tuple(int(a) for a in sys.argv[1:]) or (10_000, 100_000))
