"""The case diagram on the case page and at /cases/<id>/diagram.svg: a programme at the county
stage (frameworks signed, 金水区's specific agreement drafted and waiting for 金水区 to sign)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from engine import Actor, SettableClock
from engine.diagram import case_marks
from engine.workflow.deadlines import CHINA_TZ
from tests.processes import campaign, submissions
from tests.processes import test_community_org_handover as community
from tests.processes.test_retiree_handover import drive_county, sign_framework_agreements, start_programme

from .conftest import caption_of, group, login, parse_svg, states, text_of

ROOT = Path(__file__).resolve().parents[2]
ENGINE_FIXTURES = ROOT / "tests" / "fixtures" / "engine"
JINSHUI = "410105"


def diagram(client, case: int, **query):
    response = client.get(f"/cases/{case}/diagram.svg", query_string=query)
    assert response.status_code == 200, response.status_code
    assert response.mimetype == "image/svg+xml"
    return parse_svg(response.get_data())


def test_the_programme_shows_what_is_done_and_that_the_county_hand_overs_run(client, people, programme):
    login(client, "enterprise")
    marked = states(diagram(client, programme))
    assert marked["survey_retirees"] == marked["register_roster"] == "completed"
    assert marked["group_roster_by_county"] == marked["anyone_to_hand_over"] == "completed"
    assert marked["prefecture_handovers"] == "active"
    assert "report_overall_completion" not in marked and "programme_nothing_to_hand_over" not in marked


def test_a_multi_instance_call_counts_its_runs(client, people, programme):
    login(client, "enterprise")
    assert caption_of(diagram(client, programme), "prefecture_handovers") == "已完成 0/2"
    prefectures = diagram(client, programme, process="prefecture_handover")
    assert caption_of(prefectures, "county_handovers") == "已完成 0/3"


def test_one_county_run_of_the_called_process(client, people, programme):
    login(client, "county")
    root = diagram(client, programme, process="county_handover", run=JINSHUI)
    marked = states(root)
    assert marked["assign_county_parties"] == marked["draft_specific_agreement"] == "completed"
    assert marked["sign_specific_agreement"] == "active"
    assert caption_of(root, "sign_specific_agreement") == "郑州市金水区人民政府"
    assert "verify_retiree_data" not in marked


def test_all_county_runs_together_are_active_where_any_is(client, people, programme):
    """Aggregated: 中原区 and 新华区 still draft their agreements, so drafting is still active."""
    login(client, "enterprise")
    root = diagram(client, programme, process="county_handover")
    marked = states(root)
    assert marked["assign_county_parties"] == "completed"
    assert marked["draft_specific_agreement"] == "active"
    assert marked["sign_specific_agreement"] == "active"
    assert caption_of(root, "draft_specific_agreement") == "中国平煤神马能源化工集团"


def test_an_open_task_past_its_due_date_is_overdue(client, people, programme, app):
    app.extensions["yijiao"]["engine"].clock = SettableClock(datetime(2017, 5, 2, 9, tzinfo=CHINA_TZ))
    login(client, "county")
    marked = states(diagram(client, programme, process="county_handover", run=JINSHUI))
    assert marked["sign_specific_agreement"] == "overdue"
    assert (
        states(diagram(client, programme, process="county_handover"))["draft_specific_agreement"] == "overdue"
    )
    assert states(diagram(client, programme))["prefecture_handovers"] == "overdue"


def test_before_its_due_date_the_same_task_is_only_active(client, people, programme, app):
    app.extensions["yijiao"]["engine"].clock = SettableClock(datetime(2017, 4, 30, 23, tzinfo=CHINA_TZ))
    login(client, "county")
    marked = states(diagram(client, programme, process="county_handover", run=JINSHUI))
    assert marked["sign_specific_agreement"] == "active"


@pytest.mark.parametrize("outsider", ["community", "county2"])
def test_organisations_outside_the_case_get_not_found(client, people, programme, outsider):
    """花园路社区 has no allocation yet; 中原区's own agreement is still with the enterprise."""
    login(client, outsider)
    assert client.get(f"/cases/{programme}/diagram.svg").status_code == 404
    assert client.get(f"/cases/{programme}/diagram.svg?process=county_handover").status_code == 404


@pytest.mark.parametrize(
    "query",
    [
        {"process": "no_such_process"},
        {"process": "county_handover", "run": "999999"},
        {"process": "county_handover", "plane": "no_such_subprocess"},
        {"run": JINSHUI},  # the programme itself runs once, for no county
    ],
)
def test_an_unknown_diagram_is_not_found(client, people, programme, query):
    login(client, "enterprise")
    assert client.get(f"/cases/{programme}/diagram.svg", query_string=query).status_code == 404


def test_the_case_page_shows_the_diagram_inline_with_links_to_the_called_processes(client, people, programme):
    login(client, "enterprise")
    html = client.get(f"/cases/{programme}").get_data(as_text=True)
    assert '<div class="case-diagram"><svg' in html
    assert 'id="el-prefecture_handovers" data-kind="callActivity" class="active"' in html
    assert "打开子流程：省辖市（省直管县）移交" in html and "打开子流程：县（市、区）具体移交" in html
    assert "打开子流程：签订移交框架协议" in html and "打开子流程：退休人员档案移交" in html
    assert f"/cases/{programme}/diagram.svg?process=county_handover&amp;run={JINSHUI}" in html
    assert ">郑州市金水区</a>" in html


def test_the_diagram_is_the_version_the_case_started_on(client, people, programme, app):
    yijiao = app.extensions["yijiao"]
    source = (ROOT / "processes" / "retiree_handover_programme.bpmn").read_text(encoding="utf-8")
    changed = source.replace('name="调查摸底"', 'name="调查摸底（第二版）"')
    with yijiao["sessions"]() as session, session.begin():
        deployments = yijiao["engine"].deploy(
            session, {"retiree_handover_programme.bpmn": changed.encode("utf-8")}
        )
    (deployment,) = [d for d in deployments if d.key == "retiree_handover_programme"]
    assert deployment.changed and deployment.version == 2
    login(client, "enterprise")
    assert text_of(group(diagram(client, programme), "survey_retirees")) == "调查摸底"


def test_case_marks_reads_the_engine_without_the_web(app, people, programme):
    yijiao = app.extensions["yijiao"]
    with yijiao["sessions"]() as session, session.begin():
        marks, labels = case_marks(
            session, yijiao["engine"], programme, process="county_handover", run=JINSHUI
        )
    assert marks["sign_specific_agreement"] == "active"
    assert labels["sign_specific_agreement"] == "郑州市金水区人民政府"


@pytest.fixture
def jinshui_done(driver) -> int:
    """A programme whose 金水区 hand-over is complete, archives included; the other two are not."""
    case = start_programme(driver)
    sign_framework_agreements(driver, case)
    drive_county(driver, case, JINSHUI)
    return case


def test_a_nested_call_is_known_by_the_county_it_runs_in(client, people, jinshui_done):
    login(client, "enterprise")
    archive = states(diagram(client, jinshui_done, process="archive_handover", run=JINSHUI))
    assert archive["archive_start"] == archive["archive_end"] == "completed"
    county = states(diagram(client, jinshui_done, process="county_handover", run=JINSHUI))
    assert county["archive_handover_call"] == county["confirm_county_handover"] == "completed"
    root = diagram(client, jinshui_done, process="county_handover")
    assert "confirm_county_handover" not in states(root)
    assert caption_of(root, "confirm_county_handover") == "已完成 1/3"
    prefectures = diagram(client, jinshui_done, process="prefecture_handover")
    assert caption_of(prefectures, "county_handovers") == "已完成 1/3"


# -- what a case waits on ------------------------------------------------------------------------


@pytest.fixture
def schedule(driver) -> int:
    """The milestone schedule: one run of 节点到期检查 per milestone, each waiting on its timer."""
    data = {"campaign": {"name": "2017年省属企业退休人员移交"}, "milestones": campaign.MILESTONES}
    return driver.start("milestone_schedule", {"supervisor": campaign.SUPERVISOR}, data, title="节点督办")


def test_a_timer_the_case_waits_on_is_waiting_with_its_date(client, people, schedule):
    """The app's clock starts on 2017-04-02: M1 has passed already, M2–M4 wait."""
    login(client, "supervisor")
    root = diagram(client, schedule)
    assert states(root)["watch_milestone"] == "waiting"
    assert caption_of(root, "watch_milestone") == "已完成 1/4"
    inside = diagram(client, schedule, plane="watch_milestone")
    assert states(inside)["milestone_passed"] == "waiting"
    assert caption_of(inside, "milestone_passed") == "2017-05-01 到期"  # the earliest still waiting
    assert caption_of(inside, "milestone_checked") == "已完成 1/4"
    assert caption_of(diagram(client, schedule, plane="watch_milestone", run="M3"), "milestone_passed") == (
        "2017-06-01 到期"
    )
    m1 = states(diagram(client, schedule, plane="watch_milestone", run="M1"))
    assert m1["milestone_passed"] == m1["flag_overdue_cases"] == m1["milestone_checked"] == "completed"


def test_the_case_page_links_to_each_run_of_a_subprocess(client, people, schedule):
    login(client, "supervisor")
    html = client.get(f"/cases/{schedule}").get_data(as_text=True)
    assert "打开子流程：节点到期检查" in html
    assert (
        f"/cases/{schedule}/diagram.svg?process=milestone_schedule&amp;plane=watch_milestone&amp;run=M3"
        in html
    )


def test_a_message_the_case_waits_on_is_waiting(client, people, driver):
    data = {
        "enterprise": campaign.ENTERPRISE_INFO,
        "milestones": campaign.MILESTONES,
        "community_org": {"name": "矿区社区管理委员会", "households": 3300, "setting": "city", "staff": 14},
    }
    case = driver.start("community_org_handover", community.PARTIES, data, title="矿区社区管理委员会移交")
    driver.complete(case, "draft_community_agreement", community.agreement())
    driver.complete(case, "sign_community_agreement", submissions.approve())
    community.decide(driver, case, "standalone")
    established = {
        "community_name": "矿区社区",
        "established_on": "2017-05-20",
        "residents_committee_elected": True,
    }
    driver.complete(case, "establish_community", established)
    community.hand_over_staff(driver, case)
    login(client, "enterprise")
    marked = states(diagram(client, case))
    assert marked["wait_for_renovation"] == "waiting"
    assert marked["establish_community"] == "completed"
    assert "merge_into_community" not in marked


SAMPLE_WITH_ITS_FORM = ("sample_handover.bpmn", "sample_roster.json")


def test_a_case_of_a_file_never_laid_out_has_a_page_without_a_diagram(client, people, app):
    yijiao = app.extensions["yijiao"]
    parties = {
        "enterprise": campaign.ENTERPRISE,
        "receiving_government": "org-gov-410105",
        "supervisor": campaign.SUPERVISOR,
    }
    enterprise = Actor("enterprise", campaign.ENTERPRISE, frozenset({"official"}))
    with yijiao["sessions"]() as session, session.begin():
        yijiao["engine"].deploy(
            session, {name: (ENGINE_FIXTURES / name).read_bytes() for name in SAMPLE_WITH_ITS_FORM}
        )
        case = yijiao["engine"].start(session, "sample_handover", parties, actor=enterprise).id
    login(client, "enterprise")
    page = client.get(f"/cases/{case}")
    assert page.status_code == 200 and "bpmn-diagram" not in page.get_data(as_text=True)
    assert client.get(f"/cases/{case}/diagram.svg").status_code == 404
