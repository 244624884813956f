"""户籍迁移 — "户口所在地与常年居住地不一致的,尽量将户籍迁入居住地" (二(二)2): for each person whose
hukou and residence are different Henan counties, the community that receives them (or their
county) records their wish and what came of it, on the task's list, the person's page and the API;
audited, counted in the county's figures, hidden from those who see the person masked."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from engine.directory.audit import AuditEvent
from engine.directory.organisations import User
from engine.registry import handover
from engine.registry.handover import CountyScope
from tests.passwords import password_hash
from tests.processes import campaign
from tests.processes import submissions as form
from tests.web.conftest import login, post

from .walk import JINSHUI, community, retiree, sign_for_county

MOVED = {"intention": "wants", "outcome": "moved", "moved_on": "2017-04-01"}


@pytest.fixture
def reception(driver, programme):
    """金水区 signed, verified and allocated to one community, whose reception is open; 刘洋's
    hukou is in 中原区, the other three live where their hukou is."""
    sign_for_county(driver, programme, JINSHUI, 4)
    driver.complete(programme, "verify_retiree_data", form.all_correct(), owner=campaign.county_org(JINSHUI))
    driver.allocate_all(programme, JINSHUI, community(JINSHUI))
    return driver.item(programme, "receive_retirees", community(JINSHUI))


def record(api, username: str, retiree_id: int, body):
    api.get("/retirees", username)  # the caller's token
    headers = {"Authorization": f"Bearer {api.tokens[username]}"}
    return api.client.post(f"/api/v1/retirees/{retiree_id}/hukou_move", json=body, headers=headers)


def test_the_reception_list_filters_those_whose_hukou_differs(client, reception):
    """户口所在地与常年居住地不一致的,尽量将户籍迁入居住地。"""
    login(client, "community")
    page = client.get(f"/tasks/{reception.id}?hukou=differs").get_data(as_text=True)
    assert "刘洋" in page and "王建国" not in page
    assert "未询问" in page  # nobody has asked him yet


def test_the_community_records_the_wish_then_the_move(api, reception, sessions):
    """户口所在地与常年居住地不一致的,尽量将户籍迁入居住地。"""
    liu = retiree(sessions, "刘洋").id
    wish = record(api, "community", liu, {"intention": "wants"})
    assert (wish.status_code, wish.json["hukou_move"]["outcome"]) == (200, "pending")
    moved = record(api, "community", liu, MOVED)
    assert moved.status_code == 200
    person = retiree(sessions, "刘洋")
    assert (person.hukou_move_intention, person.hukou_move_outcome, str(person.hukou_moved_on)) == (
        "wants",
        "moved",
        "2017-04-01",
    )


def test_the_task_list_shows_the_record_to_the_community(api, reception, sessions):
    """户口所在地与常年居住地不一致的,尽量将户籍迁入居住地。"""
    declined = {"intention": "declines", "reason": "子女在原籍就学"}
    record(api, "community", retiree(sessions, "刘洋").id, declined)
    listed = api.get(f"/tasks/{reception.id}/people", "community", query_string={"hukou": "differs"}).json
    (liu,) = listed["items"]
    shown = liu["hukou_move"]
    assert (shown["intention_name"], shown["reason"]) == ("不愿迁入", declined["reason"])


def test_recording_on_the_task_page_writes_an_audit_event(client, reception, sessions):
    """户口所在地与常年居住地不一致的,尽量将户籍迁入居住地。"""
    liu = retiree(sessions, "刘洋").id
    login(client, "community")
    page = f"/tasks/{reception.id}"
    answer = post(client, f"{page}/hukou_move", data={"retiree": liu, "intention": "wants"}, token_from=page)
    assert answer.status_code == 302
    with sessions() as session:
        (event,) = session.scalars(select(AuditEvent).where(AuditEvent.action == "record_hukou_move"))
    assert (event.actor, event.detail["retiree"]) == ("community", liu)
    assert (event.detail["from"]["intention"], event.detail["to"]["intention"]) == (None, "wants")


def test_a_person_whose_hukou_is_their_residence_is_refused(api, reception, sessions):
    """户口所在地与常年居住地不一致的,尽量将户籍迁入居住地 — only then."""
    answer = record(api, "community", retiree(sessions, "王建国").id, {"intention": "wants"})
    assert answer.status_code == 422
    assert "intention" in answer.json["error"]["fields"]


def test_a_decline_without_a_reason_is_refused_naming_the_field(api, reception, sessions):
    """户口所在地与常年居住地不一致的,尽量将户籍迁入居住地 — where not, why not."""
    answer = record(api, "community", retiree(sessions, "刘洋").id, {"intention": "declines"})
    assert (answer.status_code, list(answer.json["error"]["fields"])) == (422, ["reason"])
    assert retiree(sessions, "刘洋").hukou_move_intention is None


def test_a_move_dated_in_the_future_is_refused(api, reception, sessions):
    """户口所在地与常年居住地不一致的,尽量将户籍迁入居住地。"""
    body = {"intention": "wants", "outcome": "moved", "moved_on": "2030-01-01"}
    answer = record(api, "community", retiree(sessions, "刘洋").id, body)
    assert (answer.status_code, list(answer.json["error"]["fields"])) == (422, ["moved_on"])


def test_a_body_that_is_not_an_object_is_a_bad_request(api, reception, sessions):
    """户口所在地与常年居住地不一致的,尽量将户籍迁入居住地 — recorded through the API as on the page."""
    assert record(api, "community", retiree(sessions, "刘洋").id, ["wants"]).status_code == 400


def test_another_countys_community_cannot_record(app, api, reception, sessions):
    """户口所在地与常年居住地不一致的,尽量将户籍迁入居住地 — by those who serve the person."""
    with sessions() as session, session.begin():
        session.add(
            User(
                username="community2", name="中原区社区经办人", roles=["official"], active=True,
                organisation_id=campaign.community_org("410102"), password_hash=password_hash("demo"),
                failed_logins=0,
            )
        )  # fmt: skip
    liu = retiree(sessions, "刘洋").id  # his hukou is in 中原区, he lives in 金水区
    assert record(api, "community2", liu, {"intention": "wants"}).status_code == 404
    assert record(api, "county2", liu, {"intention": "wants"}).status_code == 404
    assert retiree(sessions, "刘洋").hukou_move_intention is None


def test_the_enterprise_sees_the_record_but_may_not_change_it(api, reception, sessions):
    """户口所在地与常年居住地不一致的,尽量将户籍迁入居住地 — the receiving side moves the hukou."""
    liu = retiree(sessions, "刘洋").id
    assert api.get(f"/retirees/{liu}", "enterprise").json["hukou_move"]["may_record"] is False
    assert record(api, "enterprise", liu, {"intention": "wants"}).status_code == 403


def test_the_county_records_too(api, reception, sessions):
    """户口所在地与常年居住地不一致的,尽量将户籍迁入居住地 — the county answers for its people."""
    answer = record(api, "county", retiree(sessions, "刘洋").id, {"intention": "wants"})
    assert answer.status_code == 200


def test_someone_who_sees_the_person_masked_does_not_see_the_record(api, reception, sessions):
    """户口所在地与常年居住地不一致的,尽量将户籍迁入居住地 — the hukou stays behind the mask."""
    liu = retiree(sessions, "刘洋").id
    record(api, "community", liu, {"intention": "wants"})
    assert api.get(f"/retirees/{liu}", "archive").json["hukou_move"] is None


def test_the_county_figures_count_who_differs_wishes_and_moved(api, programme, reception, sessions):
    """户口所在地与常年居住地不一致的,尽量将户籍迁入居住地 — counted for the county."""
    record(api, "community", retiree(sessions, "刘洋").id, MOVED)
    with sessions() as session:
        figures = handover.figures(session, CountyScope(programme, JINSHUI))
    assert (figures.hukou_differ, figures.hukou_move_wanted, figures.hukou_moved) == (1, 1, 1)


def test_the_person_page_records_and_shows_the_move(client, reception, sessions):
    """户口所在地与常年居住地不一致的,尽量将户籍迁入居住地。"""
    liu = retiree(sessions, "刘洋").id
    login(client, "community")
    page = f"/retirees/{liu}"
    data = {"intention": "wants", "outcome": "declined", "reason": "派出所：无合法固定住所"}
    assert post(client, f"{page}/hukou_move", data=data, token_from=page).status_code == 302
    shown = client.get(page).get_data(as_text=True)
    assert "派出所：无合法固定住所" in shown and "愿意迁入居住地" in shown
