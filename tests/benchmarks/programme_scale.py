"""Benchmark: a programme of 100,000 retirees over 20 counties, from roster upload to the county
stage, the task pages of a county of 20,000 people, and the demo's task answers.

A roster (CSV in the template's headers, every row valid) of people living in 20 real Henan
counties, one of them with 20,000, is imported through the real code path (``start_import``, then
``webapp.rosters.runner.run`` batch by batch); a programme is started on it with the app's engine
and its survey, 登记造册 (which links and tallies the registry) and framework agreements are
completed until the county hand-overs exist. The big county is driven to its verification and its
allocation, and their pages are read through the real Flask app as the county's logged-in
official: ``GET /tasks/<id>``, ``GET /api/v1/tasks/<id>`` and ``GET /api/v1/tasks/<id>/people``
(its first page, and the last). Then the demo is seeded (``yijiao seed-demo``) and every demo task
is asked for (``GET /api/v1/tasks/<id>``) by an official of the organisation owning it.

Prints the import, 登记造册, grouping and framework figures, each page's median time (in-process,
test client) and size, and the largest demo task answer, with the targets beside them: a page
≤ 150 ms and ≤ 100 KB at 20,000 people in the county, a demo task answer ≤ 50 KB. Never fails.

    python -m tests.benchmarks.programme_scale [people [counties [people in the big county]]]
"""

from __future__ import annotations

import csv
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from flask import Flask
from sqlalchemy import select

from engine import Actor, SettableClock
from engine.directory.organisations import Organisation, User
from engine.policy import divisions
from engine.policy.rules import count_management_staff, group_tallies
from engine.registry import handover
from engine.registry.retirees import RosterImport
from engine.registry.rosters import start_import
from engine.registry.rosters.columns import HEADERS
from engine.registry.rosters.validation import HEADER_OF
from engine.workflow.deadlines import CHINA_TZ
from engine.workflow.models import ProcessInstance, WorkItem
from tests.benchmarks.common import (
    completion_seconds,
    database_urls,
    fresh_database,
    kb,
    label,
    median_ms,
    retirees,
    transactions,
)
from tests.passwords import CHEAP_METHOD, password_hash
from tests.processes import campaign
from tests.processes import submissions as form
from tests.processes.driver import Driver
from webapp import create_app
from webapp.rosters.runner import run as run_import

NOW = datetime(2017, 3, 20, 9, tzinfo=CHINA_TZ)
PROCESSES = Path(__file__).resolve().parents[2] / "processes"
PASSWORD = "demo"
COUNTY_USER = "county"
KEY_OF = {header: key for key, header in HEADER_OF.items()}
PAGE_TARGET = "(target ≤ 150 ms, ≤ 100 KB)"


@dataclass
class Figures:
    """What one database measured: (what, value, unit, target) rows, printed as they come."""

    database: str
    rows: list[tuple[str, str, float, str, str]] = field(default_factory=list)

    def add(self, what: str, value: float, unit: str, target: str = "") -> None:
        self.rows.append((self.database, what, value, unit, target))
        shown = f"{value:9d}" if isinstance(value, int) else f"{value:9.1f}"
        print(f"  {what:60} {shown} {unit:3} {target}")

    def page(self, what: str, ms: float, size: int, target: str) -> None:
        self.rows.append((self.database, what, ms, "ms", target))
        self.rows.append((self.database, what, kb(size), "KB", target))
        print(f"  {what:60} {ms:9.1f} ms  {kb(size):7.1f} KB  {target}")


def timed(run: Callable[[], Any]) -> float:
    """Seconds ``run`` takes."""
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


# -- the roster and the directory -------------------------------------------------------------------


def choose_counties(count: int) -> list[str]:
    """``count`` real Henan counties spread over the prefectures (none directly administered)."""
    candidates = [c for c in divisions.henan_counties() if not divisions.is_directly_administered(c)]
    return candidates[:: max(len(candidates) // count, 1)][:count]


def shares(people: int, counties: list[str], large: int) -> dict[str, int]:
    """The first county gets ``large`` people, the others share the rest evenly."""
    rest = counties[1:]
    each, extra = divmod(people - large, len(rest)) if rest else (0, 0)
    return {counties[0]: large, **{code: each + (n < extra) for n, code in enumerate(rest)}}


def write_roster(path: Path, people_by_county: dict[str, int]) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(HEADERS)
        for county, size in people_by_county.items():
            for person in retirees(county, size):
                writer.writerow([_cell(person[KEY_OF[header]]) for header in HEADERS])
    return path


def _cell(value: Any) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        return "、".join(value)
    return value.isoformat() if isinstance(value, date) else str(value)


def organisations(counties: list[str]) -> list[dict[str, Any]]:
    """The enterprise, the office, the finance bureau, each prefecture's government, and each
    county's government, archive department and two communities."""
    rows = [
        dict(id=campaign.ENTERPRISE, name=campaign.ENTERPRISE_INFO["name"], kind="enterprise",
             division_code=campaign.ENTERPRISE_INFO["location_code"]),
        dict(id=campaign.SUPERVISOR, name="领导小组办公室", kind="supervisor", division_code="410000"),
        dict(id=campaign.FINANCE, name="河南省财政厅", kind="finance_bureau", division_code="410000"),
    ]  # fmt: skip
    for code in prefectures(counties):
        rows.append(dict(id=campaign.prefecture_org(code), name=f"{divisions.name(code)}人民政府",
                         kind="prefecture_government", division_code=code))  # fmt: skip
    for code in counties:
        name = divisions.full_name(code)
        rows += [
            dict(id=campaign.county_org(code), name=f"{name}人民政府", kind="receiving_government",
                 division_code=code),
            dict(id=campaign.archive_org(code), name=f"{name}档案馆", kind="archive_department",
                 division_code=code),
            *(dict(id=campaign.community_org(code, second), name=f"{name}第{n}社区", kind="community",
                   division_code=code) for n, second in ((1, False), (2, True))),
        ]  # fmt: skip
    return rows


def prefectures(counties: list[str]) -> list[str]:
    return sorted({divisions.prefecture_of(code) for code in counties})


# -- the programme, from the upload to the county stage ---------------------------------------------


@dataclass
class Programme:
    """The app, its driver, and the programme case being driven."""

    app: Flask
    drive: Driver
    counties: list[str]
    figures: Figures
    case: int = 0

    def complete(self, item, data: dict) -> float:
        """Claim (untimed) and complete ``item`` as its owner: seconds the completion took."""
        return completion_seconds(self.drive, item, data)

    def claim(self, item) -> None:
        with self.drive.tx() as session:
            self.drive.engine.claim(session, item.id, self.drive.officials.of(item.owner_org))


def open_app(db_engine, clock: SettableClock) -> Flask:
    app = create_app(
        {
            "TESTING": True,
            "WTF_CSRF_ENABLED": False,
            "DATABASE_URL": db_engine.url.render_as_string(hide_password=False),
            "PROCESSES_DIR": str(PROCESSES),
            "PASSWORD_HASH_METHOD": CHEAP_METHOD,
        }
    )
    app.extensions["yijiao"]["engine"].clock = clock
    return app


def import_roster(programme: Programme, path: Path, clock: SettableClock) -> None:
    sessions = programme.app.extensions["yijiao"]["sessions"]

    def upload_and_import() -> None:
        with sessions() as session, session.begin(), path.open("rb") as file:  # as uploads come
            import_id = start_import(session, campaign.ENTERPRISE, path.name, file, "bench", NOW).id
        run_import(sessions, import_id, clock)
        with sessions() as session:
            done = session.get(RosterImport, import_id)
            assert not done.rejected, done.rejected[:3]

    seconds = timed(upload_and_import)
    programme.figures.add(f"roster import (CSV, {path.stat().st_size / 1e6:.1f} MB)", seconds, "s",
                          "(roster import target ≤ 30 s at 100,000)")  # fmt: skip


def to_county_stage(programme: Programme, people: int) -> None:
    """Survey, 登记造册 and every framework agreement: the county hand-overs exist."""
    drive, figures = programme.drive, programme.figures
    directory = campaign.directory(programme.counties, prefectures(programme.counties))
    data = {"enterprise": campaign.ENTERPRISE_INFO, "milestones": campaign.MILESTONES, "directory": directory}
    parties = {"enterprise": campaign.ENTERPRISE, "supervisor": campaign.SUPERVISOR}
    programme.case = case = drive.start("retiree_handover_programme", parties, data)
    programme.complete(drive.item(case, "survey_retirees"), form.survey(people))
    seconds = programme.complete(drive.item(case, "register_roster"), form.registered())
    figures.add("register_roster complete (link, tally, group, agreements)", seconds * 1000, "ms")
    with drive.tx() as session:
        grouping = median_ms(lambda: group_tallies(handover.tally(session, case, campaign.ENTERPRISE),
                                                   directory), 5)  # fmt: skip
    figures.add("grouping alone (registry tally + group_tallies)", grouping, "ms")
    drafts = [programme.complete(i, form.framework_draft())
              for i in drive.open_items(case, "draft_framework_agreement")]  # fmt: skip
    signs = [programme.complete(i, form.approve())
             for i in drive.open_items(case, "sign_framework_agreement")]  # fmt: skip
    figures.add(f"{len(drafts)} framework agreements drafted and signed, in all", sum(drafts + signs), "s")
    figures.add("the last signature (starts the county hand-overs)", signs[-1] * 1000, "ms")
    counties = len(drive.open_items(case, "draft_specific_agreement"))
    figures.add("county hand-overs open", counties, "")
    with drive.tx() as session:
        state = session.scalar(select(ProcessInstance.state).where(ProcessInstance.id == case))
    figures.add("programme's stored workflow state at the county stage", kb(len(state.encode())), "KB")
    with drive.tx() as session:
        loading = median_ms(lambda: drive.engine.workflow(session, case), 5)
    figures.add("loading that state (what every task view of the case pays)", loading, "ms")


def county_pages(programme: Programme, large: int, repeats: int) -> None:
    """The big county's verification and allocation, read as its official through the app."""
    drive, case, county = programme.drive, programme.case, programme.counties[0]
    owner = campaign.county_org(county)
    draft = drive.by_county(case, "draft_specific_agreement")[county]
    seconds = programme.complete(draft, form.specific_draft(large, count_management_staff(large)))
    programme.figures.add("draft_specific_agreement complete (counts checked)", seconds * 1000, "ms")
    seconds = programme.complete(drive.item(case, "sign_specific_agreement", owner), form.approve())
    programme.figures.add(f"sign_specific_agreement complete ({large} people moved)", seconds * 1000, "ms")
    verify = drive.item(case, "verify_retiree_data", owner)
    programme.claim(verify)
    read_pages(programme, "verify_retiree_data", verify.id, large, repeats)
    seconds = programme.complete(verify, form.all_correct())
    programme.figures.add(f"verify_retiree_data complete ({large} people moved)", seconds * 1000, "ms")
    allocate = drive.item(case, "allocate_to_communities", owner)
    programme.claim(allocate)
    read_pages(programme, "allocate_to_communities", allocate.id, large, repeats)


def read_pages(programme: Programme, task: str, item_id: int, people: int, repeats: int) -> None:
    app = programme.app
    page = app.test_client()
    assert page.post("/login", data={"username": COUNTY_USER, "password": PASSWORD}).status_code == 302
    api = app.test_client()
    token = api.post("/api/v1/tokens", json={"username": COUNTY_USER, "password": PASSWORD}).json["token"]
    headers = {"Authorization": f"Bearer {token}"}
    last = max(-(-people // 50), 1)
    calls = {
        f"GET /tasks/<id> ({task})": lambda: page.get(f"/tasks/{item_id}"),
        "GET /api/v1/tasks/<id>": lambda: api.get(f"/api/v1/tasks/{item_id}", headers=headers),
        "GET /api/v1/tasks/<id>/people": lambda: api.get(f"/api/v1/tasks/{item_id}/people", headers=headers),
        f"  … ?page={last} (the last)": lambda: api.get(
            f"/api/v1/tasks/{item_id}/people?page={last}", headers=headers
        ),
    }
    for what, call in calls.items():
        response = call()  # and warms the caches up
        assert response.status_code == 200, (what, response.status_code)
        programme.figures.page(what, median_ms(call, repeats), len(response.data), PAGE_TARGET)


def programme_run(url: str, people: int, counties: int, large: int, repeats: int) -> Figures:
    chosen = choose_counties(counties)
    people_by_county = shares(people, chosen, large)
    figures = Figures(label(url))
    print(f"programme of {people} retirees over {len(chosen)} counties, {large} of them in {chosen[0]} "
          f"{divisions.full_name(chosen[0])} ({figures.database})")  # fmt: skip
    clock = SettableClock(NOW)
    official = Actor(COUNTY_USER, campaign.county_org(chosen[0]), frozenset({"official"}))
    with fresh_database(url) as db_engine, tempfile.TemporaryDirectory() as folder:
        app = open_app(db_engine, clock)
        tx = transactions(app.extensions["yijiao"]["sessions"])
        with tx() as session:
            for row in organisations(chosen):
                session.add(Organisation(**row))
            session.flush()
            session.add(User(username=COUNTY_USER, name="县经办人", organisation_id=official.organisation_id,
                             roles=["official"], password_hash=password_hash(PASSWORD)))  # fmt: skip
            app.extensions["yijiao"]["engine"].deploy_directory(session, PROCESSES)
        officials = campaign.Officials({official.organisation_id: official})
        programme = Programme(app, Driver(app.extensions["yijiao"]["engine"], tx, officials), chosen, figures)
        roster = write_roster(Path(folder) / "登记表.csv", people_by_county)
        seconds = timed(lambda: (import_roster(programme, roster, clock), to_county_stage(programme, people)))
        figures.add("from the upload to the county stage, in all", seconds, "s")
        print(f"the county of {large} driven to its verification and allocation; their pages as its "
              f"official (median of {repeats}, in-process)")  # fmt: skip
        county_pages(programme, large, repeats)
        app.extensions["yijiao"]["db_engine"].dispose()
    return figures


# -- the demo ---------------------------------------------------------------------------------------


def demo_answers(url: str) -> Figures:
    """Every demo task's ``GET /api/v1/tasks/<id>`` as an official of its owner: the largest."""
    figures = Figures(label(url))
    print(f"demo: GET /api/v1/tasks/<id> of every demo task, as its owner ({figures.database})")
    with fresh_database(url) as db_engine:
        app = create_app(
            {
                "TESTING": True,
                "DATABASE_URL": db_engine.url.render_as_string(hide_password=False),
                "PROCESSES_DIR": str(PROCESSES),
                "CLOCK_START": "2017-04-02T09:00:00+08:00",
                "PASSWORD_HASH_METHOD": CHEAP_METHOD,
            }
        )
        seconds = timed(lambda: _seed_demo(app))
        figures.add("yijiao seed-demo", seconds, "s")
        owners = _owners(app)
        client = app.test_client()
        tokens: dict[str, str] = {}
        answers = []
        for item_id, spec_id, state, username in owners:
            if username not in tokens:
                body = {"username": username, "password": PASSWORD}
                tokens[username] = client.post("/api/v1/tokens", json=body).json["token"]
            headers = {"Authorization": f"Bearer {tokens[username]}"}
            response = client.get(f"/api/v1/tasks/{item_id}", headers=headers)
            answers.append((len(response.data), spec_id, state, username, response.status_code))
        size, spec_id, state, username, _ = max(answers)
        refused = sum(1 for *_, status in answers if status != 200)
        figures.add(f"demo tasks asked ({refused} not answered 200)", len(answers), "")
        figures.add(f"largest answer: {spec_id} ({state}) as {username}", kb(size), "KB", "(target ≤ 50 KB)")
        app.extensions["yijiao"]["db_engine"].dispose()
    return figures


def _seed_demo(app: Flask) -> None:
    result = app.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output


def _owners(app: Flask) -> list[tuple[int, str, str, str]]:
    """(task, spec, state, username of an official of its owner) for every demo task; an
    organisation without a demo login gets one."""
    with app.extensions["yijiao"]["sessions"]() as session, session.begin():
        items = session.execute(select(WorkItem.id, WorkItem.spec_id, WorkItem.state, WorkItem.owner_org)
                                .order_by(WorkItem.id)).all()  # fmt: skip
        officials: dict[str, str] = {}
        for user in session.scalars(select(User).order_by(User.id)):
            if "official" in user.roles:
                officials.setdefault(user.organisation_id, user.username)
        for org in sorted({owner for *_, owner in items if owner and owner not in officials}):
            officials[org] = f"bench@{org}"
            session.add(User(username=officials[org], name=org, organisation_id=org, roles=["official"],
                             password_hash=password_hash(PASSWORD)))  # fmt: skip
        return [(item_id, spec, state, officials[owner]) for item_id, spec, state, owner in items if owner]


def main(
    people: int = 100_000, counties: int = 20, large: int = 20_000, repeats: int = 20, demo: bool = True
) -> list[tuple[str, str, float, str, str]]:
    """Rows of (database, what, value, unit, target)."""
    rows = []
    for url in database_urls():
        rows += programme_run(url, people, counties, large, repeats).rows
        if demo:
            rows += demo_answers(url).rows
    return rows


if __name__ == "__main__":
    main(*[int(a) for a in sys.argv[1:4]])
