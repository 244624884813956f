"""The community's own page hooked to the services after the hand-over, over HTTP: its recent events
(information changes, visits, certification marks, death reports), never another community's; the
month's certification and visit tasks with what is left on their lists; and the county's overview
with certification coverage and visits done against the plan."""

from __future__ import annotations

import re
from datetime import date, datetime

import pytest
from sqlalchemy import func, select, update

from engine.aftercare import changes
from engine.aftercare.visits import VisitPlanEntry
from engine.clock import SettableClock
from engine.directory.organisations import User
from engine.registry.retirees import Retiree
from engine.workflow.deadlines import CHINA_TZ
from engine.workflow.models import WorkItem
from tests.aftercare import certification_setup as certifying
from tests.aftercare import death_setup, transfer_world
from tests.aftercare import visit_setup as visiting
from tests.passwords import password_hash
from tests.web import conftest as web
from tests.web.conftest import login

app, client, driver, people = web.app, web.client, web.driver, web.people  # fixtures

FIRST, SECOND = certifying.FIRST, certifying.SECOND


@pytest.fixture
def town(app, people, driver):
    """金水区's two communities with received people (甲0 特困 and 乙0 鳏寡: in the visit plan), a
    login for the second community and the agency; a certification campaign and a festival
    visit campaign, both due this month (April 2017)."""
    with driver.tx() as session:
        certifying.receive(session, first=4, second=2)
        session.execute(update(Retiree).where(Retiree.name == "甲0").values(special_status=["特困"]))
        session.execute(update(Retiree).where(Retiree.name == "乙0").values(special_status=["鳏寡"]))
        for username, org in (("community_b", SECOND), ("agency", certifying.AGENCY)):
            session.add(User(username=username, name=username, organisation_id=org, roles=["official"],
                             password_hash=password_hash("demo"), active=True, failed_logins=0))  # fmt: skip
    certification = certifying.open_campaign(driver, deadline="2017-04-25")
    visits = visiting.open_campaign(driver, due="2017-04-20")
    return certification, visits


def _page(client, user: str, path: str = "/aftercare/community") -> str:
    login(client, user)
    answer = client.get(path)
    assert answer.status_code == 200
    return answer.get_data(as_text=True)


def _events(page: str) -> str:
    """The recent events list ("" when the page says there are none)."""
    return page[page.index('<ul class="events">') :] if '<ul class="events">' in page else ""


def _happened(driver, town) -> None:
    """In each community: a phone change, a visit and a certification mark."""
    certification, visits = town
    now = driver.engine.clock.now()
    with driver.tx() as session:
        for name, org in (("甲1", FIRST), ("乙1", SECOND)):
            person = visiting.person(session, name)
            changes.change(session, driver.officials.of(org), person.id,
                           {"phone": "13912340000", "reason": "更换手机号"}, now)  # fmt: skip
    visiting.visit(driver, driver.item(visits, "record_visits", FIRST), "甲0", on="2017-03-01")
    visiting.visit(driver, driver.item(visits, "record_visits", SECOND), "乙0", on="2017-03-01")
    certifying.mark_all(
        driver, driver.item(certification, "certify_retirees", FIRST), "甲2", on=date(2017, 4, 1)
    )
    certifying.mark_all(
        driver, driver.item(certification, "certify_retirees", SECOND), "乙1", on=date(2017, 4, 1)
    )


def test_the_page_tells_changes_visits_and_certifications_of_its_own_people_only(client, driver, town):
    _happened(driver, town)
    events = _events(_page(client, "community"))
    assert "信息变更 · 甲1 联系电话" in events and "13912340000" in events
    assert "走访 · 甲0 由王社工走访，帮扶：慰问金500元" in events
    assert "资格认证 · 甲2 资格认证：已认证（本人到场）" in events
    assert not any(name in events for name in ("乙0", "乙1"))
    theirs = _events(_page(client, "community_b"))
    assert "乙1 联系电话" in theirs and "乙0 由王社工走访" in theirs and "乙1 资格认证：已认证" in theirs
    assert not any(name in theirs for name in ("甲0", "甲1", "甲2"))


def test_the_events_are_dated_newest_first_and_bounded(client, driver, town):
    _happened(driver, town)
    page = _events(_page(client, "community"))
    days = re.findall(r'<li><span class="muted">(\d{4}-\d{2}-\d{2})</span>', page)
    assert days and days == sorted(days, reverse=True) and len(days) <= 30


def test_a_death_report_opened_shows_as_an_event(client, driver, town):
    death_setup.report(driver, "甲3", died_on="2017-02-20", community=FIRST)
    events = _events(_page(client, "community"))
    assert "死亡报告 · 甲3 死亡报告开启，去世日期 2017-02-20" in events
    assert "甲3" not in _events(_page(client, "community_b"))


def _due_row(page: str, task_id: int) -> str:
    found = re.search(rf'<tr class="[^"]*">\s*<td><a href="/tasks/{task_id}">.*?</tr>', page, re.S)
    assert found, f"task {task_id} not in the due list"
    return found.group(0)


def test_the_due_list_shows_the_certification_and_visit_tasks_with_what_is_left(client, driver, town):
    certification, visits = town
    certify = driver.item(certification, "certify_retirees", FIRST)
    visit = driver.item(visits, "record_visits", FIRST)
    with driver.tx() as session:
        planned = session.scalar(select(func.count()).select_from(VisitPlanEntry)
                                 .where(VisitPlanEntry.instance_id == visits,
                                        VisitPlanEntry.community_org == FIRST))  # fmt: skip
    assert planned >= 1
    page = _page(client, "community")
    assert "名单 4 人，未标记 4 人" in _due_row(page, certify.id)
    assert f"名单 {planned} 人，未走访 {planned} 人" in _due_row(page, visit.id)
    certifying.mark_all(driver, certify, "甲", on=date(2017, 4, 1))
    visiting.visit(driver, visit, "甲0", on="2017-03-01")
    page = _page(client, "community")
    assert "名单 4 人，未标记 0 人" in _due_row(page, certify.id)
    assert f"名单 {planned} 人，未走访 {planned - 1} 人" in _due_row(page, visit.id)
    assert "2017年4月25日" in _due_row(page, certify.id) and "2017年4月20日" in _due_row(page, visit.id)
    with driver.tx() as session:
        others = session.scalars(select(WorkItem.id).where(WorkItem.owner_org == SECOND)).all()
    assert others and not any(f'href="/tasks/{i}"' in page for i in others)


def test_an_overdue_task_is_red_on_the_page(app, client, driver, town):
    app.extensions["yijiao"]["engine"].clock = SettableClock(datetime(2017, 4, 22, 9, 0, tzinfo=CHINA_TZ))
    visit = driver.item(town[1], "record_visits", FIRST)
    row = _due_row(_page(client, "community"), visit.id)
    assert 'class="overdue"' in row and "overdue-badge" in row


def _overview_row(page: str, org_name: str) -> str:
    found = re.search(rf"<tr[^>]*>\s*<th scope=\"row\"><a [^>]*>{org_name}</a></th>.*?</tr>", page, re.S)
    assert found, org_name
    return found.group(0)


def test_the_county_and_agency_see_coverage_and_visits_per_community(client, driver, town):
    certification, visits = town
    certifying.mark_all(
        driver, driver.item(certification, "certify_retirees", FIRST), "甲", on=date(2017, 4, 1)
    )
    certifying.mark_all(
        driver, driver.item(certification, "certify_retirees", SECOND), "乙0", on=date(2017, 4, 1)
    )
    visiting.visit(driver, driver.item(visits, "record_visits", SECOND), "乙0", on="2017-03-01")
    with driver.tx() as session:
        planned = dict(session.execute(select(VisitPlanEntry.community_org, func.count())
                                       .where(VisitPlanEntry.instance_id == visits)
                                       .group_by(VisitPlanEntry.community_org)).all())  # fmt: skip
    for user in ("county", "agency"):
        page = _page(client, user, "/aftercare/communities")
        first, second = _overview_row(page, "花园路社区"), _overview_row(page, "410105第2社区")
        assert "4 / 4 (100%)" in first and "2 / 2" not in first
        assert "1 / 2 (50%)" in second and "未认证 1 人" in second
        assert f'<td class="visits">0 / {planned[FIRST]}</td>' in first
        assert f'<td class="visits">1 / {planned[SECOND]}</td>' in second


def test_a_transfer_shows_as_moved_out_and_moved_in(client, driver, town):
    with driver.tx() as session:
        mover = visiting.person(session, "甲1").id
    answers = {
        "retiree_id": mover,
        "to_community": SECOND,
        "new_address": "金水区花园路8号院",
        "reason": "随子女居住",
    }
    case = transfer_world.ask(driver, driver.tx, "community_transfer", FIRST, answers)
    assert "社区间转移 · 甲1 迁出本社区（申请）" in _events(_page(client, "community"))
    driver.complete(case, "accept_community_transfer", {"accepted": True})
    assert "社区间转移 · 甲1 迁出本社区（已完成），新地址：金水区花园路8号院" in _events(
        _page(client, "community")
    )
    theirs = _events(_page(client, "community_b"))
    assert "社区间转移 · 甲1 迁入本社区（已完成）" in theirs and "所在社区" not in theirs
