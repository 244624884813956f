"""The retiree hand-over programme of one enterprise, driven through the real BPMN."""

from __future__ import annotations

import pytest

from engine.policy.rules import management_fee

from . import campaign
from . import submissions as form
from .campaign import COUNTIES, ENTERPRISE, FINANCE, county_org, prefecture_org

PARTIES = {"enterprise": ENTERPRISE, "supervisor": campaign.SUPERVISOR}
EXPECTED_COUNTS = {"410105": 4, "410102": 2, "410402": 3}


def start_programme(drive, roster=None) -> int:
    data = {
        "enterprise": campaign.ENTERPRISE_INFO,
        "milestones": campaign.MILESTONES,
        "directory": campaign.directory(),
    }
    people = roster if roster is not None else campaign.roster()
    drive.register(people)
    case = drive.start("retiree_handover_programme", PARTIES, data, title="平煤神马 退休人员移交")
    drive.complete(case, "survey_retirees", form.survey(len(people)))
    drive.complete(case, "register_roster", form.registered(len(people)))
    return case


def sign_framework_agreements(drive, case) -> None:
    for draft in drive.open_items(case, "draft_framework_agreement"):
        drive.complete_item(draft, form.framework_draft())
    for prefecture in campaign.PREFECTURES:
        drive.complete(case, "sign_framework_agreement", form.approve(), owner=prefecture_org(prefecture))


@pytest.fixture
def programme(drive) -> int:
    case = start_programme(drive)
    sign_framework_agreements(drive, case)
    return case


def test_framework_agreements_go_to_each_prefecture_concerned(drive):
    case = start_programme(drive)
    owners = sorted(i.owner_org for i in drive.open_items(case, "draft_framework_agreement"))
    assert owners == [ENTERPRISE, ENTERPRISE]
    for draft in drive.open_items(case, "draft_framework_agreement"):
        drive.complete_item(draft, form.framework_draft())
    signers = sorted(i.owner_org for i in drive.open_items(case, "sign_framework_agreement"))
    assert signers == [prefecture_org("410100"), prefecture_org("410400")]
    assert {i.milestone for i in drive.open_items(case, "sign_framework_agreement")} == {"M1"}


def test_a_refused_framework_agreement_goes_back_to_the_enterprise(drive):
    case = start_programme(drive)
    for draft in drive.open_items(case, "draft_framework_agreement"):
        drive.complete_item(draft, form.framework_draft())
    drive.complete(case, "sign_framework_agreement", form.refuse(), owner=prefecture_org("410100"))
    assert drive.open_specs(case) == ["draft_framework_agreement", "sign_framework_agreement"]
    drive.complete(case, "draft_framework_agreement", form.framework_draft())
    drive.complete(case, "sign_framework_agreement", form.approve(), owner=prefecture_org("410100"))
    drive.complete(case, "sign_framework_agreement", form.approve(), owner=prefecture_org("410400"))
    assert len(drive.open_items(case, "draft_specific_agreement")) == 3


def test_a_county_waits_only_for_its_own_prefectures_framework_agreement(drive):
    """八(三): "2017年3月底前，省属企业与省辖市、省直管县（市）政府签订移交框架协议…2017年4月底前，
    …与有接收任务的县（市、区）政府签订具体移交协议" — each county's agreement follows the framework
    agreement of its own 省辖市; 洛阳 not yet signing holds up no county of 郑州."""
    case = start_programme(drive)
    for draft in drive.open_items(case, "draft_framework_agreement"):
        drive.complete_item(draft, form.framework_draft())
    drive.complete(case, "sign_framework_agreement", form.approve(), owner=prefecture_org("410100"))
    assert sorted(drive.by_county(case, "draft_specific_agreement")) == ["410102", "410105"]
    waiting = drive.open_items(case, "sign_framework_agreement")
    assert [i.owner_org for i in waiting] == [prefecture_org("410400")]
    drive.complete(case, "sign_framework_agreement", form.approve(), owner=prefecture_org("410400"))
    assert sorted(drive.by_county(case, "draft_specific_agreement")) == sorted(COUNTIES)


def test_retirees_in_three_counties_make_three_county_handovers(drive, programme):
    drafts = drive.by_county(programme, "draft_specific_agreement")
    assert sorted(drafts) == sorted(COUNTIES)
    counts = {code: drive.item_data(item)["county"]["retiree_count"] for code, item in drafts.items()}
    assert counts == EXPECTED_COUNTS  # 离休干部 and 省管干部 are not counted


def test_excluded_and_out_of_province_retirees_are_summarised(drive, programme):
    with drive.tx() as session:  # the programme's own data (a county hand-over receives four keys only)
        case = drive.engine.case_view(session, programme, drive.officials.of(ENTERPRISE))
    summary = case.data["roster_summary"]
    assert summary == {
        "total": 11,
        "handed_over": 9,
        "excluded": {"离休干部": 1, "省管干部": 1},
        "out_of_province_hukou": 1,
        "staff_due": 1,  # one per 300 over the enterprise's 9, not one per county
        "counties": 3,
        "prefectures": 2,
    }


def test_a_roster_of_only_excluded_cadres_ends_with_nothing_to_hand_over(drive):
    cadres = [p for p in campaign.roster() if p["category"] != "普通退休人员"]
    case = start_programme(drive, cadres)
    assert drive.status(case) == "completed"
    assert drive.open_specs(case) == []


def drive_county(drive, case, code, item=None, after_each=None, received=None) -> None:
    """Every step of one county hand-over on its happy path (``after_each(spec_id)`` after each);
    its community receives ``received`` people (all of the county's by default)."""
    if after_each is not None:
        drive = _Watched(drive, after_each)
    county = county_org(code)
    count = EXPECTED_COUNTS[code]
    draft = item or drive.by_county(case, "draft_specific_agreement")[code]
    data = drive.item_data(draft)
    staff_due = data["staff_due"]
    drive.complete_item(draft, form.specific_draft(count, staff_due))
    drive.complete(case, "sign_specific_agreement", form.approve(), owner=county)
    drive.complete(case, "verify_retiree_data", form.all_correct(), owner=county)
    drive.allocate_all(case, code)
    receptions = form.received(count if received is None else received)
    drive.complete(case, "receive_retirees", receptions, owner=f"org-community-{code}")
    people = drive.people(case, code)
    members = data["county"]["party_member_count"]
    _by_county_complete(drive, case, "transfer_party_relations", code, form.party_transfer(members))
    party = campaign.party_org(code)
    drive.complete(case, "receive_party_relations", form.party_received(members), owner=party)
    _by_county_complete(
        drive,
        case,
        "hand_over_management_staff",
        code,
        form.staff(*[(p.name, p.id_number) for p in people[:staff_due]]),
    )
    drive.complete(case, "receive_management_staff", form.staff_accepted(), owner=county)
    drive.fill_archives(case, code)
    _by_county_complete(drive, case, "sort_archives", code, form.archive_list())
    drive.complete(case, "check_archives", form.archives_complete(), owner=campaign.archive_org(code))
    drive.complete(
        case, "issue_archive_receipt", form.archive_receipt(count), owner=campaign.archive_org(code)
    )
    drive.complete(case, "store_archives", form.archives_stored(), owner=campaign.archive_org(code))
    fee = management_fee(count, 12)
    _by_county_complete(drive, case, "record_management_fee", code, form.fee_plan(fee // 2, fee - fee // 2))
    drive.complete(case, "confirm_county_handover", form.county_done(), owner=county)


class _Watched:
    """A driver that calls ``after`` once each completion is done."""

    def __init__(self, drive, after):
        self._drive, self._after = drive, after

    def __getattr__(self, name):
        return getattr(self._drive, name)

    def complete_item(self, item, data):
        done = self._drive.complete_item(item, data)
        self._after(item.spec_id)
        return done

    def complete(self, case, spec_id, data, owner=None):
        return self.complete_item(self._drive.item(case, spec_id, owner), data)

    def allocate_all(self, case, code, community=None):
        item = self._drive.item(case, "allocate_to_communities", campaign.county_org(code))
        self._drive.assign(item, community or campaign.community_org(code))
        self.complete_item(item, {})


def _by_county_complete(drive, case, spec_id, code, data) -> None:
    drive.complete_item(drive.by_county(case, spec_id)[code], data)


def test_the_whole_programme_completes_when_every_county_is_done(drive, programme):
    for code in COUNTIES:
        drive_county(drive, programme, code)
    assert drive.open_specs(programme) == ["report_overall_completion"]
    drive.complete(programme, "report_overall_completion", form.overall_done())
    assert drive.status(programme) == "completed"


def test_county_tasks_are_routed_to_that_countys_organisations(drive, programme):
    drafts = drive.by_county(programme, "draft_specific_agreement")
    drive.complete_item(drafts["410102"], form.specific_draft(2, 1))
    (sign,) = drive.open_items(programme, "sign_specific_agreement")
    assert (sign.owner_org, sign.lane, sign.milestone) == (county_org("410102"), "receiving_government", "M2")


def test_fee_tasks_go_to_the_finance_bureau_with_the_payer_from_the_decision_table(drive, programme):
    drive_county_until_streams(drive, programme, "410102")
    fee_task = drive.by_county(programme, "record_management_fee")["410102"]
    data = drive.item_data(fee_task)
    assert fee_task.owner_org == FINANCE
    assert (data["fee_payer"], data["fee_annual"]) == ("central", 2000)


def drive_county_until_streams(drive, case, code) -> None:
    county = county_org(code)
    count = EXPECTED_COUNTS[code]
    drive.complete_item(
        drive.by_county(case, "draft_specific_agreement")[code], form.specific_draft(count, 1)
    )
    drive.complete(case, "sign_specific_agreement", form.approve(), owner=county)
    drive.complete(case, "verify_retiree_data", form.all_correct(), owner=county)
    drive.allocate_all(case, code)
    drive.complete(case, "receive_retirees", form.received(count), owner=f"org-community-{code}")


def test_a_directly_administered_county_signs_its_own_framework_agreement(drive):
    people = [*campaign.roster()[:3], campaign.retiree("孙涛", "410482", "410482", 12)]
    data = {
        "enterprise": campaign.ENTERPRISE_INFO,
        "milestones": campaign.MILESTONES,
        "directory": campaign.directory(("410105", "410482"), ("410100", "410482")),
    }
    drive.register(people, counties=("410105", "410482"))
    case = drive.start("retiree_handover_programme", PARTIES, data)
    drive.complete(case, "survey_retirees", form.survey(len(people)))
    drive.complete(case, "register_roster", form.registered())
    for draft in drive.open_items(case, "draft_framework_agreement"):
        drive.complete_item(draft, form.framework_draft())
    signers = sorted(i.owner_org for i in drive.open_items(case, "sign_framework_agreement"))
    assert signers == [prefecture_org("410100"), "org-gov-410482"]  # 汝州市 signs for itself


def test_a_roster_naming_a_county_missing_from_the_directory_is_refused_and_kept(drive):
    from engine import WorkflowError

    data = {
        "enterprise": campaign.ENTERPRISE_INFO,
        "milestones": campaign.MILESTONES,
        "directory": campaign.directory(("410105",), ("410100",)),
    }
    drive.register()
    case = drive.start("retiree_handover_programme", PARTIES, data)
    drive.complete(case, "survey_retirees", form.survey(11))
    with pytest.raises(WorkflowError, match="410102"):
        drive.complete(case, "register_roster", form.registered())
    assert drive.item(case, "register_roster").claimed_by  # still there, still claimed: nothing lost


def test_milestone_units_agree_with_the_registry_after_every_step(drive, programme):
    """The dashboard's figures of a county are the registry's: received people and accepted
    archives, after each step of its hand-over; registry statuses never go backwards."""
    from sqlalchemy import select

    from engine.progress.units import MilestoneUnit
    from engine.registry import handover
    from engine.registry.retirees import ARCHIVE_STATUSES, STATUSES

    code = "410105"
    seen: dict[str, tuple[int, int]] = {}

    def check(_step: str) -> None:
        with drive.tx() as session:
            unit = session.scalars(
                select(MilestoneUnit).where(
                    MilestoneUnit.instance_id == programme,
                    MilestoneUnit.kind == "county_handover",
                    MilestoneUnit.scope_code == code,
                )
            ).one()
            now = handover.figures(session, handover.CountyScope(programme, code))
            assert (unit.retirees_received, unit.archives_received) == (now.received, now.archives_accepted)
        for person in drive.people(programme, code):
            stage = (STATUSES.index(person.status), ARCHIVE_STATUSES.index(person.archive_status))
            before = seen.get(person.id_number, (0, 0))
            assert stage[0] >= before[0], (person.name, person.status)
            seen[person.id_number] = stage

    drive_county(drive, programme, code, after_each=check)
    check("done")
    assert {p.status for p in drive.people(programme, code)} == {"received"}
    assert {p.archive_status for p in drive.people(programme, code)} == {"accepted"}
