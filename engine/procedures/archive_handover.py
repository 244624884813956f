"""档案移交 — the enterprise sorts and lists the archives, the archive department checks them
(returning incomplete ones to be supplemented), receives them and issues its receipt."""

from __future__ import annotations

from engine.procedures.declaration import Procedure, Returned, Step

#: the enterprise's transfer list (档案移交清单) and the archive department's receipt (回执)
SORT, RECEIPT = "sort_archives", "issue_archive_receipt"
#: the enterprise's supplement of the archives sent back (what it supplemented)
SUPPLEMENT = "supplement_archives"

PROCEDURE = Procedure(
    key="archive_handover",
    steps={
        SORT: Step(registry="archives_sorted", documents=("archive_transfer_list",), people="archive_list"),
        "check_archives": Step(registry="archives_checked", people="archives", shows=(SUPPLEMENT,)),
        SUPPLEMENT: Step(
            registry="archives_supplemented",
            people="returned_archives",
            returned_by=(Returned("check_archives", "complete"),),
        ),
        RECEIPT: Step(
            registry="archives_accepted",
            progress="archives_received",
            documents=("archive_receipt",),
            people="archives",
            shows=("check_archives",),
        ),
        "store_archives": Step(shows=(RECEIPT,)),
    },
    document_sources={"archive_transfer_list": SORT, "archive_receipt": RECEIPT},
    shows=("enterprise", "milestones", "county", "county_figures", SORT),
)
