"""Handing work on (转办): the holder or a leader of the organisation reassigns a task to a colleague
of the same organisation with its role, audited and told to the new holder; a substitute (代理人)
receives what is handed to an absent colleague within the period only; the holder's follow-up date
(跟进日期) shows in the inbox and sorts it."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select

from engine import SettableClock
from engine.directory.audit import AuditEvent
from engine.directory.organisations import User
from engine.notifications.models import Notification, OutboxMail
from engine.workflow.deadlines import CHINA_TZ
from engine.workflow.models import WorkItem
from tests.passwords import password_hash

from .conftest import login, post

JINSHUI = "org-gov-410105"


@pytest.fixture
def colleagues(sessions, people):
    """金水区 gets two more officials, one of them its leader; every official there has an address."""
    with sessions() as session, session.begin():
        for username, name, roles in (
            ("county.b", "王芳", ["official"]),
            ("county.lead", "赵局长", ["official", "leader"]),
        ):
            session.add(
                User(
                    username=username,
                    name=name,
                    organisation_id=JINSHUI,
                    roles=roles,
                    password_hash=password_hash("demo"),
                    active=True,
                    failed_logins=0,
                )
            )
        for user in session.scalars(select(User).where(User.organisation_id == JINSHUI)):
            user.email = f"{user.username}@jinshui.example"


@pytest.fixture
def held(client, driver, programme, colleagues) -> int:
    """金水区's specific agreement to sign, claimed by `county`, who is logged in."""
    item = driver.item(programme, "sign_specific_agreement", JINSHUI)
    login(client, "county")
    post(client, f"/tasks/{item.id}/claim", token_from=f"/tasks/{item.id}")
    return item.id


def holder(sessions, item_id: int) -> str | None:
    with sessions() as session:
        return session.get(WorkItem, item_id).claimed_by


def reassign(client, item_id: int, to: str):
    return post(client, f"/tasks/{item_id}/reassign", {"to": to}, token_from=f"/tasks/{item_id}")


def notices(sessions, **where) -> list[Notification]:
    with sessions() as session:
        query = select(Notification).filter_by(**where).order_by(Notification.id)
        return list(session.scalars(query))


def test_the_task_page_offers_its_holder_the_colleagues_to_hand_it_to(client, held):
    html = client.get(f"/tasks/{held}").get_data(as_text=True)
    assert f'action="/tasks/{held}/reassign"' in html
    assert 'value="county.b"' in html and 'value="county.lead"' in html
    assert 'value="county2"' not in html


def test_the_holder_reassigns_a_task_to_a_colleague(client, sessions, held):
    assert reassign(client, held, "county.b").status_code == 302
    assert holder(sessions, held) == "county.b"


def test_a_colleague_who_does_not_hold_the_task_may_not_reassign_it(client, sessions, held):
    login(client, "county.b")
    assert reassign(client, held, "county.b").status_code == 403
    assert holder(sessions, held) == "county"


def test_a_leader_of_the_organisation_reassigns_a_task_a_colleague_holds(client, sessions, held):
    login(client, "county.lead")
    assert reassign(client, held, "county.b").status_code == 302
    assert holder(sessions, held) == "county.b"


def test_a_leader_hands_an_unclaimed_task_to_a_colleague(client, sessions, driver, programme, colleagues):
    item_id = driver.item(programme, "sign_specific_agreement", JINSHUI).id
    login(client, "county.lead")
    assert reassign(client, item_id, "county.b").status_code == 302
    assert holder(sessions, item_id) == "county.b"


def test_an_official_cannot_hand_on_a_task_nobody_holds(client, sessions, driver, programme, colleagues):
    item_id = driver.item(programme, "sign_specific_agreement", JINSHUI).id
    login(client, "county")
    assert reassign(client, item_id, "county.b").status_code == 403
    assert holder(sessions, item_id) is None


def test_a_task_is_not_reassigned_to_someone_of_another_organisation(client, sessions, held):
    reassign(client, held, "county2")
    assert holder(sessions, held) == "county"
    assert "只能转给本单位" in client.get(f"/tasks/{held}").get_data(as_text=True)


def test_another_organisation_cannot_reassign_the_task(client, sessions, held):
    login(client, "county2")
    assert reassign(client, held, "county2").status_code == 404
    assert holder(sessions, held) == "county"


def test_reassigning_is_audited(client, sessions, held):
    reassign(client, held, "county.b")
    with sessions() as session:
        [event] = session.scalars(select(AuditEvent).where(AuditEvent.action == "reassign")).all()
    assert (event.actor, event.work_item_id) == ("county", held)
    assert event.detail == {"from": "county", "to": "county.b"}


def test_the_new_holder_is_notified_and_mailed(client, sessions, held):
    reassign(client, held, "county.b")
    [notice] = notices(sessions, kind="reassigned")
    assert (notice.username, notice.work_item_id) == ("county.b", held)
    with sessions() as session:
        [mail] = session.scalars(select(OutboxMail).where(OutboxMail.notification_id == notice.id)).all()
    assert mail.recipient == "county.b@jinshui.example"
    assert "审核并签订具体移交协议" in mail.subject and mail.sent_at is None


def name_substitute(client, substitute: str, starts: str, ends: str):
    return post(
        client,
        "/substitutes",
        {"substitute": substitute, "starts_on": starts, "ends_on": ends},
        token_from="/substitutes",
    )


def test_a_task_handed_to_someone_away_goes_to_their_substitute(client, sessions, held):
    login(client, "county.b")  # the clock reads 2017-04-02
    assert name_substitute(client, "county.lead", "2017-04-01", "2017-04-05").status_code == 302
    login(client, "county")
    reassign(client, held, "county.b")
    assert holder(sessions, held) == "county.lead"
    [notice] = notices(sessions, kind="substitute")
    assert (notice.username, notice.on_behalf_of) == ("county.lead", "county.b")


def test_before_the_period_starts_the_task_goes_to_the_person(client, sessions, held):
    login(client, "county.b")
    name_substitute(client, "county.lead", "2017-04-03", "2017-04-05")
    login(client, "county")
    reassign(client, held, "county.b")
    assert holder(sessions, held) == "county.b"


def test_after_the_period_ends_the_task_goes_to_the_person(client, app, sessions, held):
    login(client, "county.b")
    name_substitute(client, "county.lead", "2017-04-02", "2017-04-03")
    app.extensions["yijiao"]["engine"].clock = SettableClock(datetime(2017, 4, 4, 9, 0, tzinfo=CHINA_TZ))
    login(client, "county")
    reassign(client, held, "county.b")
    assert holder(sessions, held) == "county.b"


def test_the_last_day_of_the_period_still_counts(client, app, sessions, held):
    login(client, "county.b")
    name_substitute(client, "county.lead", "2017-04-02", "2017-04-03")
    app.extensions["yijiao"]["engine"].clock = SettableClock(datetime(2017, 4, 3, 23, 0, tzinfo=CHINA_TZ))
    login(client, "county")
    reassign(client, held, "county.b")
    assert holder(sessions, held) == "county.lead"


def test_a_substitute_must_be_a_colleague_of_the_same_organisation(client, held):
    login(client, "county.b")
    response = name_substitute(client, "county2", "2017-04-02", "2017-04-05")
    assert response.status_code == 422
    assert "代理人须为本单位其他在岗人员" in response.get_data(as_text=True)


def test_a_period_ending_before_it_starts_is_refused(client, held):
    login(client, "county.b")
    response = name_substitute(client, "county.lead", "2017-04-05", "2017-04-02")
    assert response.status_code == 422
    assert "结束日期不能早于开始日期" in response.get_data(as_text=True)


def test_naming_and_ending_a_substitute_are_audited(client, sessions, held):
    login(client, "county.b")
    name_substitute(client, "county.lead", "2017-04-02", "2017-04-05")
    assert 'data-substitution="' in client.get("/substitutes").get_data(as_text=True)
    with sessions() as session:
        [named] = session.scalars(select(AuditEvent).where(AuditEvent.action == "substitute")).all()
    post(client, f"/substitutes/{named.detail['substitution']}/cancel", token_from="/substitutes")
    with sessions() as session:
        by_county_b = select(AuditEvent.action).where(AuditEvent.actor == "county.b")
        actions = session.scalars(by_county_b.order_by(AuditEvent.id)).all()
    assert actions == ["substitute", "substitute_cancel"]
    assert named.detail["substitute"] == "county.lead"


def test_only_the_holder_sets_a_follow_up_date(client, held):
    login(client, "county.lead")
    response = post(client, f"/tasks/{held}/follow-up", {"follow_up_on": "2017-04-10"}, token_from="/inbox")
    assert response.status_code == 403


def test_the_follow_up_date_shows_in_my_inbox(client, held):
    post(client, f"/tasks/{held}/follow-up", {"follow_up_on": "2017-04-10"}, token_from=f"/tasks/{held}")
    html = client.get("/inbox?scope=mine").get_data(as_text=True)
    assert '<td class="follow-up">2017-04-10</td>' in html


def test_my_inbox_sorts_by_follow_up_date(client, driver, programme, held):
    login(client, "enterprise")
    drafts = driver.open_items(programme, "draft_specific_agreement")
    assert len(drafts) >= 2
    first, second = drafts[0].id, drafts[1].id
    for item_id, on in ((first, "2017-04-20"), (second, "2017-04-08")):
        post(client, f"/tasks/{item_id}/claim", token_from="/inbox")
        post(client, f"/tasks/{item_id}/follow-up", {"follow_up_on": on}, token_from="/inbox")
    html = client.get("/inbox?scope=mine&sort=follow_up").get_data(as_text=True)
    assert html.index(f'href="/tasks/{second}"') < html.index(f'href="/tasks/{first}"')
    html = client.get("/inbox?scope=mine").get_data(as_text=True)
    assert html.index(f'href="/tasks/{first}"') < html.index(f'href="/tasks/{second}"')


# -- the same through the API ------------------------------------------------------------------


def bearer(client, username: str) -> dict[str, str]:
    answer = client.post("/api/v1/tokens", json={"username": username, "password": "demo"}).json
    return {"Authorization": f"Bearer {answer['token']}"}


def test_the_api_sets_the_holders_follow_up_date(client, held):
    headers = bearer(client, "county")
    response = client.put(
        f"/api/v1/tasks/{held}/follow-up", json={"follow_up_on": "2017-04-10"}, headers=headers
    )
    assert response.json == {"id": held, "follow_up_on": "2017-04-10"}
    assert '<td class="follow-up">2017-04-10</td>' in client.get("/inbox?scope=mine").get_data(as_text=True)


def test_the_api_refuses_a_follow_up_date_that_is_not_a_date(client, held):
    headers = bearer(client, "county")
    response = client.put(f"/api/v1/tasks/{held}/follow-up", json={"follow_up_on": "soon"}, headers=headers)
    assert response.status_code == 422 and "follow_up_on" in response.json["error"]["fields"]


def test_the_api_names_lists_and_ends_a_substitute(client, colleagues):
    headers = bearer(client, "county.b")
    period = {"substitute": "county.lead", "starts_on": "2017-04-02", "ends_on": "2017-04-05"}
    made = client.post("/api/v1/substitutes", json=period, headers=headers)
    assert made.status_code == 201
    assert client.get("/api/v1/substitutes", headers=headers).json["items"] == [made.json]
    assert client.delete(f"/api/v1/substitutes/{made.json['id']}", headers=headers).status_code == 200
    assert client.get("/api/v1/substitutes", headers=headers).json["items"] == []


def test_the_api_ends_only_ones_own_substitute(client, colleagues):
    period = {"substitute": "county.lead", "starts_on": "2017-04-02", "ends_on": "2017-04-05"}
    made = client.post("/api/v1/substitutes", json=period, headers=bearer(client, "county.b")).json
    response = client.delete(f"/api/v1/substitutes/{made['id']}", headers=bearer(client, "county"))
    assert response.status_code == 404
