"""The demo's piece of the festival visits: a campaign opened for 金水区 through the engine, once,
with a few people of the first community visited."""

from __future__ import annotations

from sqlalchemy import func, select

from engine.aftercare.visits import Visit, VisitCampaign, VisitPlanEntry
from engine.workflow.models import WorkItem
from tests.web import test_demo
from tests.web.conftest import login
from webapp.demo import after_visits

seeded_app = test_demo.seeded_app  # fixture: the demo, seeded once


def test_the_demo_has_a_festival_campaign_for_jinshui_with_some_visits(seeded_app):
    yijiao = seeded_app.extensions["yijiao"]
    with yijiao["sessions"]() as session, session.begin():
        after_visits.seed(session, yijiao["engine"])  # 1, or 0 when the demo seed has it
    with yijiao["sessions"]() as session, session.begin():
        assert after_visits.seed(session, yijiao["engine"]) == 0
    with yijiao["sessions"]() as session:
        [campaign] = session.scalars(select(VisitCampaign)).all()
        assert (campaign.county_code, campaign.opened_by) == ("410105", "org-gov-410105")
        planned = session.scalar(
            select(func.count()).where(VisitPlanEntry.community_org == "org-community-410105-1")
        )
        visits = session.scalars(select(Visit)).all()
        held = session.scalar(
            select(WorkItem).where(
                WorkItem.instance_id == campaign.instance_id, WorkItem.owner_org == "org-community-410105-1"
            )
        )
    assert planned > 4
    assert sorted(v.referral for v in visits) == ["medical", "none", "subsistence"]
    assert (held.spec_id, held.claimed_by) == ("record_visits", "community")
    client = seeded_app.test_client()
    login(client, "community")
    sheet = client.get(f"/aftercare/visits/tasks/{held.id}").get_data(as_text=True)
    assert "送米面油" in sheet and "住院治疗" in sheet
    plan = client.get("/aftercare/visits").get_data(as_text=True)
    assert "高龄" in plan and "社区网格员王丽" in plan
    login(client, "county")
    progress = client.get(f"/aftercare/visits/campaigns/{campaign.instance_id}").get_data(as_text=True)
    assert "走访慰问" in progress
