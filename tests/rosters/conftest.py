"""Fixtures for roster imports: people's rows as officials type them, the same rows as CSV (UTF-8,
GBK) and XLSX files, two enterprises in the directory, and an import run to its end."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any

import pytest
from openpyxl import Workbook
from sqlalchemy import select

from engine import SettableClock
from engine.directory.organisations import Organisation, User
from engine.policy import resident_id
from engine.registry.retirees import Retiree, RosterImport
from engine.registry.rosters import start_import
from engine.registry.rosters.columns import HEADERS
from engine.workflow.deadlines import CHINA_TZ
from tests.api.conftest import Api
from tests.passwords import password_hash
from tests.processes import campaign
from tests.web import conftest as web
from webapp.rosters import runner as import_runner
from webapp.rosters.runner import run

# the web tests' app, its client and CLI runner, and its people (one user per organisation)
app, client, people = web.app, web.client, web.people
runner, csrf_token, login, post = web.runner, web.csrf_token, web.login, web.post

ENTERPRISE = campaign.ENTERPRISE  # 平煤神马, in 新华区 (410402)
ENTERPRISE_LOCATION = "410402"
OTHER_ENTERPRISE = "org-ent-other"
OTHER_LOCATION = "410105"
TODAY = datetime(2017, 4, 2, 9, 0, tzinfo=CHINA_TZ)

Row = dict[str, Any]


def person(n: int, **changes: Any) -> Row:
    """The row of a valid retiree numbered ``n`` (a man born in 1950 living in 金水区), with
    ``changes`` by header."""
    sex = changes.get("性别", "男")
    hukou = changes.get("户籍地区划代码", "410105")
    born = date(1950, 1 + n // 28 % 12, 1 + n % 28)
    sequence = (2 * n + 1 if sex == "男" else 2 * n + 2) % 1000
    row = {
        "姓名": f"退休人员{n}",
        "性别": sex,
        "身份证号": resident_id.make(hukou if hukou.startswith("41") else "410105", born, sequence),
        "出生日期": born.isoformat(),
        "退休日期": "2010-02-01",
        "户籍地区划代码": hukou,
        "常住地区划代码": "410105",
        "人员类别": "普通退休人员",
        "党员": "否",
        "特殊情况": "",
        "联系电话": "13812345678",
        "常住地址": f"经八路街道花园路社区{n}号楼",
    }
    return row | changes


def csv_file(rows: Iterable[Mapping[str, Any] | None], encoding: str = "utf-8-sig", headers=HEADERS) -> bytes:
    """A CSV of ``rows`` (None: an empty line) under ``headers``."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headers)
    for row in rows:
        writer.writerow(["" if row is None else row.get(h, "") for h in headers])
    return out.getvalue().encode(encoding)


def xlsx_file(rows: Iterable[Mapping[str, Any] | None], headers=HEADERS) -> bytes:
    """An XLSX of ``rows`` (cells keep their Python types: dates, numbers) under ``headers``."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("登记表")
    sheet.append(list(headers))
    for row in rows:
        sheet.append([] if row is None else [row.get(h) if row.get(h) != "" else None for h in headers])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


@pytest.fixture
def enterprises(session_factory) -> None:
    """平煤神马 (新华区) and a second enterprise (金水区), with an official each."""
    with session_factory() as session, session.begin():
        _add_enterprises(session)


def _add_enterprises(session) -> None:
    for org, name, code in (
        (ENTERPRISE, "中国平煤神马能源化工集团", ENTERPRISE_LOCATION),
        (OTHER_ENTERPRISE, "河南另一家省属企业", OTHER_LOCATION),
    ):
        if session.get(Organisation, org) is None:
            session.add(Organisation(id=org, name=name, kind="enterprise", division_code=code, active=True))
    session.flush()
    if session.scalar(select(User).where(User.username == "enterprise2")) is None:
        session.add(
            User(
                username="enterprise2",
                name="另一企业经办人",
                organisation_id=OTHER_ENTERPRISE,
                roles=["official"],
                password_hash=password_hash("demo"),
                active=True,
                failed_logins=0,
            )
        )


@pytest.fixture
def other_enterprise(app, people) -> str:
    """The second enterprise and its official ``enterprise2`` in the web app's database."""
    with app.extensions["yijiao"]["sessions"]() as session, session.begin():
        _add_enterprises(session)
    return OTHER_ENTERPRISE


def import_file(
    sessions,
    content: bytes,
    filename: str = "登记表.csv",
    enterprise: str = ENTERPRISE,
    batch_size: int = 1000,
) -> RosterImport:
    """Upload and import a file to its end as ``enterprise`` would; the finished import."""
    with sessions() as session, session.begin():
        import_id = start_import(session, enterprise, filename, content, "tester", TODAY).id
    run(sessions, import_id, SettableClock(TODAY), batch_size)
    return reload(sessions, import_id)


def reload(sessions, import_id: int) -> RosterImport:
    with sessions() as session:
        return session.get(RosterImport, import_id)


def registered(sessions, enterprise: str = ENTERPRISE) -> dict[str, Retiree]:
    """The registry's people of an enterprise, by ID number."""
    with sessions() as session:
        query = select(Retiree).where(Retiree.enterprise_org == enterprise)
        return {r.id_number: r for r in session.scalars(query)}


def rejections(roster_import: RosterImport) -> list[tuple[int, str, str]]:
    return [(r["row"], r["column"], r["reason"]) for r in roster_import.rejected]


@pytest.fixture
def api(client) -> Api:
    return Api(client)


@pytest.fixture(autouse=True)
def background_imports(monkeypatch):
    """The upload page's import threads, joined before the test's database goes away."""
    threads = []
    start = import_runner.start_in_background

    def start_and_remember(app, import_id):
        threads.append(start(app, import_id))
        return threads[-1]

    monkeypatch.setattr(import_runner, "start_in_background", start_and_remember)
    yield threads
    for thread in threads:
        thread.join(timeout=60)
