"""What a community's page reads (engine.aftercare.community.page), against the database."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import update

from engine.aftercare.community import page as community_page
from engine.registry.retirees import Retiree
from engine.workflow.deadlines import CHINA_TZ
from engine.workflow.models import WorkItem
from tests.processes import campaign
from tests.processes import conftest as processes_fixtures

drive, procedures = processes_fixtures.drive, processes_fixtures.procedures  # fixtures

COMMUNITY = campaign.community_org("410105")
NOW = datetime(2017, 5, 10, 9, 0, tzinfo=CHINA_TZ)


@pytest.fixture
def received(tx):
    """金水区's four roster people received by its first community."""
    with tx() as session:
        campaign.register(session)
        session.execute(
            update(Retiree)
            .where(Retiree.destination_code == "410105", Retiree.excluded.is_(False))
            .values(community_org=COMMUNITY, status="received", received_on=date(2017, 5, 2))
        )


def _item(session, case: int, n: int, process: str, due: datetime, owner: str = COMMUNITY) -> None:
    session.add(
        WorkItem(
            id=100 + n,
            instance_id=case,
            process_key=process,
            task_guid=f"g{n}",
            spec_id=f"task_{n}",
            name=f"事项{n}",
            owner_org=owner,
            user_role="official",
            state="open",
            due_at=due,
            created_at=NOW,
        )
    )


def test_the_month_s_due_and_overdue_items_of_the_services_only(tx, received, drive):
    request = {
        "retiree_name": "王建国",
        "id_number": "x",
        "purpose": "认证",
        "kind": "查阅",
        "submitted_on": "2017-05-01",
    }
    case = drive.start(
        "archive_lookup",
        {"community": COMMUNITY, "archive_department": "org-archive-410105"},
        {"request": request},
    )
    with tx() as session:
        session.execute(update(WorkItem).values(state="completed"))
        _item(session, case, 1, "death_report", datetime(2017, 5, 20, tzinfo=CHINA_TZ))
        _item(session, case, 2, "certification_campaign", datetime(2017, 4, 30, tzinfo=CHINA_TZ))
        _item(session, case, 3, "certification_campaign", datetime(2017, 6, 1, tzinfo=CHINA_TZ))  # next month
        may_20 = datetime(2017, 5, 20, tzinfo=CHINA_TZ)
        _item(session, case, 4, "retiree_handover_programme", may_20)  # the hand-over's own
        _item(session, case, 5, "death_report", may_20, owner="org-community-410102")
    with tx() as session:
        due = community_page.due_this_month(session, [COMMUNITY], NOW)
        assert [(d.item.id, d.overdue) for d in due] == [(102, True), (101, False)]


def test_people_are_searched_and_paged(tx, received):
    with tx() as session:
        assert community_page.people(session, COMMUNITY).total == 4
        assert [r.name for r in community_page.people(session, COMMUNITY, "李秀英").rows] == ["李秀英"]
        second = community_page.people(session, COMMUNITY, page=2, per_page=3)
        assert (len(second.rows), second.pages) == (1, 2)
        assert community_page.people(session, "org-community-410102").total == 0


def test_a_death_leaves_the_people_and_shows_as_an_event(tx, received):
    with tx() as session:
        session.execute(
            update(Retiree).where(Retiree.name == "张伟").values(status="deceased", died_on=date(2017, 5, 8))
        )
    with tx() as session:
        assert "张伟" not in [r.name for r in community_page.people(session, COMMUNITY).rows]
        events = community_page.recent_events(session, COMMUNITY)
        assert events[0].text == "张伟 去世" and events[0].on == date(2017, 5, 8)
        [row] = [r for r in community_page.communities_overview(session, "410105", NOW) if r.org == COMMUNITY]
        assert (row.living, row.deceased) == (3, 1)


def test_only_a_community_s_officials_record_people(tx, received):
    from engine import Actor
    from engine.aftercare.community import records as community_records
    from engine.errors import Forbidden

    cadre = {"name": "老同志", "id_number": "110105193005010117", "category": "离休干部"}
    with tx() as session, pytest.raises(Forbidden):
        community_records.add(session, Actor("v", COMMUNITY, frozenset({"viewer"})), cadre, NOW)
    with tx() as session, pytest.raises(Forbidden):
        community_records.add(session, Actor("e", campaign.ENTERPRISE), cadre, NOW)
    with tx() as session:
        assert community_records.add(session, Actor("c", COMMUNITY), cadre, NOW).community_org == COMMUNITY
