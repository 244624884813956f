"""The demo's piece of the certification campaign: opened for 金水区 through the engine, once,
with a few people of the first community certified."""

from __future__ import annotations

from sqlalchemy import func, select

from engine.aftercare.certification import CertificationCampaign, CertificationMark
from engine.workflow.models import WorkItem
from tests.web import test_demo
from tests.web.conftest import login
from webapp.demo import after_certification

seeded_app = test_demo.seeded_app  # fixture: the demo, seeded once


def test_the_demo_has_a_campaign_for_jinshui_with_some_people_certified(seeded_app):
    yijiao = seeded_app.extensions["yijiao"]
    with yijiao["sessions"]() as session, session.begin():
        after_certification.seed(session, yijiao["engine"])  # 1, or 0 when the demo seed has it
    with yijiao["sessions"]() as session, session.begin():
        assert after_certification.seed(session, yijiao["engine"]) == 0
    with yijiao["sessions"]() as session:
        [campaign] = session.scalars(select(CertificationCampaign)).all()
        assert (campaign.county_code, campaign.year, campaign.agency_org) == (
            "410105",
            2017,
            "org-sia-410105",
        )
        certified = session.scalar(
            select(func.count()).where(
                CertificationMark.outcome == "certified",
                CertificationMark.community_org == "org-community-410105-1",
            )
        )
        assert certified == 7
        held = session.scalar(
            select(WorkItem).where(WorkItem.instance_id == campaign.instance_id, WorkItem.state == "open")
        )
        assert (held.spec_id, held.claimed_by) == ("certify_retirees", "community")
    client = seeded_app.test_client()
    login(client, "agency")
    page = client.get(f"/aftercare/certification/{campaign.instance_id}").get_data(as_text=True)
    assert "金水区2017年度养老金领取资格认证" in page
    login(client, "community")
    sheet = client.get(f"/aftercare/certification/tasks/{held.id}").get_data(as_text=True)
    assert "本人到场" in sheet and "上门认证" in sheet
