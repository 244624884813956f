"""跨县迁移 — a person moves to another Henan county (seed 四(一)): the community that has them
asks (new address, destination county, why); the receiving county government accepts and
allocates a community, or refuses with a reason (the case ends, nothing moves); the receiving
community receives them (or returns them to the county's allocation); then the archive follows:
the sending county's archive department draws up the archive transfer list (档案移交清单, one
person) and sends it, the receiving county's archive department acknowledges receipt — and the
person's county and community change (their 管理 moves), recorded in their history.

The receiving community is allocated during the case (``accept_county_transfer["community_org"]``)
and the receiving archive department comes from the routing directory
(``transfer["receiving_archive"]``): both own their tasks through the diagram's ``owner``."""

from __future__ import annotations

from engine.aftercare.transfers import cases as transfer_cases
from engine.directory.organisations import organisation_names
from engine.policy import divisions
from engine.procedures.declaration import CaseStart, Procedure, StartRequest, Step

#: the receiving county government accepts and allocates a community, or refuses
ACCEPT = "accept_county_transfer"
#: the asking community reads the county's refusal
REFUSED = "acknowledge_county_transfer_refusal"
#: the allocated community receives the person (or returns them to the allocation)
RECEIVE = "receive_county_transfer"
#: the sending county's archive department draws up and sends the archive transfer list
SEND_ARCHIVE = "send_transfer_archive"
#: the receiving county's archive department acknowledges receipt: the person moves
RECEIVE_ARCHIVE = "receive_transfer_archive"


def start(request: StartRequest) -> CaseStart:
    """The asking community's request for one of its living people (refused in Chinese otherwise)."""
    session, answers = request.session, request.answers
    person = transfer_cases.transferable(session, request.organisation_id, answers["retiree_id"])
    here, there = person.destination_code or "", str(answers["to_county"])
    if there == here:
        transfer_cases.refuse("to_county", "迁入地与现管理县（市、区）相同，请办理社区间转移")
    receiving, sending = (
        transfer_cases.county_parties(session, there),
        transfer_cases.county_parties(session, here),
    )
    if not receiving.get("receiving_government") or not receiving.get("archive_department"):
        transfer_cases.refuse("to_county", f"{divisions.name(there)}的接收政府或档案管理部门未登记，无法迁入")
    if not sending.get("archive_department"):
        transfer_cases.refuse("to_county", "本县（市、区）档案管理部门未登记，无法移交档案")
    archive = receiving["archive_department"]
    transfer = transfer_cases.asked(
        person,
        answers,
        request.today,
        to_county=there,
        to_county_name=divisions.name(there),
        receiving_archive=archive,
    )
    community = organisation_names(session, [person.community_org]).get(person.community_org or "", "")
    parties = {
        "community": request.organisation_id,
        "receiving_government": receiving["receiving_government"],
        "archive_department": sending["archive_department"],
    }
    data = {"retiree": transfer_cases.person_of(person, community), "transfer": transfer}
    return CaseStart(parties, data, f"{person.name} 跨县迁移至{divisions.name(there)}")


PROCEDURE = Procedure(
    key="county_transfer",
    start=start,
    shows=("retiree", "transfer"),
    steps={
        ACCEPT: Step(record="county_transfer_answered", shows=(RECEIVE,)),
        REFUSED: Step(shows=(ACCEPT,)),
        RECEIVE: Step(record="county_transfer_received", shows=(ACCEPT,)),
        SEND_ARCHIVE: Step(record="transfer_archive_sent"),
        RECEIVE_ARCHIVE: Step(record="county_transfer_done", shows=(SEND_ARCHIVE,)),
    },
)
