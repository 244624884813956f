"""A whole county hand-over over HTTP: every step done by an official of the organisation that
owns it, with that official's own token, until the programme is completed."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from engine.policy.rules import management_fee
from tests.processes import campaign
from tests.processes import submissions as form

from .cases import ENTERPRISE, start_programme
from .conftest import Api, official

CODE = "410105"  # 金水区: the one receiving county
PEOPLE = campaign.roster()[:3]  # all three live and are registered there; one is a party member
COUNT = len(PEOPLE)
FEE = management_fee(COUNT, 12)

COUNTY = campaign.county_org(CODE)
ARCHIVES = campaign.archive_org(CODE)
COMMUNITY = f"org-community-{CODE}"
PREFECTURE = campaign.prefecture_org("410100")

#: spec id → (owning organisation, how many times, the form its official submits given the task)
STEPS: dict[str, tuple[str, int, Callable[[dict], dict]]] = {
    "survey_retirees": (campaign.ENTERPRISE, 1, lambda task: form.survey(COUNT)),
    "register_roster": (campaign.ENTERPRISE, 1, lambda task: {"roster": PEOPLE}),
    "draft_framework_agreement": (campaign.ENTERPRISE, 1, lambda task: form.framework_draft()),
    "sign_framework_agreement": (PREFECTURE, 1, lambda task: form.approve()),
    "draft_specific_agreement": (
        campaign.ENTERPRISE,
        1,
        lambda task: form.specific_draft(COUNT, task["data"]["staff_due"]),
    ),
    "sign_specific_agreement": (COUNTY, 1, lambda task: form.approve()),
    "verify_retiree_data": (COUNTY, 1, lambda task: form.all_correct()),
    "allocate_to_communities": (COUNTY, 1, lambda task: form.allocation((COMMUNITY, COUNT))),
    "receive_retirees": (COMMUNITY, 1, lambda task: form.received(COUNT)),
    "transfer_party_relations": (
        campaign.ENTERPRISE,
        1,
        lambda task: form.party_transfer(task["data"]["county"]["party_member_count"]),
    ),
    "receive_party_relations": (
        COUNTY,
        1,
        lambda task: form.party_received(task["data"]["county"]["party_member_count"]),
    ),
    "hand_over_management_staff": (
        campaign.ENTERPRISE,
        1,
        lambda task: form.staff(
            *[
                (p["name"], p["id_number"])
                for p in task["data"]["county"]["retirees"][: task["data"]["staff_due"]]
            ]
        ),
    ),
    "receive_management_staff": (COUNTY, 1, lambda task: form.staff_accepted()),
    "sort_archives": (
        campaign.ENTERPRISE,
        1,
        lambda task: form.archive_list(task["data"]["county"]["retirees"]),
    ),
    "check_archives": (ARCHIVES, 1, lambda task: form.archives_complete()),
    "issue_archive_receipt": (ARCHIVES, 1, lambda task: form.archive_receipt(COUNT)),
    "store_archives": (ARCHIVES, 1, lambda task: form.archives_stored()),
    "record_management_fee": (campaign.FINANCE, 1, lambda task: form.fee_plan(FEE // 2, FEE - FEE // 2)),
    "disburse_fee_instalment": (campaign.FINANCE, 2, lambda task: form.disbursed(FEE // 2)),
    "confirm_fee_received": (COUNTY, 1, lambda task: form.fee_received(FEE)),
    "confirm_county_handover": (COUNTY, 1, lambda task: form.county_done()),
    "report_overall_completion": (campaign.ENTERPRISE, 1, lambda task: form.overall_done()),
}


def do_step(api: Api, summary: dict) -> str:
    """Do one active task as an official of the organisation it is routed to."""
    owner, _, submission = STEPS[summary["spec_id"]]
    assert summary["owner_org"] == owner, summary
    holder = official(owner)
    api.ok("post", f"/tasks/{summary['id']}/claim", holder)
    task = api.ok("get", f"/tasks/{summary['id']}", holder)
    assert task["may_act"] and task["form"]["schema"], task["spec_id"]
    done = api.ok("post", f"/tasks/{summary['id']}/complete", holder, json={"data": submission(task)})
    assert (done["state"], done["completed_by"]) == ("completed", holder)
    return summary["spec_id"]


def run_to_completion(api: Api, case: int) -> tuple[dict, Counter[str]]:
    """Do the case's active tasks, one by one, until none is left; the case then, and the steps done."""
    done: Counter[str] = Counter()
    detail = api.ok("get", f"/instances/{case}", ENTERPRISE)
    while detail["active_tasks"]:
        done[do_step(api, detail["active_tasks"][0])] += 1
        assert sum(done.values()) <= 40, done  # a loop in the procedure would never end
        detail = api.ok("get", f"/instances/{case}", ENTERPRISE)
    return detail, done


def test_a_county_handover_runs_to_completion_over_the_api(api):
    case = start_programme(api, counties=(CODE,), prefectures=("410100",))["id"]
    detail, done = run_to_completion(api, case)
    assert detail["status"] == "completed"
    assert done == {spec_id: times for spec_id, (_, times, _) in STEPS.items()}
    completers = {e["actor"] for e in detail["history"] if e["action"] == "complete"}
    assert completers == {official(owner) for owner, _, _ in STEPS.values()}
    assert api.ok("get", f"/instances/{case}", "supervisor")["status"] == "completed"


def test_each_organisation_finds_its_part_in_its_done_tab(api):
    run_to_completion(api, start_programme(api, counties=(CODE,), prefectures=("410100",))["id"])
    done = api.ok("get", "/tasks", official(ARCHIVES), query_string={"scope": "done"})
    assert sorted(t["spec_id"] for t in done["items"]) == [
        "check_archives",
        "issue_archive_receipt",
        "store_archives",
    ]
    assert api.ok("get", "/tasks", official(COUNTY), query_string={"scope": "claimable"})["total"] == 0
