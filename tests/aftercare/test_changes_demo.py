"""The demo's piece of information changes and transfers: seeded through the engine, once."""

from __future__ import annotations

from sqlalchemy import select

from engine.aftercare.changes import RetireeChange
from engine.aftercare.transfers.cases import RetireeTransfer
from engine.registry.retirees import Retiree
from engine.workflow.models import WorkItem
from tests.web import test_demo
from tests.web.conftest import login
from webapp.demo import after_changes

seeded_app = test_demo.seeded_app  # fixture: the demo, seeded once


def test_the_demo_has_an_address_change_and_an_inter_county_transfer_waiting_for_zhongyuan(seeded_app):
    yijiao = seeded_app.extensions["yijiao"]
    with yijiao["sessions"]() as session, session.begin():
        assert after_changes.seed(session, yijiao["engine"]) == 0  # made by the demo seed
    with yijiao["sessions"]() as session:
        changed = session.scalars(select(RetireeChange)).all()
        assert {c.field for c in changed} == {"address", "phone"}
        person = session.get(Retiree, changed[0].retiree_id)
        assert person.address == after_changes.CHANGE["address"]
        transfer = session.scalars(select(RetireeTransfer)).one()
        assert (transfer.from_county, transfer.to_county, transfer.state) == ("410105", "410102", "asked")
        waiting = session.scalars(
            select(WorkItem).where(WorkItem.instance_id == transfer.instance_id, WorkItem.state == "open")
        ).all()
        assert [(w.spec_id, w.owner_org) for w in waiting] == [("accept_county_transfer", "org-gov-410102")]
    client = seeded_app.test_client()
    login(client, "community")
    page = client.get(f"/retirees/{person.id}").get_data(as_text=True)
    assert after_changes.CHANGE["reason"] in page
    county2 = seeded_app.test_client()
    login(county2, "county2")
    assert "审核迁入并分解到社区" in county2.get("/inbox").get_data(as_text=True)
