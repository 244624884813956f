"""登记造册 from the registry: the enterprise confirms, and the people it has registered (and not yet
handed over in another programme) become the programme's roster. The case keeps counts only."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import update

from engine.registry.retirees import Retiree, RosterImport
from tests.processes import campaign
from tests.processes import submissions as form
from tests.web.conftest import login, post

from .walk import retiree


@pytest.fixture
def roster_task(driver, registered):
    data = {
        "enterprise": campaign.ENTERPRISE_INFO,
        "milestones": campaign.MILESTONES,
        "directory": campaign.directory(),
    }
    parties = {"enterprise": campaign.ENTERPRISE, "supervisor": campaign.SUPERVISOR}
    case = driver.start("retiree_handover_programme", parties, data, title="平煤神马 退休人员移交")
    driver.complete(case, "survey_retirees", form.survey(11))
    return driver.item(case, "register_roster")


def claim(client, item) -> None:
    login(client, "enterprise")
    post(client, f"/tasks/{item.id}/claim", token_from=f"/tasks/{item.id}")


def confirm(client, item, **typed):
    """Claim 登记造册 and submit its form as the enterprise's official."""
    claim(client, item)
    return post(
        client,
        f"/tasks/{item.id}/complete",
        data={"confirmed": "on", **typed},
        token_from=f"/tasks/{item.id}",
    )


def test_the_task_page_says_how_many_registered_people_it_takes(client, roster_task):
    login(client, "enterprise")
    page = client.get(f"/tasks/{roster_task.id}").get_data(as_text=True)
    assert "11" in page and "/retirees" in page


def test_confirming_links_the_registered_people_and_the_case_carries_counts_only(
    client, driver, sessions, roster_task
):
    response = confirm(client, roster_task, retiree_count="11")
    assert response.status_code == 302, response.get_data(as_text=True)[-2000:]
    case = roster_task.instance_id
    with driver.tx() as session:
        data = driver.engine.case_view(session, case, driver.officials.of(campaign.ENTERPRISE)).data
        state = driver.engine.instance(session, case).state
    assert data["roster_summary"]["handed_over"] == 9
    assert retiree(sessions, "王建国").instance_id == case
    assert retiree(sessions, "孙外企").instance_id is None  # another enterprise's
    wang = retiree(sessions, "王建国")
    assert wang.id_number not in json.dumps(data, ensure_ascii=False)  # no person in the workflow
    assert wang.id_number not in str(state) and "王建国" not in str(state)


def test_a_typed_count_that_disagrees_with_the_registry_is_refused_with_both_figures(
    client, driver, roster_task
):
    response = confirm(client, roster_task, retiree_count="12")
    assert response.status_code == 422
    assert "填写的登记人数 12 人与登记库的 11 人不符" in response.get_data(as_text=True)
    assert driver.item(roster_task.instance_id, "register_roster").state == "open"


def test_a_roster_still_importing_holds_the_registration(client, driver, sessions, roster_task):
    from datetime import UTC, datetime

    with sessions() as session, session.begin():
        session.add(
            RosterImport(
                enterprise_org=campaign.ENTERPRISE, filename="第二批.xlsx", sha256="0" * 64,
                uploaded_by="enterprise", uploaded_at=datetime(2017, 3, 1, tzinfo=UTC), state="running",
            )
        )  # fmt: skip
    response = confirm(client, roster_task)
    assert response.status_code == 422
    assert "第二批.xlsx 尚未导入完成" in response.get_data(as_text=True)


def test_people_already_in_another_programme_are_not_taken_again(client, driver, sessions, roster_task):
    data = {"enterprise": campaign.ENTERPRISE_INFO, "milestones": campaign.MILESTONES, "directory": {}}
    parties = {"enterprise": campaign.ENTERPRISE, "supervisor": campaign.SUPERVISOR}
    other = driver.start("retiree_handover_programme", parties, data, title="另一批")
    with sessions() as session, session.begin():
        enterprise = Retiree.enterprise_org == campaign.ENTERPRISE
        session.execute(update(Retiree).where(enterprise).values(instance_id=other))
    response = confirm(client, roster_task)
    assert response.status_code == 422
    assert "请先在“退休人员登记”中导入登记表" in response.get_data(as_text=True)
