"""The files of a definition version: which diagrams open from the programme's."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine import NotFound
from engine.diagram.bundle import Bundle, Opening

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def bundle() -> Bundle:
    sources = {p.name: p.read_text(encoding="utf-8") for p in (ROOT / "processes").iterdir()}
    return Bundle(sources)


def test_called_processes_open_depth_first_in_document_order(bundle):
    assert bundle.openings("retiree_handover_programme") == [
        Opening("省辖市（省直管县）移交", "prefecture_handover"),
        Opening("签订移交框架协议", "framework_agreement"),
        Opening("县（市、区）具体移交", "county_handover"),
        Opening("退休人员档案移交", "archive_handover"),
        Opening("过渡期管理人员移交社区", "interim_management"),
    ]


def test_a_subprocess_with_its_own_diagram_opens_as_a_plane(bundle):
    assert bundle.openings("milestone_schedule") == [
        Opening("节点到期检查", "milestone_schedule", "watch_milestone")
    ]


def test_a_process_outside_the_bundle_is_not_found(bundle):
    with pytest.raises(NotFound):
        bundle.xml("no_such_process")


def test_a_file_never_laid_out_is_not_drawn_and_opens_nothing(roster_review):
    raw = (ROOT / "tests" / "fixtures" / "layout" / "roster_review.bpmn").read_text(encoding="utf-8")
    assert not Bundle({"roster_review.bpmn": raw}).drawn("roster_review")
    assert Bundle({"roster_review.bpmn": raw}).openings("roster_review") == []
    laid_out = Bundle({"roster_review.bpmn": roster_review.decode("utf-8")})
    assert laid_out.drawn("roster_review")
    assert laid_out.openings("roster_review") == [
        Opening("移交人事档案", "roster_review", "transfer_archive")
    ]
