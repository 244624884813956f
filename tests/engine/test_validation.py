"""Deploy-time checks of BPMN/DMN files: every problem located by file, element id and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.errors import InvalidDefinition, Problem
from engine.workflow.validation import ParsedSources, bundle_files, parse_sources

FIXTURES = Path(__file__).parent.parent / "fixtures"
GOOD = FIXTURES / "good"
BAD = FIXTURES / "bad"


def good_files() -> dict[str, bytes]:
    return {f"good/{path.name}": path.read_bytes() for path in sorted(GOOD.iterdir())}


def bad_file(name: str) -> dict[str, bytes]:
    return {f"bad/{name}": (BAD / name).read_bytes()}


def problems_of(files: dict[str, bytes]) -> list[Problem]:
    with pytest.raises(InvalidDefinition) as refused:
        parse_sources(files)
    return refused.value.problems


def line_of(name: str, snippet: str) -> int:
    """The first line of a bad fixture that contains ``snippet``."""
    lines = (BAD / name).read_text().splitlines()
    return next(number for number, text in enumerate(lines, 1) if snippet in text)


@pytest.mark.parametrize(
    ("name", "element_id", "snippet", "message"),
    [
        ("not-xml.bpmn", None, "</bpmn:process>", "not well-formed XML"),
        ("not-bpmn.bpmn", None, "<svg", "not a BPMN 2.0 or DMN 1.1-1.3 file"),
        ("schema-invalid.bpmn", "not_a_bpmn_element", "humanTask", "does not match the BPMN 2.0 schema"),
        ("gateway-without-condition.bpmn", "approved", 'sequenceFlow id="approved"', "has no condition"),
        ("unknown-lane.bpmn", "lane_foo", 'name="foo"', "lane name 'foo' is not a known role"),
        ("missing-called-process.bpmn", "archive", "calledElement", "calls process"),
        ("missing-decision.bpmn", "decide_fee", "<bpmn:businessRuleTask", "calls decision"),
        ("unsafe-import.bpmn", "count_volumes", "import os", "import statements"),
        ("unsafe-open.bpmn", "compute_fee", 'open("/etc/passwd")', "call to 'open'"),
        ("unsafe-subclasses.bpmn", "prepare_roster", "__subclasses__", "'__subclasses__'"),
        ("unsafe-condition.bpmn", "approved", "__import__", "name '__import__'"),
        ("unsafe-timer.bpmn", "wait_for_review", ".format(", "attribute 'format'"),
        ("unsafe-entry.dmn", "escape", "__import__", "unsafe input entry in rule 'escape'"),
        ("unsafe-output.dmn", "escape", 'open("/etc/passwd")', "unsafe output entry"),
        ("no-start-event.bpmn", "no_start_event", "<bpmn:process", "No start event found"),
    ],
)
def test_bad_file_is_refused_with_its_file_element_and_line(name, element_id, snippet, message):
    [problem] = problems_of(bad_file(name))
    assert (problem.file, problem.element_id, problem.line) == (
        f"bad/{name}",
        element_id,
        line_of(name, snippet),
    )
    assert message in problem.message


@pytest.mark.parametrize(
    ("name", "message"),
    [
        (
            "gateway-without-condition.bpmn",
            "gateway 'roster_approved': outgoing flow 'approved' has no condition and is not the default",
        ),
        (
            "missing-called-process.bpmn",
            "call activity 'archive' calls process 'archive_batch', which is not defined in any "
            "deployed file",
        ),
        ("unsafe-open.bpmn", "unsafe script in scriptTask 'compute_fee': call to 'open' is not allowed"),
        (
            "unsafe-subclasses.bpmn",
            "unsafe pre-script in userTask 'prepare_roster': attribute '__subclasses__' is not allowed",
        ),
        (
            "unsafe-condition.bpmn",
            "unsafe condition in sequenceFlow 'approved': name '__import__' is not allowed",
        ),
    ],
)
def test_problem_message_names_what_is_wrong(name, message):
    [problem] = problems_of(bad_file(name))
    assert problem.message == message


def test_unknown_lane_message_lists_the_known_roles():
    [problem] = problems_of(bad_file("unknown-lane.bpmn"))
    assert "enterprise" in problem.message and "receiving_government" in problem.message


def test_problems_of_every_file_are_reported_together():
    files = {**bad_file("not-xml.bpmn"), **bad_file("unknown-lane.bpmn"), **bad_file("unsafe-open.bpmn")}
    assert [p.file for p in problems_of(files)] == [
        "bad/not-xml.bpmn",
        "bad/unknown-lane.bpmn",
        "bad/unsafe-open.bpmn",
    ]


def test_every_problem_in_one_file_is_reported():
    content = (
        (BAD / "unsafe-open.bpmn")
        .read_text()
        .replace('id="to_task" sourceRef="start"', 'id="to_task" sourceRef="start" name="x"')
        .replace(
            'isExecutable="true">',
            'isExecutable="true">\n    <bpmn:laneSet id="ls">'
            '<bpmn:lane id="lane_bar" name="bar"/></bpmn:laneSet>',
        )
    )
    problems = problems_of({"p.bpmn": content.encode()})
    assert {p.element_id for p in problems} == {"lane_bar", "compute_fee"}


def test_missing_calls_are_not_reported_while_another_file_is_broken():
    files = {**bad_file("not-xml.bpmn"), **bad_file("missing-called-process.bpmn")}
    assert [p.file for p in problems_of(files)] == ["bad/not-xml.bpmn"]


def test_call_to_a_process_in_another_file_is_resolved():
    files = {
        **bad_file("missing-called-process.bpmn"),
        "good/archive.bpmn": (GOOD / "archive.bpmn").read_bytes(),
    }
    assert parse_sources(files).calls["missing_called_process"] == {"archive_batch"}


def test_duplicate_process_id_across_files_is_refused():
    archive = (GOOD / "archive.bpmn").read_bytes()
    [problem] = problems_of({"a.bpmn": archive, "b.bpmn": archive})
    assert problem == Problem(
        "b.bpmn", "process 'archive_batch' is already defined in 'a.bpmn'", "archive_batch", 5
    )


def test_dmn_file_with_two_decisions_is_refused():
    fee = (
        (GOOD / "fee.dmn")
        .read_text()
        .replace("</definitions>", '  <decision id="second_fee" name="Second" />\n</definitions>')
    )
    [problem] = problems_of({"fee.dmn": fee.encode()})
    assert problem.message == "a DMN file may hold only one decision"


def dmn_with_entry(entry: str) -> dict[str, bytes]:
    """The unsafe-entry DMN with its second rule's input entry replaced (XML-escaped text)."""
    text = (BAD / "unsafe-entry.dmn").read_text()
    return {"fee.dmn": text.replace('&lt; __import__("os").getpid()', entry).encode()}


@pytest.mark.parametrize(
    "entry",
    ['"M1"', "-", "", "&lt; 1000", "? &gt; 3 and ? &lt; 10", 'in ["a", "b"]', '"a?"'],
)
def test_dmn_input_entry_that_spiffworkflow_can_evaluate_is_accepted(entry):
    assert parse_sources(dmn_with_entry(entry)).decision_files == {"handover_fee": "fee.dmn"}


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        (".__class__", "unsafe input entry in rule 'escape': attribute '__class__' is not allowed"),
        ('? &lt; __import__("os")', "unsafe input entry in rule 'escape': name '__import__'"),
        ("x y z", "invalid input entry in rule 'escape': syntax error"),
    ],
)
def test_dmn_input_entry_is_checked_as_spiffworkflow_completes_it(entry, message):
    [problem] = problems_of(dmn_with_entry(entry))
    assert problem.message.startswith(message)


def test_dmn_1_2_file_is_accepted_although_its_bundled_schema_does_not_load():
    dmn_1_3, dmn_1_2 = (
        "https://www.omg.org/spec/DMN/20191111/MODEL/",
        "http://www.omg.org/spec/DMN/20180521/MODEL/",
    )
    fee = (GOOD / "fee.dmn").read_text().replace(dmn_1_3, dmn_1_2)
    assert parse_sources({"fee.dmn": fee.encode()}).decision_files == {"handover_fee": "fee.dmn"}


def test_xml_comment_inside_a_decision_table_is_accepted():
    fee = (
        (GOOD / "fee.dmn")
        .read_text()
        .replace('<rule id="large">', '<!-- counties of 100 or more -->\n      <rule id="large">')
    )
    assert parse_sources({"fee.dmn": fee.encode()}).decision_files == {"handover_fee": "fee.dmn"}


@pytest.fixture(scope="module")
def parsed() -> ParsedSources:
    return parse_sources(good_files())


def test_good_set_maps_processes_to_files_and_names(parsed):
    assert parsed.process_files == {
        "sample_county_handover": "good/handover.bpmn",
        "archive_batch": "good/archive.bpmn",
    }
    assert parsed.process_names == {
        "sample_county_handover": "County hand-over",
        "archive_batch": "Archive batch",
    }
    assert parsed.executable == {"sample_county_handover", "archive_batch"}


def test_good_set_records_lanes_calls_and_decisions(parsed):
    assert parsed.lanes == {
        "sample_county_handover": ["enterprise", "receiving_government"],
        "archive_batch": [],
    }
    assert parsed.calls == {"sample_county_handover": {"archive_batch"}, "archive_batch": set()}
    assert parsed.decisions == {"sample_county_handover": {"handover_fee"}, "archive_batch": set()}
    assert parsed.decision_files == {"handover_fee": "good/fee.dmn"}


def test_good_set_parser_holds_every_spec(parsed):
    assert set(parsed.parser.get_subprocess_specs("sample_county_handover")) == {"archive_batch"}
    assert parsed.parser.get_spec("sample_county_handover").task_specs["decide_fee"]


@pytest.mark.parametrize(
    ("process_id", "files"),
    [
        ("sample_county_handover", {"good/handover.bpmn", "good/archive.bpmn", "good/fee.dmn"}),
        ("archive_batch", {"good/archive.bpmn"}),
    ],
)
def test_bundle_files_follow_calls_and_decisions(parsed, process_id, files):
    assert bundle_files(parsed, process_id) == files
