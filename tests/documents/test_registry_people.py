"""The lists print the county's people as the registry has them: each one's community once the
county allocated them, their address and phone, and the archives the department took in."""

from __future__ import annotations

import pytest

from engine.directory.organisations import Organisation
from tests.processes import campaign
from tests.processes import submissions as form

from . import handover
from .conftest import CONTACTS, browser, pdf_text, roster

JINSHUI = [p for p in roster() if p["name"] in CONTACTS]
#: 金水区's second community (the first is the web fixtures' 花园路社区)
SECOND_COMMUNITY = "农科路社区"


def page(case: int, kind: str) -> str:
    return f"/cases/{case}/documents/{kind}.pdf?county=410105"


def text_of(app, username: str, case: int, kind: str) -> str:
    response = browser(app, username).get(page(case, kind))
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return pdf_text(response.data)


def row(number: int, destination: str, member: str = "") -> str:
    """The register's row of 金水区's person ``number`` (1–4), as pdftotext reads it."""
    person = JINSHUI[number - 1]
    places = "郑州市中原区郑州市金水区" if person["hukou_code"] == "410102" else "郑州市金水区" * 2
    address, phone = CONTACTS[person["name"]]
    return (
        f"{number}{person['name']}{person['sex']}{person['id_number']}2010年2月1日"
        f"{places}{address}{phone}{destination}{member}"
    )


@pytest.fixture
def verified(driver) -> int:
    """A programme whose 金水区 allocation to communities is open."""
    with driver.tx() as session:
        second = campaign.community_org("410105", second=True)
        session.add(Organisation(id=second, name=SECOND_COMMUNITY, kind="community", division_code="410105"))
    case = handover.programme_of(driver, roster())
    handover.verified(driver, case)
    return case


def test_the_register_names_each_person_s_community_once_allocated(app, driver, verified):
    before = text_of(app, "county", verified, "handover_register")
    assert row(1, "", "是") in before and row(4, "") in before  # 去向 left blank until allocated
    allocation = driver.item(verified, "allocate_to_communities", campaign.county_org("410105"))
    driver.assign(allocation, campaign.community_org("410105", second=True), names=["王建国", "李秀英"])
    driver.allocate_all(verified, "410105")  # the others to 花园路社区
    after = text_of(app, "county", verified, "handover_register")
    assert row(1, SECOND_COMMUNITY, "是") in after and row(2, SECOND_COMMUNITY) in after
    assert row(3, "花园路社区") in after and row(4, "花园路社区") in after


def test_the_register_prints_each_person_s_address_and_phone(app, verified):
    text = text_of(app, "county", verified, "handover_register")
    assert "常住地址联系电话" in text
    for address, phone in CONTACTS.values():
        assert f"{address}{phone}" in text


def test_a_community_does_not_read_the_county_s_lists_of_everyone(app, driver, verified):
    """Full ID numbers and phones only of one's own people: a community's list is its registry
    (信息库/台账), not the county's register of all its people."""
    driver.allocate_all(verified, "410105")
    assert browser(app, "community").get(page(verified, "handover_register")).status_code == 404


def test_the_archive_list_totals_its_rows_from_the_registry(app, driver, verified):
    handover.archives_sorted(driver, verified, volumes=2)
    text = text_of(app, "archive", verified, "archive_transfer_list")
    # two volumes, 12 items
    assert f"2李秀英女{JINSHUI[1]['id_number']}1950年1月3日／中国平煤神马能源212无花园路社区" in text
    assert "共4人8卷，材料48份。" in text


def test_the_receipt_counts_the_archives_accepted_and_excepted_in_the_registry(app, driver, verified):
    handover.archives_sorted(driver, verified, volumes=2)
    exception = {"id_number": JINSHUI[3]["id_number"], "reason": "退休审批表遗失，已出具证明"}
    checked = {**form.archives_complete(), "exceptions": [exception]}
    handover.archives_received(driver, verified, checked=checked)
    assert [p.archive_status for p in driver.people(verified, "410105")] == ["accepted"] * 3 + ["excepted"]
    text = text_of(app, "archive", verified, "archive_receipt")
    assert "共计4人、8卷" in text  # the receipt's form typed no counts: these are the registry's
