"""登记造册 from the registry: the enterprise official holding the task completes it with the
people the enterprise has registered, through the engine (the form's validation applies)."""

from __future__ import annotations

import pytest
from sqlalchemy import update

from engine.registry.retirees import Retiree
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


def offer(client, item) -> bool:
    return "使用已登记的退休人员名单（11 人）" in client.get(f"/tasks/{item.id}").get_data(as_text=True)


def test_the_offer_is_made_to_the_official_holding_the_task(client, roster_task):
    login(client, "enterprise")
    assert not offer(client, roster_task)  # not claimed yet
    post(client, f"/tasks/{roster_task.id}/claim", token_from=f"/tasks/{roster_task.id}")
    assert offer(client, roster_task)


def test_the_registered_roster_completes_the_task(client, driver, sessions, roster_task):
    login(client, "enterprise")
    post(client, f"/tasks/{roster_task.id}/claim", token_from=f"/tasks/{roster_task.id}")
    response = post(
        client, f"/tasks/{roster_task.id}/registered-roster", token_from=f"/tasks/{roster_task.id}"
    )
    assert response.status_code == 302 and response.headers["Location"].endswith(
        f"/tasks/{roster_task.id}/done"
    )
    case = roster_task.instance_id
    draft = driver.open_items(case, "draft_framework_agreement")[0]
    assert driver.item_data(draft)["register_roster"] == {"roster": campaign.roster()}
    assert driver.item_data(draft)["roster_summary"]["handed_over"] == 9
    assert retiree(sessions, "王建国").instance_id == case
    assert retiree(sessions, "孙外企").instance_id is None


def test_a_roster_the_form_refuses_is_not_submitted(client, driver, sessions, roster_task):
    with sessions() as session, session.begin():  # a row the form would refuse
        session.execute(update(Retiree).where(Retiree.name == "张伟").values(sex="女"))
    login(client, "enterprise")
    post(client, f"/tasks/{roster_task.id}/claim", token_from=f"/tasks/{roster_task.id}")
    response = post(
        client, f"/tasks/{roster_task.id}/registered-roster", token_from=f"/tasks/{roster_task.id}"
    )
    assert response.status_code == 422
    assert driver.item(roster_task.instance_id, "register_roster").state == "open"


def test_only_the_holder_may_use_it(client, roster_task):
    login(client, "enterprise")  # not claimed: the engine refuses
    response = post(client, f"/tasks/{roster_task.id}/registered-roster", token_from="/inbox")
    assert response.status_code == 409
    login(client, "county")
    assert post(client, f"/tasks/{roster_task.id}/registered-roster", token_from="/inbox").status_code == 404


def test_it_fills_the_roster_task_only(client, driver, roster_task):
    with driver.tx() as session:
        (survey,) = driver.engine.work_items(session, roster_task.instance_id, state="completed")
    login(client, "enterprise")
    assert post(client, f"/tasks/{survey.id}/registered-roster", token_from="/inbox").status_code == 404
