"""The inbox: one query on the work-item table per tab, filtered and sorted by due date."""

from __future__ import annotations

from datetime import datetime

import pytest

from engine import InboxFilter
from engine.workflow.deadlines import CHINA_TZ

from .helpers import claim_and_complete, deploy_samples, open_item


@pytest.fixture
def cases(engine, tx, officials) -> list[int]:
    deploy_samples(engine, tx)
    ids = []
    with tx() as session:
        for title, m1 in [
            ("平顶山 案件", "2017-03-31"),
            ("洛阳 案件", "2017-03-15"),
            ("新乡 案件", "2017-04-10"),
        ]:
            ids.append(
                engine.start(
                    session,
                    "sample_handover",
                    officials.parties,
                    {"milestones": {"M1": m1}},
                    actor=officials.enterprise,
                    title=title,
                ).id
            )
    return ids


def titles(page) -> list[str]:
    return [item.title for item in page.items]


def test_claimable_is_sorted_by_due_date(engine, tx, cases, officials):
    with tx() as session:
        page = engine.inbox(session, officials.enterprise, "claimable")
    assert titles(page) == ["洛阳 案件", "平顶山 案件", "新乡 案件"]
    assert page.total == 3


def test_other_organisations_see_nothing(engine, tx, cases, officials):
    with tx() as session:
        assert engine.inbox(session, officials.county, "claimable").total == 0
        assert engine.inbox(session, officials.enterprise_viewer, "claimable").total == 0


def test_mine_and_done_follow_claims_and_completions(engine, tx, cases, officials):
    first = open_item(engine, tx, cases[0], "compile_roster")
    second = open_item(engine, tx, cases[1], "compile_roster")
    with tx() as session:
        engine.claim(session, first.id, officials.enterprise)
    claim_and_complete(engine, tx, second.id, officials.enterprise, {"roster": {"names": []}})
    with tx() as session:
        assert [i.id for i in engine.inbox(session, officials.enterprise, "mine").items] == [first.id]
        assert [i.id for i in engine.inbox(session, officials.enterprise, "done").items] == [second.id]
        assert titles(engine.inbox(session, officials.enterprise, "claimable")) == ["新乡 案件"]


def test_overdue_filter_uses_the_clock(engine, tx, cases, officials, clock):
    clock.set(datetime(2017, 4, 1, 9, 0, tzinfo=CHINA_TZ))
    with tx() as session:
        overdue = engine.inbox(session, officials.enterprise, "claimable", filters=InboxFilter(overdue=True))
        on_time = engine.inbox(session, officials.enterprise, "claimable", filters=InboxFilter(overdue=False))
    assert titles(overdue) == ["洛阳 案件", "平顶山 案件"]
    assert titles(on_time) == ["新乡 案件"]


def test_text_search_and_process_filter(engine, tx, cases, officials):
    with tx() as session:
        found = engine.inbox(session, officials.enterprise, "claimable", filters=InboxFilter(q="洛阳"))
        none = engine.inbox(
            session, officials.enterprise, "claimable", filters=InboxFilter(process="sample_milestone")
        )
        m1 = engine.inbox(session, officials.enterprise, "claimable", filters=InboxFilter(milestone="M1"))
    assert titles(found) == ["洛阳 案件"]
    assert none.total == 0
    assert m1.total == 3


def test_pagination_keeps_the_total(engine, tx, cases, officials):
    with tx() as session:
        page2 = engine.inbox(session, officials.enterprise, "claimable", page=2, per_page=2)
    assert (titles(page2), page2.total) == (["新乡 案件"], 3)


def test_unknown_scope_is_an_error(engine, tx, officials):
    with pytest.raises(ValueError), tx() as session:
        engine.inbox(session, officials.enterprise, "everything")


def test_tasks_without_a_due_date_come_last(engine, tx, cases, officials):
    with tx() as session:
        engine.start(
            session, "sample_handover", officials.parties, actor=officials.enterprise, title="无期限 案件"
        )
    with tx() as session:
        page = engine.inbox(session, officials.enterprise, "claimable")
    assert titles(page) == ["洛阳 案件", "平顶山 案件", "新乡 案件", "无期限 案件"]


def test_text_search_finds_a_case_by_its_number(engine, tx, cases, officials):
    with tx() as session:
        found = engine.inbox(
            session, officials.enterprise, "claimable", filters=InboxFilter(q=f"#{cases[1]}")
        )
    assert titles(found) == ["洛阳 案件"]
