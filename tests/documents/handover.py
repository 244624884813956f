"""A county hand-over driven as far as a document needs, its people in the registry as the real
steps leave them (for the document tests and the benchmark)."""

from __future__ import annotations

from engine.registry.handover import CountyScope, figures
from tests.processes import campaign
from tests.processes import submissions as form
from tests.processes.driver import Driver
from tests.processes.test_retiree_handover import start_programme
from webapp.documents import case_documents
from webapp.documents.sources import CaseSources

JINSHUI = "410105"


def programme_of(drive: Driver, people: list[dict]) -> int:
    """A programme of ``people`` (registered first) with its framework agreements signed,
    whichever prefectures they go to."""
    case = start_programme(drive, people)
    for draft in drive.open_items(case, "draft_framework_agreement"):
        drive.complete_item(draft, form.framework_draft())
    for sign in drive.open_items(case, "sign_framework_agreement"):
        drive.complete_item(sign, form.approve())
    return case


def verified(drive: Driver, case: int, code: str = JINSHUI) -> None:
    """The county's agreement drafted and signed and its people's data verified: the allocation
    to communities is open."""
    with drive.tx() as session:
        registered = figures(session, CountyScope(case, code))
    draft = drive.by_county(case, "draft_specific_agreement")[code]
    staff_due = drive.item_data(draft)["staff_due"]  # the county's share of the enterprise's
    drive.complete_item(draft, form.specific_draft(registered.retirees, staff_due))
    drive.complete(case, "sign_specific_agreement", form.approve(), owner=campaign.county_org(code))
    drive.complete(case, "verify_retiree_data", form.all_correct(), owner=campaign.county_org(code))


def archives_sorted(drive: Driver, case: int, code: str = JINSHUI, volumes: int = 1) -> None:
    """From the allocation to the enterprise's archive transfer list: everyone allocated to the
    county's first community and received there, every archive listed (``volumes``, 12 items)."""
    drive.allocate_all(case, code)
    drive.complete(case, "receive_retirees", form.received(), owner=campaign.community_org(code))
    drive.fill_archives(case, code, volumes=volumes)
    drive.complete_item(drive.by_county(case, "sort_archives")[code], form.archive_list())


def archives_received(drive: Driver, case: int, code: str = JINSHUI, checked: dict | None = None) -> None:
    """The archive department's check (complete by default) and its receipt, without typed counts."""
    archives = campaign.archive_org(code)
    drive.complete(case, "check_archives", checked or form.archives_complete(), owner=archives)
    drive.complete(case, "issue_archive_receipt", form.archive_receipt(), owner=archives)


def built(sessions, engine, case: int, build, *args, code: str = JINSHUI, then=None):
    """``build(inputs, *args)`` on what the case's county documents are made from now; ``then``
    (of the built context) runs while its registry session is open, as a list's rows stream."""
    with sessions() as session, session.begin():
        scoped = CaseSources.of(engine.workflow(session, case)).get("county", code)
        context = build(case_documents.inputs(session, case, scoped), *args)
        return context if then is None else then(context)
