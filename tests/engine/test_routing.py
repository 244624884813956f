"""Routing a case through its lanes: claim, complete, and who may not."""

from __future__ import annotations

from datetime import datetime

import pytest

from engine import (
    Actor,
    InvalidParties,
    InvalidTaskData,
    NotYourTask,
    TaskConflict,
    TaskNotClaimed,
)
from engine.workflow.deadlines import CHINA_TZ

from .helpers import claim_and_complete, claimed_sample_case, deploy_samples, open_item


@pytest.fixture
def case(engine, tx, officials) -> int:
    deploy_samples(engine, tx)
    with tx() as session:
        return engine.start(
            session,
            "sample_handover",
            officials.parties,
            {"milestones": {"M1": "2017-03-31"}},
            actor=officials.enterprise,
            title="河南煤业 → 金水区",
        ).id


def test_first_task_is_routed_to_the_enterprise_of_the_case(engine, tx, case):
    item = open_item(engine, tx, case, "compile_roster")
    assert (item.lane, item.owner_org, item.user_role) == ("enterprise", "org-enterprise-coal", "official")
    assert (item.name, item.form_key, item.milestone) == ("登记造册", "sample_roster", "M1")
    assert item.title == "河南煤业 → 金水区"


def test_due_date_comes_from_the_milestone_in_the_case_data(engine, tx, case):
    item = open_item(engine, tx, case, "compile_roster")
    assert item.due_at == datetime(2017, 3, 31, 23, 59, 59, tzinfo=CHINA_TZ)


def test_completing_moves_the_case_to_the_receiving_government(engine, tx, case, officials):
    item = open_item(engine, tx, case, "compile_roster")
    claim_and_complete(engine, tx, item.id, officials.enterprise, {"roster": {"names": ["王芳", "李强"]}})
    nxt = open_item(engine, tx, case, "verify_retirees")
    assert (nxt.lane, nxt.owner_org) == ("receiving_government", "org-county-jinshui")
    assert nxt.due_at == datetime(2017, 4, 30, 23, 59, 59, tzinfo=CHINA_TZ)  # the `due` expression
    with tx() as session:
        done = engine.work_items(session, case, state="completed")
    assert [(i.spec_id, i.completed_by) for i in done] == [("compile_roster", "zhang.wei")]


def test_case_completes_when_the_county_accepts(engine, tx, case, officials):
    item = open_item(engine, tx, case, "compile_roster")
    claim_and_complete(engine, tx, item.id, officials.enterprise, {"roster": {"names": ["王芳"]}})
    item = open_item(engine, tx, case, "verify_retirees")
    claim_and_complete(engine, tx, item.id, officials.county, {"verified": True})
    with tx() as session:
        instance = engine.instance(session, case)
        assert (instance.status, instance.completed_at) == ("completed", engine.clock.now())
        assert engine.work_items(session, case, state="open") == []


def test_sending_back_routes_to_the_enterprise_again(engine, tx, case, officials):
    item = open_item(engine, tx, case, "compile_roster")
    claim_and_complete(engine, tx, item.id, officials.enterprise, {"roster": {"names": ["王芳"]}})
    item = open_item(engine, tx, case, "verify_retirees")
    claim_and_complete(engine, tx, item.id, officials.county, {"verified": False})
    again = open_item(engine, tx, case, "compile_roster")
    assert again.id != item.id and again.owner_org == "org-enterprise-coal"


def test_county_of_another_county_cannot_claim(engine, tx, case, officials):
    item = open_item(engine, tx, case, "compile_roster")
    claim_and_complete(engine, tx, item.id, officials.enterprise, {"roster": {"names": []}})
    verify = open_item(engine, tx, case, "verify_retirees")
    with pytest.raises(NotYourTask), tx() as session:
        engine.claim(session, verify.id, officials.county2)


def test_enterprise_cannot_claim_the_county_task(engine, tx, case, officials):
    item = open_item(engine, tx, case, "compile_roster")
    with pytest.raises(NotYourTask), tx() as session:
        engine.claim(session, item.id, officials.county)


def test_user_without_the_task_role_cannot_claim(engine, tx, case, officials):
    item = open_item(engine, tx, case, "compile_roster")
    with pytest.raises(NotYourTask, match="needs the role 'official'"), tx() as session:
        engine.claim(session, item.id, officials.enterprise_viewer)


def test_colleague_cannot_claim_a_task_already_claimed(engine, tx, case, officials):
    item = open_item(engine, tx, case, "compile_roster")
    colleague = Actor("sun.li", officials.enterprise.organisation_id)
    with tx() as session:
        engine.claim(session, item.id, officials.enterprise)
    with pytest.raises(TaskConflict, match="claimed by someone else"), tx() as session:
        engine.claim(session, item.id, colleague)
    with pytest.raises(TaskConflict), tx() as session:
        engine.complete(session, item.id, colleague, {})


def test_claiming_twice_is_harmless(engine, tx, case, officials):
    item = open_item(engine, tx, case, "compile_roster")
    for _ in range(2):
        with tx() as session:
            assert engine.claim(session, item.id, officials.enterprise).claimed_by == "zhang.wei"


def test_complete_without_claim_is_refused(engine, tx, case, officials):
    item = open_item(engine, tx, case, "compile_roster")
    with pytest.raises(TaskNotClaimed), tx() as session:
        engine.complete(session, item.id, officials.enterprise, {})


def test_unclaim_returns_the_task_to_the_organisation(engine, tx, case, officials):
    item = open_item(engine, tx, case, "compile_roster")
    with tx() as session:
        engine.claim(session, item.id, officials.enterprise)
    with tx() as session:
        engine.unclaim(session, item.id, officials.enterprise)
    with tx() as session:
        assert open_item(engine, tx, case, "compile_roster").claimed_by is None
        page = engine.inbox(session, officials.enterprise, "claimable")
        assert [i.id for i in page.items] == [item.id]


def test_completing_a_completed_task_is_a_conflict(engine, tx, case, officials):
    item = open_item(engine, tx, case, "compile_roster")
    claim_and_complete(engine, tx, item.id, officials.enterprise, {"roster": {"names": []}})
    with pytest.raises(TaskConflict, match="already completed"), tx() as session:
        engine.complete(session, item.id, officials.enterprise, {"roster": {"names": []}})
    with tx() as session:
        assert len(engine.work_items(session, case, state="open")) == 1


def test_data_that_is_not_an_object_is_invalid(engine, tx, case, officials):
    item = open_item(engine, tx, case, "compile_roster")
    with tx() as session:
        engine.claim(session, item.id, officials.enterprise)
    with pytest.raises(InvalidTaskData), tx() as session:
        engine.complete(session, item.id, officials.enterprise, ["not", "a", "form"])
    assert open_item(engine, tx, case, "compile_roster").state == "open"


def test_validator_errors_refuse_the_completion_and_keep_the_task(clock, tx, officials):
    from engine import Engine

    def needs_names(form_key, data, _form_text):
        return {} if data.get("roster") else {"roster": [f"{form_key}: 必填"]}

    engine = Engine(clock=clock, validator=needs_names)
    case, item = claimed_sample_case(engine, tx, officials.enterprise, officials.parties)
    with pytest.raises(InvalidTaskData) as refused, tx() as session:
        engine.complete(session, item.id, officials.enterprise, {})
    assert refused.value.errors == {"roster": ["sample_roster: 必填"]}
    assert open_item(engine, tx, case, "compile_roster").claimed_by == "zhang.wei"


@pytest.mark.parametrize(
    "parties, message",
    [
        ({"bank": "org-1"}, "unknown role"),
        ({"enterprise": ""}, "must be an organisation id"),
        (["enterprise"], "must be an object"),
    ],
)
def test_bad_parties_are_refused(engine, tx, officials, parties, message):
    deploy_samples(engine, tx)
    with pytest.raises(InvalidParties, match=message), tx() as session:
        engine.start(session, "sample_handover", parties, actor="system")


def test_an_organisation_that_is_not_a_party_cannot_start_the_case(engine, tx, officials):
    deploy_samples(engine, tx)
    with pytest.raises(NotYourTask), tx() as session:
        engine.start(session, "sample_handover", officials.parties, actor=officials.county2)
