"""The demo's piece of new retirees and community records: seeded through the engine, once."""

from __future__ import annotations

from sqlalchemy import select

from engine.aftercare.community.records import CommunityRecord
from engine.registry.retirees import Retiree
from engine.workflow.models import WorkItem
from tests.web import test_demo
from tests.web.conftest import login
from webapp.demo import after_newcomers

seeded_app = test_demo.seeded_app  # fixture: the demo, seeded once


def test_the_demo_has_a_new_retiree_waiting_for_reception_and_a_recorded_cadre(seeded_app):
    yijiao = seeded_app.extensions["yijiao"]
    with yijiao["sessions"]() as session, session.begin():
        assert after_newcomers.seed(session, yijiao["engine"]) == 0  # made by the demo seed
    with yijiao["sessions"]() as session:
        person = session.scalar(
            select(Retiree).where(Retiree.id_number == after_newcomers.NEWCOMER["id_number"])
        )
        assert (person.status, person.community_org) == ("allocated", "org-community-410105-1")
        waiting = session.scalars(
            select(WorkItem).where(WorkItem.instance_id == person.instance_id, WorkItem.state == "open")
        ).all()
        assert sorted((w.spec_id, w.owner_org) for w in waiting) == [
            ("receive_new_retiree", "org-community-410105-1"),
            ("sort_archives", "org-ent-henan-energy"),
        ]
        recorded = session.scalar(select(CommunityRecord))
        assert (recorded.community_org, recorded.category) == ("org-community-410105-1", "离休干部")
    client = seeded_app.test_client()
    login(client, "community")
    page = client.get("/aftercare/community").get_data(as_text=True)
    assert after_newcomers.CADRE["id_number"] in page and "韩振华" in page
