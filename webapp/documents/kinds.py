"""The kinds of official documents Yijiao prints, each with the data it is made from.

A kind's *scope* says which part of a case it belongs to: a county hand-over (``county``, picked
by ``?county=410105``), a prefecture's framework agreement (``prefecture``), an enterprise-run
community organisation (``community_org``, by the county it goes to), or no single case (the
supervisors' progress report). The procedures declare which form a kind is made from (it is
offered once that form is submitted) and which tasks make it again when they complete
(``engine/procedures/``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from engine import procedures
from engine.errors import NotFound

from . import agreements, community, registers, staff
from .paging import Frame
from .sources import Inputs, Scoped


@dataclass(frozen=True)
class Kind:
    code: str
    title: str
    template: str
    scope: str | None
    build: Callable[[Inputs], dict[str, Any]] | None
    landscape: bool = False
    overseers_only: bool = False
    #: a list of people (``listing``): what its PDF and its .xlsx say around its rows
    frame: Callable[[dict[str, Any]], Frame] | None = None
    #: a list laid out page by page in Python (``paging``, list.html), for lists of a county's size
    paged: bool = False
    #: the county roles that read it besides the enterprise, when it lists people with full ID
    #: numbers and phones (DESIGN.md, "People live in the registry"); None: any reader of the scope
    people_readers: tuple[str, ...] | None = None

    @property
    def spreadsheet(self) -> bool:
        """A list of people is also downloaded as .xlsx, for officials to sort and filter."""
        return self.frame is not None

    def offered(self, scoped: Scoped) -> bool:
        """Whether the scope's data holds what this kind is made from."""
        needs = procedures.document_source(self.code)
        return needs is None or isinstance(scoped.data.get(needs), dict)

    def title_for(self, scoped: Scoped | None) -> str:
        """具体移交协议（郑州市金水区）: the kind's title with the place it is about."""
        if scoped is None or scoped.scope is None:
            return self.title
        return f"{self.title}（{scoped.data[scoped.scope]['name']}）"

    def filename(self, code: str | None) -> str:
        return f"{self.code}-{code}.pdf" if code else f"{self.code}.pdf"

    def code_of(self, filename: str) -> str | None:
        """The place a stored document of this kind is about, read back from its file name."""
        prefix = f"{self.code}-"
        if filename.startswith(prefix) and filename.endswith(".pdf"):
            return filename[len(prefix) : -len(".pdf")]
        return None


KINDS: dict[str, Kind] = {
    kind.code: kind
    for kind in (
        Kind(
            "framework_agreement",
            "移交框架协议",
            "framework_agreement.html",
            "prefecture",
            agreements.framework_agreement,
        ),
        Kind(
            "specific_agreement",
            "具体移交协议",
            "specific_agreement.html",
            "county",
            agreements.specific_agreement,
        ),
        Kind(
            "handover_register",
            "移交清册",
            "list.html",
            "county",
            registers.handover_register,
            landscape=True,
            frame=registers.handover_register_frame,
            paged=True,
            people_readers=("receiving_government",),
        ),
        Kind(
            "archive_transfer_list",
            "档案移交清单",
            "list.html",
            "county",
            registers.archive_transfer_list,
            landscape=True,
            frame=registers.archive_transfer_list_frame,
            paged=True,
            people_readers=("receiving_government", "archive_department"),
        ),
        Kind(
            "archive_receipt",
            "档案接收回执",
            "archive_receipt.html",
            "county",
            registers.archive_receipt,
        ),
        Kind(
            "staff_list",
            "移交管理服务人员名单",
            "staff_list.html",
            "county",
            staff.staff_list,
            landscape=True,
            frame=staff.staff_list_frame,
            people_readers=("receiving_government",),
        ),
        Kind(
            "community_agreement",
            "社区管理组织移交协议",
            "community_agreement.html",
            "community_org",
            community.community_agreement,
        ),
        Kind("case_status", "案件办理情况", "case_status.html", None, None, landscape=True),
        Kind(
            "progress_report",
            "移交工作进展情况报告",
            "progress_report.html",
            None,
            None,
            overseers_only=True,
        ),
        # not of a case: the services after the hand-over, for supervisors and each county
        Kind(
            "services_report",
            "退休人员社会化管理服务情况",
            "services_report.html",
            None,
            None,
            landscape=True,
        ),
    )
}

#: the kinds of one case, in the order the hand-over produces them
CASE_KINDS = tuple(kind for kind in KINDS.values() if kind.scope is not None)


def get(code: str) -> Kind:
    """The kind named ``code``; ``NotFound`` for anything else."""
    if code not in KINDS:
        raise NotFound(f"no document kind {code!r}")
    return KINDS[code]


def made_by(process_id: str, task_id: str) -> list[Kind]:
    """The kinds a task of a procedure produces when it completes."""
    return [KINDS[code] for code in procedures.documents_made_by(process_id, task_id)]


def readers(scoped: Scoped) -> set[str]:
    """The organisations of a scope who may read its documents (besides the case's parties and
    overseers): a county's own organisations and its prefecture's government; a
    prefecture's government and its counties' governments; for a community organisation, only
    its case's own parties."""
    data = scoped.data
    if scoped.scope == "community_org":
        return set()
    if scoped.scope == "county":
        county = data["county"]
        governments = [
            p.get("government")
            for p in data.get("prefectures") or []
            if p["code"] == county.get("prefecture_code")
        ]
        return {*(county.get("parties") or {}).values(), *governments} - {None}
    prefecture = data["prefecture"]
    governments = [
        (c.get("parties") or {}).get("receiving_government")
        for c in data.get("counties") or []
        if c["code"] in prefecture.get("county_codes", [])
    ]
    return {prefecture.get("government"), *governments} - {None}
