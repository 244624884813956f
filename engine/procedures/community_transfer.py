"""社区间转移 — a person moves to another community of the same county (seed 四(一)): the community
that has them asks, the receiving community accepts (the person is theirs from then on: their
community and address change, recorded in their history) or refuses with a reason, which the
asking community reads.

The county government does not approve: the person stays under the same county's management
(管理), pension agency and archive department; only who serves them changes, and the county sees
the change in the person's history."""

from __future__ import annotations

from engine.aftercare.transfers import cases as transfer_cases
from engine.directory.organisations import organisation_names
from engine.procedures.declaration import CaseStart, Procedure, StartRequest, Step

#: the receiving community accepts or refuses
ACCEPT = "accept_community_transfer"
#: the asking community reads the refusal
REFUSED = "acknowledge_community_transfer_refusal"


def start(request: StartRequest) -> CaseStart:
    """The asking community's request for one of its living people (refused in Chinese otherwise)."""
    session, answers = request.session, request.answers
    person = transfer_cases.transferable(session, request.organisation_id, answers["retiree_id"])
    county = person.destination_code or ""
    receiving = transfer_cases.receiving_community(session, answers["to_community"], county, "to_community")
    if receiving.id == person.community_org:
        transfer_cases.refuse("to_community", "接收社区与现所在社区相同，无需转移")
    transfer = transfer_cases.asked(
        person,
        answers,
        request.today,
        to_community=receiving.id,
        to_community_name=receiving.name,
        to_county=county,
    )
    here = organisation_names(session, [person.community_org]).get(person.community_org or "", "")
    data = {"retiree": transfer_cases.person_of(person, here), "transfer": transfer}
    return CaseStart({"community": request.organisation_id}, data, f"{person.name} 社区间转移")


PROCEDURE = Procedure(
    key="community_transfer",
    start=start,
    shows=("retiree", "transfer"),
    steps={
        ACCEPT: Step(record="community_transfer_answered"),
        REFUSED: Step(shows=(ACCEPT,)),
    },
)
