"""A yearly certification campaign over a county of 20,000 living people in 20 communities: time
to open it (one task per community), and the median server time, through the whole app (Flask
test client), of a community's task list — the first page, a search, a later page — and of
marking one person. Target: each ≤ 150 ms.

``python -m tests.benchmarks.certification [people] [communities]``
"""

from __future__ import annotations

import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import insert, select

from engine.clock import SettableClock
from engine.directory.organisations import Organisation, User
from engine.registry.retirees import Retiree
from engine.workflow.models import WorkItem
from tests.benchmarks.common import database_urls, fresh_database, label, median_ms, retirees
from webapp import create_app
from webapp.auth.accounts import hash_password

COUNTY = "410105"
AGENCY = "org-sia-bench"
ENTERPRISE = "org-ent-bench"
NOW = datetime(2017, 3, 1, 1, 0, tzinfo=UTC)
PROCESSES = Path(__file__).resolve().parent.parent.parent / "processes"
BATCH = 2000
TARGET_MS = 150
OPEN = "open the campaign (one request)"


def community(n: int) -> str:
    return f"org-community-bench-{n:02d}"


def fill(app, people: int, communities: int) -> None:
    """The organisations, one login each for the agency and the first community, and the county's
    people, received by the communities in turn, inserted in bulk."""
    with app.extensions["yijiao"]["sessions"]() as session, session.begin():
        organisations = [
            dict(id=ENTERPRISE, name="平煤神马集团", kind="enterprise", division_code="410402"),
            dict(id=AGENCY, name="金水区社保中心", kind="social_insurance_agency", division_code=COUNTY),
            *(
                dict(id=community(n), name=f"第{n + 1:02d}社区", kind="community", division_code=COUNTY)
                for n in range(communities)
            ),
        ]
        session.execute(insert(Organisation), organisations)
        for username, org in (("agency", AGENCY), ("community", community(0))):
            session.add(User(username=username, name=username, organisation_id=org, roles=["official"],
                             password_hash=hash_password("bench")))  # fmt: skip
        rows = [_row(person, n, communities) for n, person in enumerate(retirees(COUNTY, people))]
        for start in range(0, len(rows), BATCH):
            session.execute(insert(Retiree), rows[start : start + BATCH])
        app.extensions["yijiao"]["engine"].deploy_directory(session, PROCESSES)


def _row(person: dict, n: int, communities: int) -> dict:
    return {
        **person,
        "enterprise_org": ENTERPRISE,
        "destination_code": COUNTY,
        "destination_reason": "户籍地",
        "excluded": False,
        "status": "received",
        "archive_status": "accepted",
        "community_org": community(n % communities),
        "registered_at": NOW,
        "updated_at": NOW,
    }


def _app(db_engine):
    return create_app(
        {
            "TESTING": True,
            "WTF_CSRF_ENABLED": False,
            "DATABASE_URL": db_engine.url.render_as_string(hide_password=False),
        }
    )


def _token(client, username: str) -> dict:
    token = client.post("/api/v1/tokens", json={"username": username, "password": "bench"}).json["token"]
    return {"Authorization": f"Bearer {token}"}


def run(db_engine, people: int, communities: int, repeats: int) -> list[tuple[str, float]]:
    app = _app(db_engine)
    app.extensions["yijiao"]["engine"].clock = SettableClock(NOW)
    fill(app, people, communities)
    agency, page = app.test_client(), app.test_client()
    agency.post("/login", data={"username": "agency", "password": "bench"})
    started = time.perf_counter()
    opened = agency.post("/cases/new/certification_campaign", data={"year": "2017", "deadline": "2017-06-30"})
    open_ms = (time.perf_counter() - started) * 1000
    assert opened.status_code == 302, opened.get_data(as_text=True)[:500]
    with app.extensions["yijiao"]["sessions"]() as session:
        item = session.scalar(select(WorkItem.id).where(WorkItem.owner_org == community(0)))
        tasks = session.query(WorkItem).filter(WorkItem.spec_id == "certify_retirees").count()
        someone = session.scalar(select(Retiree.id).where(Retiree.community_org == community(0)).limit(1))
        searched = session.scalar(
            select(Retiree.id_number).where(Retiree.community_org == community(0)).limit(1)
        )
    assert tasks == communities
    page.post("/login", data={"username": "community", "password": "bench"})
    assert page.post(f"/tasks/{item}/claim").status_code == 302
    sheet = f"/aftercare/certification/tasks/{item}"
    api = app.test_client()
    headers = _token(api, "community")
    mark = {
        "marks": [{"retiree_id": someone, "outcome": "certified", "method": "in_person", "on": "2017-03-01"}]
    }

    def ok(answer) -> None:
        assert answer.status_code == 200, answer.status_code

    views = [
        ("community task page (HTML)", lambda: ok(page.get(f"/tasks/{item}"))),
        ("community list, first page (HTML)", lambda: ok(page.get(sheet))),
        ("community list, a search (HTML)", lambda: ok(page.get(sheet, query_string={"q": searched[-6:]}))),
        ("community list, page 10 (HTML)", lambda: ok(page.get(sheet, query_string={"page": 10}))),
        (
            "community list, page 10 (API)",
            lambda: ok(api.get(f"/api/v1/certification/tasks/{item}/people?page=10", headers=headers)),
        ),
        (
            "mark one person (API)",
            lambda: ok(api.post(f"/api/v1/certification/tasks/{item}/marks", json=mark, headers=headers)),
        ),
    ]
    rows = [(OPEN, open_ms)]
    for name, view in views:
        view()  # warm up
        rows.append((name, median_ms(view, repeats)))
    return rows


def main(people: int = 20_000, communities: int = 20, repeats: int = 30) -> list[tuple[str, str, float]]:
    print(f"certification campaign, {people} living people in {communities} communities, median ms")
    found = []
    for url in database_urls():
        with fresh_database(url) as db_engine:
            for name, ms in run(db_engine, people, communities, repeats):
                found.append((label(url), name, ms))
                target = "" if name == OPEN else f"  (target ≤ {TARGET_MS} ms)"
                print(f"  {label(url):10} {name:38} {ms:8.2f} ms{target}")
    return found


if __name__ == "__main__":
    arguments = [int(a) for a in sys.argv[1:3]]
    main(*arguments)
