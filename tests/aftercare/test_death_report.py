"""死亡报告 driven to its end on every branch through the engine, and its refusals."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from engine import InvalidTaskData
from engine.aftercare import deaths
from engine.aftercare.deaths import people as death_people
from engine.aftercare.deaths.reports import DeathReport
from engine.aftercare.figures import service_figures
from engine.registry import access
from engine.registry.retirees import Retiree, living_in
from tests.processes import conftest as processes

from .death_setup import (
    AGENCY,
    COMMUNITY,
    COMMUNITY2,
    ENTERPRISE,
    confirm,
    person,
    receive,
    report,
)

drive, procedures = processes.drive, processes.procedures  # fixtures


@pytest.fixture
def received(drive):
    with drive.tx() as session:
        receive(session)


def _row(drive, case: int) -> DeathReport:
    with drive.tx() as session:
        found = session.scalars(select(DeathReport).where(DeathReport.instance_id == case)).one()
        session.expunge(found)
        return found


def _retiree(drive, name: str) -> Retiree:
    with drive.tx() as session:
        found = person(session, name)
        session.expunge(found)
        return found


def test_a_reported_death_with_a_family_application_ends_with_the_family_told(drive, received):
    case = report(drive, "王建国")
    assert drive.open_specs(case) == ["confirm_death"]
    confirm(drive, case)
    assert drive.open_specs(case) == ["acknowledge_death", "stop_pension"]
    assert drive.item(case, "acknowledge_death").owner_org == ENTERPRISE
    assert drive.item(case, "stop_pension").owner_org == AGENCY
    drive.complete(case, "acknowledge_death", {"received": True})
    drive.complete(case, "stop_pension", {"stop_from": "2017-03"})
    assert _retiree(drive, "王建国").status == "deceased"
    assert _retiree(drive, "王建国").died_on == date(2017, 2, 20)
    application = {
        "applied": True,
        "applicant": "王小明",
        "relationship": "子女",
        "documents": "死亡证明、户口本",
    }
    drive.complete(case, "assist_survivor_application", application)
    seen = drive.data(case, "decide_survivor_grants")
    assert seen["assist_survivor_application"]["applicant"] == "王小明"
    drive.complete(case, "decide_survivor_grants", {"funeral_grant": 5000, "survivor_pension": 24000})
    assert drive.data(case, "tell_family")["decide_survivor_grants"]["funeral_grant"] == 5000
    drive.complete(case, "tell_family", {"told_on": "2017-03-01", "how": "电话"})
    assert drive.status(case) == "completed"
    row = _row(drive, case)
    assert (row.funeral_grant, row.survivor_pension, row.family_told_on) == (5000, 24000, date(2017, 3, 1))
    assert row.pension_stopped_from == date(2017, 3, 1)


def test_a_family_that_does_not_apply_ends_its_branch(drive, received):
    case = report(drive, "李秀英")
    confirm(drive, case)
    drive.complete(case, "stop_pension", {"stop_from": "2017-03"})
    drive.complete(case, "assist_survivor_application", {"applied": False, "reasons": "家属表示不申领"})
    assert drive.open_specs(case) == ["acknowledge_death"]
    drive.complete(case, "acknowledge_death", {"received": True})
    assert drive.status(case) == "completed"
    assert _row(drive, case).family_applied is False
    assert _row(drive, case).grants_decided_on is None


def test_a_report_not_confirmed_ends_and_the_person_stays_living(drive, received):
    case = report(drive, "王建国")
    drive.complete(case, "confirm_death", {"confirmed": False, "reasons": "家属称系误报"})
    assert drive.status(case) == "completed"
    assert _retiree(drive, "王建国").status == "received"
    assert _row(drive, case).withdrawn is True
    report(drive, "王建国")  # a withdrawn report does not stop a new one


def test_the_community_confirms_only_with_the_certificate_uploaded(drive, received):
    case = report(drive, "王建国")
    with pytest.raises(InvalidTaskData) as refused:
        drive.complete(case, "confirm_death", {"confirmed": True})
    assert "死亡证明" in refused.value.errors["confirmed"][0]


def test_the_pension_stops_from_the_month_after_the_death_only(drive, received):
    case = report(drive, "王建国", died_on="2016-12-31")
    confirm(drive, case)
    assert drive.data(case, "stop_pension")["death"]["stop_from"] == "2017-01"
    with pytest.raises(InvalidTaskData) as refused:
        drive.complete(case, "stop_pension", {"stop_from": "2017-02"})
    assert "2017-01" in refused.value.errors["stop_from"][0]
    assert _retiree(drive, "王建国").status == "received"


@pytest.mark.parametrize(
    ("name", "died_on", "community", "field", "words"),
    [
        ("陈静", "2017-02-20", COMMUNITY, "retiree_id", "不是本社区"),  # 中原区's person
        ("张伟", "2017-02-20", COMMUNITY, "retiree_id", "不是本社区"),  # the other community's
        ("王建国", "2017-03-02", COMMUNITY, "died_on", "晚于今天"),
        ("吴老", "2017-02-20", COMMUNITY, "retiree_id", "不是本社区"),  # 离休干部: not handed over
    ],
)
def test_a_report_is_refused_in_chinese(drive, received, name, died_on, community, field, words):
    with pytest.raises(InvalidTaskData) as refused:
        report(drive, name, died_on=died_on, community=community)
    assert words in refused.value.errors[field][0]


def test_a_second_open_report_of_the_same_person_is_refused(drive, received):
    first = report(drive, "王建国")
    with pytest.raises(InvalidTaskData) as refused:
        report(drive, "王建国")
    assert f"案件 {first}" in refused.value.errors["retiree_id"][0]


def test_someone_already_deceased_cannot_be_reported_again(drive, received):
    case = report(drive, "王建国")
    confirm(drive, case)
    drive.complete(case, "stop_pension", {"stop_from": "2017-03"})
    drive.complete(case, "assist_survivor_application", {"applied": False, "reasons": "无家属"})
    drive.complete(case, "acknowledge_death", {"received": True})
    with pytest.raises(InvalidTaskData) as refused:
        report(drive, "王建国")
    assert "已故" in refused.value.errors["retiree_id"][0]


def test_the_deceased_leave_the_community_living_list(drive, received):
    case = report(drive, "王建国")
    confirm(drive, case)
    drive.complete(case, "stop_pension", {"stop_from": "2017-03"})
    with drive.tx() as session:
        living = set(session.scalars(select(Retiree.name).where(living_in(COMMUNITY))))
    assert "王建国" not in living and "李秀英" in living


def test_the_enterprise_sees_the_name_masked_id_and_date_only(drive, received):
    case = report(drive, "王建国")
    confirm(drive, case)
    item = drive.item(case, "acknowledge_death")
    with drive.tx() as session:
        seen = drive.engine.task_view(session, item.id, drive.officials.of(ENTERPRISE)).data
    number = _retiree(drive, "王建国").id_number
    assert set(seen) == {"parties", "person"}
    assert seen["person"] == {"name": "王建国", "id_number": access.mask(number), "died_on": "2017-02-20"}
    assert number not in str(seen)


def test_the_masking_is_the_registry_s():
    assert death_people.masked("410105195001011234") == access.mask("410105195001011234")


def test_the_tasks_fall_due_on_the_days_the_diagram_states(drive, received):
    case = report(drive, "王建国")
    assert drive.item(case, "confirm_death").due_at.date() == date(2017, 3, 6)
    confirm(drive, case)
    assert drive.item(case, "stop_pension").due_at.date() == date(2017, 3, 16)


def test_a_community_of_county2_cannot_act_on_the_case(drive, received):
    from engine import NotYourTask

    case = report(drive, "王建国")
    item = drive.item(case, "confirm_death")
    with drive.tx() as session, pytest.raises(NotYourTask):
        drive.engine.claim(session, item.id, drive.officials.of(COMMUNITY2))


def test_figures_count_reports_and_what_was_done_in_time(drive, received):
    done = report(drive, "王建国")
    confirm(drive, done)
    drive.complete(done, "stop_pension", {"stop_from": "2017-03"})
    application = {"applied": True, "applicant": "王小明", "relationship": "子女", "documents": "证明"}
    drive.complete(done, "assist_survivor_application", application)
    drive.complete(done, "decide_survivor_grants", {"funeral_grant": 5000, "survivor_pension": 0})
    report(drive, "李秀英")
    report(drive, "陈静", community=COMMUNITY2)
    with drive.tx() as session:
        counted = deaths.figures(session, ["410105", "410102", "410402"], 2017)
        assert deaths.figures(session, None, 2016) == {}
        gathered = service_figures(session, 2017, ["410105", "410102"])
    assert gathered.total.counts["deaths"]["reported"] == 3
    assert counted["410105"] == {"reported": 2, "pension_stopped_in_time": 1, "grants_recorded": 1,
                                 "grants_in_time": 1}  # fmt: skip
    assert counted["410102"]["reported"] == 1
    assert counted["410402"] == {"reported": 0, "pension_stopped_in_time": 0, "grants_recorded": 0,
                                 "grants_in_time": 0}  # fmt: skip
