"""The demo's piece of the death reports: seeded through the engine, once."""

from __future__ import annotations

from sqlalchemy import select

from engine.aftercare.deaths.reports import DeathReport
from engine.registry.retirees import Retiree
from engine.workflow.documents import Document
from engine.workflow.models import WorkItem
from tests.web import test_demo
from tests.web.conftest import login
from webapp.demo import after_deaths

seeded_app = test_demo.seeded_app  # fixture: the demo, seeded once


def test_the_demo_has_a_death_report_waiting_for_the_family_s_application(seeded_app):
    yijiao = seeded_app.extensions["yijiao"]
    with yijiao["sessions"]() as session, session.begin():
        after_deaths.seed(session, yijiao["engine"])  # 1, or 0 when the demo seed has it
    with yijiao["sessions"]() as session, session.begin():
        assert after_deaths.seed(session, yijiao["engine"]) == 0
    with yijiao["sessions"]() as session:
        report = session.scalars(select(DeathReport)).one()
        person = session.get(Retiree, report.retiree_id)
        assert (person.status, person.died_on) == ("deceased", report.died_on)
        waiting = session.scalars(
            select(WorkItem).where(WorkItem.instance_id == report.instance_id, WorkItem.state == "open")
        ).all()
        assert [(w.spec_id, w.owner_org) for w in waiting] == [
            ("assist_survivor_application", "org-community-410105-1")
        ]
        certificate = session.scalars(
            select(Document).where(Document.instance_id == report.instance_id)
        ).one()
        assert certificate.content.startswith(b"%PDF")
    client = seeded_app.test_client()
    login(client, "community")
    page = client.get("/aftercare/deaths").get_data(as_text=True)
    assert person.name in page and "已停发，待协助家属申领" in page
    assert "协助家属申领丧葬补助金和抚恤金" in client.get("/inbox").get_data(as_text=True)
