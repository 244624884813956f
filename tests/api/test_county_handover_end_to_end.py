"""A whole county hand-over over HTTP: every step done by an official of the organisation that
owns it, with that official's own token, until the programme is completed."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from engine.policy.rules import management_fee
from tests.processes import campaign
from tests.processes import submissions as form

from .cases import ENTERPRISE, start_programme, upload_roster
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
    "register_roster": (campaign.ENTERPRISE, 1, lambda task: form.registered(COUNT)),
    "draft_framework_agreement": (campaign.ENTERPRISE, 1, lambda task: form.framework_draft()),
    "sign_framework_agreement": (PREFECTURE, 1, lambda task: form.approve()),
    "draft_specific_agreement": (
        campaign.ENTERPRISE,
        1,
        lambda task: form.specific_draft(COUNT, task["data"]["staff_due"]),
    ),
    "sign_specific_agreement": (COUNTY, 1, lambda task: form.approve()),
    "verify_retiree_data": (COUNTY, 1, lambda task: form.all_correct()),
    "allocate_to_communities": (COUNTY, 1, lambda task: form.allocated()),
    "receive_retirees": (COMMUNITY, 1, lambda task: form.received(COUNT)),
    "transfer_party_relations": (
        campaign.ENTERPRISE,
        1,
        lambda task: form.party_transfer(task["data"]["county"]["party_member_count"]),
    ),
    "receive_party_relations": (
        campaign.party_org(CODE),
        1,
        lambda task: form.party_received(task["data"]["county"]["party_member_count"]),
    ),
    "hand_over_management_staff": (
        campaign.ENTERPRISE,
        1,
        lambda task: form.staff(*form.staff_members(task["data"]["staff_due"])),
    ),
    "receive_management_staff": (COUNTY, 1, lambda task: form.staff_accepted()),
    "sort_archives": (campaign.ENTERPRISE, 1, lambda task: form.archive_list()),
    "check_archives": (ARCHIVES, 1, lambda task: form.archives_complete()),
    "issue_archive_receipt": (ARCHIVES, 1, lambda task: form.archive_receipt(COUNT, COUNT)),
    "store_archives": (ARCHIVES, 1, lambda task: form.archives_stored()),
    "record_management_fee": (campaign.FINANCE, 1, lambda task: form.fee_plan(FEE // 2, FEE - FEE // 2)),
    "confirm_county_handover": (COUNTY, 1, lambda task: form.county_done()),
    "report_overall_completion": (campaign.ENTERPRISE, 1, lambda task: form.overall_done()),
}


#: what the holder does on a task's people list before completing it, over the API
def allocate(api: Api, task_id: int, holder: str) -> None:
    listed = api.ok("get", f"/tasks/{task_id}/people", holder, query_string={"community": "unassigned"})
    ids = [p["id"] for p in listed["items"]]
    assert len(ids) == COUNT and listed["communities"]
    answer = api.ok(
        "post", f"/tasks/{task_id}/allocation", holder, json={"community": COMMUNITY, "retirees": ids}
    )
    assert answer["assigned"] == COUNT


def fill_archives(api: Api, task_id: int, holder: str) -> None:
    listed = api.ok("get", f"/tasks/{task_id}/people", holder)
    rows = [{"id_number": p["id_number"], "volumes": 1, "items": 20} for p in listed["items"]]
    assert api.ok("post", f"/tasks/{task_id}/archives", holder, json={"rows": rows})["stored"] == COUNT


BEFORE = {"allocate_to_communities": allocate, "sort_archives": fill_archives}


def do_step(api: Api, summary: dict) -> str:
    """Do one active task as an official of the organisation it is routed to."""
    owner, _, submission = STEPS[summary["spec_id"]]
    assert summary["owner_org"] == owner, summary
    holder = official(owner)
    api.ok("post", f"/tasks/{summary['id']}/claim", holder)
    task = api.ok("get", f"/tasks/{summary['id']}", holder)
    task["people"] = api.ok("get", f"/tasks/{summary['id']}/people", holder)["items"]
    if summary["spec_id"] in BEFORE:
        BEFORE[summary["spec_id"]](api, summary["id"], holder)
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
    upload_roster(api, PEOPLE)
    case = start_programme(api, counties=(CODE,), prefectures=("410100",))["id"]
    detail, done = run_to_completion(api, case)
    assert detail["status"] == "completed"
    assert done == {spec_id: times for spec_id, (_, times, _) in STEPS.items()}
    completers = {e["actor"] for e in detail["history"] if e["action"] == "complete"}
    assert completers == {official(owner) for owner, _, _ in STEPS.values()}
    assert api.ok("get", f"/instances/{case}", "supervisor")["status"] == "completed"
    (report,) = [t for t in detail["completed_tasks"] if t["spec_id"] == "report_overall_completion"]
    summary = api.ok("get", f"/tasks/{report['id']}", ENTERPRISE)["data"]["roster_summary"]
    assert summary["handed_over"] == COUNT and len(summary["imports"]) == 1  # the case refers to its import


def test_each_organisation_finds_its_part_in_its_done_tab(api):
    upload_roster(api, PEOPLE)
    run_to_completion(api, start_programme(api, counties=(CODE,), prefectures=("410100",))["id"])
    done = api.ok("get", "/tasks", official(ARCHIVES), query_string={"scope": "done"})
    assert sorted(t["spec_id"] for t in done["items"]) == [
        "check_archives",
        "issue_archive_receipt",
        "store_archives",
    ]
    assert api.ok("get", "/tasks", official(COUNTY), query_string={"scope": "claimable"})["total"] == 0
