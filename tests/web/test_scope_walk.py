"""The scope walk (DESIGN.md, "People live in the registry"): every task and case of the demo, opened
as every organisation's official through the pages and the API, shows no full ID number of a
person that organisation may not see unmasked — the owning enterprise, the receiving county and
the allocated community see their people in full; the archive department in its archive work."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from engine.directory.organisations import User
from engine.registry.access import sees_full_id, viewer_of
from engine.registry.retirees import Retiree
from engine.workflow.models import ProcessInstance, WorkItem
from tests.web.conftest import login

from .test_demo import seeded_app  # noqa: F401  (the seeded demo, once per module)

ID_NUMBER = re.compile(r"(?<![0-9])[0-9]{17}[0-9X](?![0-9X])")
OFFICIALS = ("enterprise", "prefecture", "county", "county2", "community", "archive", "finance", "supervisor")
#: the procedures whose tasks are an archive department's archive work
ARCHIVE_WORK = ("archive_handover", "archive_lookup")


@pytest.fixture(scope="module")
def demo(seeded_app):  # noqa: F811
    with seeded_app.extensions["yijiao"]["sessions"]() as session:
        people = {p.id_number: p for p in session.scalars(select(Retiree))}
        items = list(session.scalars(select(WorkItem).order_by(WorkItem.id)))
        cases = list(session.scalars(select(ProcessInstance.id)))
        session.expunge_all()
    return seeded_app, people, items, cases


def api_token(client, username: str) -> dict[str, str]:
    answer = client.post("/api/v1/tokens", json={"username": username, "password": "demo"})
    return {"Authorization": f"Bearer {answer.get_json()['token']}"}


def answers_for_task(client, headers, item_id: int) -> list[str]:
    texts = [client.get(f"/tasks/{item_id}").get_data(as_text=True)]
    texts.append(client.get(f"/api/v1/tasks/{item_id}", headers=headers).get_data(as_text=True))
    page = 1
    while True:
        listed = client.get(f"/api/v1/tasks/{item_id}/people?per_page=500&page={page}", headers=headers)
        texts.append(listed.get_data(as_text=True))
        body = listed.get_json() or {}
        if listed.status_code != 200 or page * max(body.get("per_page") or 1, 1) >= (body.get("total") or 0):
            return texts
        page += 1


@pytest.mark.parametrize("username", OFFICIALS)
def test_nobody_sees_a_full_id_number_that_is_not_theirs(demo, username):
    app, people, items, cases = demo
    client = app.test_client()
    login(client, username)
    headers = api_token(client, username)
    with app.extensions["yijiao"]["sessions"]() as session:
        user = session.scalars(select(User).where(User.username == username)).one()
        viewer = viewer_of(session, user.actor())
    shown_here: dict[str, list[str]] = {}
    for item in items:
        archive_work = item.process_key in ARCHIVE_WORK or "archive" in item.spec_id
        for text in answers_for_task(client, headers, item.id):
            for number in set(ID_NUMBER.findall(text)):
                person = people.get(number)
                if person is not None and not sees_full_id(viewer, person, for_archive_work=archive_work):
                    shown_here.setdefault(f"task {item.id} ({item.spec_id})", []).append(person.name)
    for case in cases:
        for text in (
            client.get(f"/cases/{case}").get_data(as_text=True),
            client.get(f"/api/v1/instances/{case}", headers=headers).get_data(as_text=True),
        ):
            for number in set(ID_NUMBER.findall(text)):
                person = people.get(number)
                if person is not None and not sees_full_id(viewer, person):
                    shown_here.setdefault(f"case {case}", []).append(person.name)
    assert shown_here == {}


def test_the_walk_would_see_a_leak(demo):
    """The walk's own check: the county does see its people's full numbers on its task pages."""
    app, people, items, _cases = demo
    client = app.test_client()
    login(client, "county")
    (allocation,) = [i for i in items if i.spec_id == "allocate_to_communities"]
    page = client.get(f"/tasks/{allocation.id}?per_page=500").get_data(as_text=True)
    jinshui = {n for n, p in people.items() if p.destination_code == "410105"}
    assert set(ID_NUMBER.findall(page)) & jinshui
