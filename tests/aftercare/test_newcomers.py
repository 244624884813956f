"""New retirees after the hand-over (五(一)): registered by the enterprise with the roster's checks,
straight to the destination county's allocation and the community's reception."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from engine.aftercare import newcomers
from engine.directory.organisations import Organisation
from engine.errors import InvalidTaskData
from engine.registry.retirees import Retiree
from tests.processes import campaign
from tests.processes import conftest as processes_fixtures

drive, procedures = processes_fixtures.drive, processes_fixtures.procedures  # fixtures

COUNTY = "410105"
GOVERNMENT = campaign.county_org(COUNTY)
COMMUNITY = campaign.community_org(COUNTY)


@pytest.fixture
def organisations(tx):
    with tx() as session:
        campaign.register(session, people=[])
        session.add(
            Organisation(
                id=GOVERNMENT, name="金水区人民政府", kind="receiving_government", division_code=COUNTY
            )
        )
        session.add(
            Organisation(
                id="org-gov-410102",
                name="中原区人民政府",
                kind="receiving_government",
                division_code="410102",
            )
        )
        for code in ("410105", "410102"):
            archive = campaign.archive_org(code)
            session.add(Organisation(id=archive, name=archive, kind="archive_department", division_code=code))


def person(n: int = 40, **changes) -> dict:
    values = campaign.retiree("孙新民", COUNTY, COUNTY, n)
    values.update(address="金水区经三路12号院", phone="13812345678")
    values.pop("special_status")
    values.update(changes)
    return values


def register(drive, tx, values: dict) -> newcomers.Registration:
    enterprise = drive.officials.of(campaign.ENTERPRISE)
    with tx() as session:
        done = newcomers.register(session, drive.engine, enterprise, values, drive.engine.clock.now())
        session.expunge(done.retiree)
        return done


def retiree(tx, id_number: str) -> Retiree:
    with tx() as session:
        found = session.scalar(select(Retiree).where(Retiree.id_number == id_number))
        session.expunge(found)
        return found


def test_a_new_retiree_goes_to_the_county_then_is_received_by_the_community(drive, tx, organisations):
    done = register(drive, tx, person())
    case = done.instance.id
    allocation = drive.item(case, "allocate_new_retiree")
    assert allocation.owner_org == GOVERNMENT
    assert retiree(tx, done.retiree.id_number).instance_id == case
    drive.complete(case, "allocate_new_retiree", {"data_checked": True, "community_org": COMMUNITY})
    allocated = retiree(tx, done.retiree.id_number)
    assert (allocated.status, allocated.community_org) == ("allocated", COMMUNITY)
    reception = drive.item(case, "receive_new_retiree")
    assert reception.owner_org == COMMUNITY
    drive.complete(
        case,
        "receive_new_retiree",
        {"received": True, "info_database_built": True, "contact_card_issued": True},
    )
    received = retiree(tx, done.retiree.id_number)
    assert (received.status, received.received_on) == ("received", date(2017, 3, 1))
    assert drive.status(case) == "running"  # the archive follows


def test_the_archive_follows_to_the_county_s_archive_department(drive, tx, organisations):
    done = register(drive, tx, person())
    case = done.instance.id
    sort = drive.item(case, "sort_archives")
    assert (sort.owner_org, sort.due_at.date()) == (campaign.ENTERPRISE, date(2017, 4, 30))
    drive.fill_archives(case, COUNTY)
    drive.complete_item(sort, {"list_number": "档移〔2017〕新1号"})
    archives = campaign.archive_org(COUNTY)
    drive.complete(case, "check_archives", {"complete": True}, owner=archives)
    receipt = {"receipt_number": "档收〔2017〕新1号", "received_on": "2017-03-10", "people": 1, "volumes": 1}
    drive.complete(case, "issue_archive_receipt", receipt, owner=archives)
    drive.complete(
        case, "store_archives", {"storage_location": "3号库房", "stored_on": "2017-03-12"}, owner=archives
    )
    assert retiree(tx, done.retiree.id_number).archive_status == "accepted"
    drive.complete(case, "allocate_new_retiree", {"data_checked": True, "community_org": COMMUNITY})
    drive.complete(
        case,
        "receive_new_retiree",
        {"received": True, "info_database_built": True, "contact_card_issued": True},
    )
    assert drive.status(case) == "completed"


def test_a_community_returns_the_person_and_the_county_allocates_again(drive, tx, organisations):
    done = register(drive, tx, person())
    case = done.instance.id
    drive.complete(case, "allocate_new_retiree", {"data_checked": True, "community_org": COMMUNITY})
    drive.complete(case, "receive_new_retiree", {"received": False, "reason": "查无此人"})
    returned = retiree(tx, done.retiree.id_number)
    assert (returned.community_org, returned.returned_reason) == (None, "查无此人")
    second = campaign.community_org(COUNTY, second=True)
    drive.complete(case, "allocate_new_retiree", {"data_checked": True, "community_org": second})
    assert drive.item(case, "receive_new_retiree").owner_org == second


def test_the_county_cannot_allocate_to_a_community_of_another_county(drive, tx, organisations):
    done = register(drive, tx, person())
    other = campaign.community_org("410102")
    with pytest.raises(InvalidTaskData) as refused:
        drive.complete(
            done.instance.id, "allocate_new_retiree", {"data_checked": True, "community_org": other}
        )
    assert "不是本县" in refused.value.errors["community_org"][0]


def test_an_invalid_id_number_is_refused_with_the_field_named(drive, tx, organisations):
    values = person()
    values["id_number"] = values["id_number"][:17] + ("0" if values["id_number"][17] != "0" else "1")
    with pytest.raises(InvalidTaskData) as refused:
        register(drive, tx, values)
    assert refused.value.errors["id_number"] == ["身份证号：身份证号校验码错误"]
    with tx() as session:
        assert session.scalar(select(Retiree.id)) is None


def test_sex_disagreeing_with_the_id_number_is_refused(drive, tx, organisations):
    with pytest.raises(InvalidTaskData) as refused:
        register(drive, tx, person(sex="女"))
    assert "性别与身份证号不符" in refused.value.errors["sex"][0]


def test_a_person_already_registered_is_refused(drive, tx, organisations):
    register(drive, tx, person())
    with pytest.raises(InvalidTaskData) as refused:
        register(drive, tx, person(name="孙新民二"))
    assert "已登记" in refused.value.errors["id_number"][0]


def test_a_retired_cadre_is_registered_but_not_handed_over(drive, tx, organisations):
    done = register(drive, tx, person(category="离休干部"))
    assert done.instance is None
    kept = retiree(tx, done.retiree.id_number)
    assert (kept.excluded, kept.destination_code, kept.instance_id) == (True, None, None)
    with tx() as session:
        assert drive.engine.work_items(session, 1) == []


def test_a_person_living_in_another_county_goes_to_that_county(drive, tx, organisations):
    done = register(drive, tx, person(hukou_code="410102", residence_code="410102"))
    assert drive.item(done.instance.id, "allocate_new_retiree").owner_org == "org-gov-410102"


def _csv(rows: list[dict]) -> bytes:
    from engine.registry.rosters.validation import HEADER_OF

    keys = [
        "name",
        "sex",
        "id_number",
        "birth_date",
        "retirement_date",
        "hukou_code",
        "residence_code",
        "category",
    ]
    lines = [",".join(HEADER_OF[key] for key in keys)]
    lines += [",".join(str(row[key]) for key in keys) for row in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


def test_a_file_registers_its_good_rows_and_explains_the_others(drive, tx, organisations):
    good, cadre, wrong = person(50), person(51, name="钱老", category="离休干部"), person(52, name="错号")
    wrong["id_number"] = wrong["id_number"][:17] + ("0" if wrong["id_number"][17] != "0" else "1")
    enterprise = drive.officials.of(campaign.ENTERPRISE)
    with tx() as session:
        done = newcomers.register_file(
            session,
            drive.engine,
            enterprise,
            _csv([good, wrong, cadre]),
            "新退休.csv",
            drive.engine.clock.now(),
        )
        assert [r.instance is not None for r in done.registered] == [True, False]
        assert done.rejected == [{"row": 3, "column": "身份证号", "reason": "身份证号：身份证号校验码错误"}]
    with tx() as session:
        names = set(session.scalars(select(Retiree.name)))
    assert names == {"孙新民", "钱老"}
    assert drive.item(done.registered[0].instance.id, "allocate_new_retiree").owner_org == GOVERNMENT
