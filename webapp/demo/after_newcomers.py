"""Demo: a new retiree after the hand-over and a 离休干部 a community recorded.

One person of the demo enterprise who retired on 2017-03-01 is registered (整体移交后新退休人员),
verified and allocated by 金水区 to its first community, whose reception waits in the
``community`` login's inbox (and on its page "本社区") while the enterprise's archive transfer list
for the person waits in the ``enterprise`` login's inbox; and that community records a 离休干部
living there in its information database (not handed over)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine import Actor, Engine
from engine.aftercare import newcomers
from engine.aftercare.community import records as community_records
from engine.policy import resident_id
from engine.registry.retirees import Retiree

ENTERPRISE = Actor("enterprise", "org-ent-henan-energy", frozenset({"official", "leader"}))
COUNTY = Actor("county", "org-gov-410105", frozenset({"official"}))
COMMUNITY = Actor("community", "org-community-410105-1", frozenset({"official"}))

NEWCOMER = {
    "name": "宋立新",
    "sex": "男",
    "id_number": resident_id.make("410105", date(1957, 2, 28), 987),
    "birth_date": "1957-02-28",
    "retirement_date": "2017-03-01",
    "hukou_code": "410105",
    "residence_code": "410105",
    "category": "普通退休人员",
    "party_member": "是",
    "phone": "13703710987",
    "address": "经八路街道花园路社区纬五路21号院3号楼",
}
CADRE = {
    "name": "韩振华",
    "id_number": resident_id.make("410105", date(1928, 10, 1), 35),
    "category": "离休干部",
    "address": "金水区花园路街道纬五路8号院1号楼",
    "phone": "0371-65990123",
    "special_status": ["高龄", "重病"],
    "original_unit": "河南能源化工集团",
    "note": "行动不便，需上门服务；原单位离退休办负责待遇",
}


def seed(session: Session, engine: Engine) -> int:
    """Register and allocate the new retiree and record the 离休干部, each unless already there;
    how many were added."""
    return _newcomer(session, engine) + _cadre(session, engine)


def _newcomer(session: Session, engine: Engine) -> int:
    if session.scalar(select(Retiree.id).where(Retiree.id_number == NEWCOMER["id_number"])):
        return 0
    done = newcomers.register(session, engine, ENTERPRISE, NEWCOMER, engine.clock.now())
    open_items = engine.work_items(session, done.instance.id, state="open")
    [allocation] = [item for item in open_items if item.spec_id == "allocate_new_retiree"]
    engine.claim(session, allocation.id, COUNTY)
    data = {"data_checked": True, "community_org": COMMUNITY.organisation_id, "notes": "居住地属花园路社区"}
    engine.complete(session, allocation.id, COUNTY, data)
    return 1


def _cadre(session: Session, engine: Engine) -> int:
    page = community_records.page_of(session, COMMUNITY.organisation_id, CADRE["id_number"])
    if page.total:
        return 0
    community_records.add(session, COMMUNITY, CADRE, engine.clock.now())
    return 1
