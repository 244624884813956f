"""Helpers of the registry tests: reading the registry, calling the API, a county's steps."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from engine.registry.retirees import Retiree
from tests.processes import campaign
from tests.processes import submissions as form

JINSHUI, ZHONGYUAN = "410105", "410102"
#: 平煤神马's people going to 金水区
JINSHUI_PEOPLE = ("王建国", "李秀英", "张伟", "刘洋")


def statuses(sessions, names=JINSHUI_PEOPLE) -> dict[str, tuple[str, str]]:
    """name → (status, archive status) of the named registry rows."""
    with sessions() as session:
        rows = session.scalars(select(Retiree).where(Retiree.name.in_(names)))
        return {r.name: (r.status, r.archive_status) for r in rows}


def only(found: dict[str, tuple[str, str]]) -> set[tuple[str, str]]:
    return set(found.values())


def retiree(sessions, name: str) -> Retiree:
    with sessions() as session:
        return session.scalars(select(Retiree).where(Retiree.name == name)).one()


@dataclass
class API:
    """``/api/v1`` as one of the seeded users (password ``demo``)."""

    client: object
    tokens: dict[str, str] = field(default_factory=dict)

    def get(self, path: str, as_: str, **kwargs):
        if as_ not in self.tokens:
            answer = self.client.post("/api/v1/tokens", json={"username": as_, "password": "demo"})
            assert answer.status_code == 201, answer.get_json()
            self.tokens[as_] = answer.get_json()["token"]
        headers = {"Authorization": f"Bearer {self.tokens[as_]}"}
        return self.client.get(f"/api/v1{path}", headers=headers, **kwargs)

    def retirees(self, as_: str, **query) -> dict:
        answer = self.get("/retirees", as_, query_string={"per_page": 100, **query})
        assert answer.status_code == 200, answer.get_json()
        return answer.get_json()


def sign_for_county(driver, case: int, code: str, count: int) -> None:
    """The enterprise drafts the county's specific agreement and the county signs it."""
    driver.complete_item(
        driver.by_county(case, "draft_specific_agreement")[code], form.specific_draft(count, 1)
    )
    driver.complete(case, "sign_specific_agreement", form.approve(), owner=campaign.county_org(code))


def receive_in_one_community(driver, case: int, code: str, count: int) -> None:
    """From the specific agreement to one community's reception of the whole county."""
    sign_for_county(driver, case, code, count)
    county = campaign.county_org(code)
    driver.complete(case, "verify_retiree_data", form.all_correct(), owner=county)
    driver.allocate_all(case, code, community(code))
    driver.complete(case, "receive_retirees", form.received(count), owner=community(code))


def community(code: str) -> str:
    return f"org-community-{code}"


def by_county(driver, case: int, spec_id: str, code: str, data: dict) -> None:
    driver.complete_item(driver.by_county(case, spec_id)[code], data)
