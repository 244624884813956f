"""The community's size is before the official who decides on a stand-alone community or a merger
(issue 14, 8): started from the start form, the decision task shows the households, the target
size for the setting and whether they are within it."""

from __future__ import annotations

from tests.processes import submissions as form

from .cases import active, claim_and_complete, community_agreement, start_community_org_handover
from .conftest import official


def test_the_deciding_official_sees_the_size_and_whether_it_is_within_target(api):
    case = start_community_org_handover(api)  # 3,300 households in a city
    claim_and_complete(api, active(api, case["id"], "draft_community_agreement"), community_agreement())
    sign = active(api, case["id"], "sign_community_agreement")
    claim_and_complete(api, sign, form.approve())
    decision = active(api, case["id"], "decide_community_arrangement")
    detail = api.ok("get", f"/tasks/{decision['id']}", official(decision["owner_org"]))
    assert detail["data"]["community_size"] == {
        "households": 3300,
        "setting": "city",
        "target": "城市社区1000至3000户",
        "within_target": False,
        "verdict": "不在城市社区1000至3000户的规模内",
    }
