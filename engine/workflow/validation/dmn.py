"""The checks of a DMN file at deploy: one decision per file, unique decision ids, and every
expression of a decision table — including those SpiffWorkflow builds from input entries
(``< 1000`` → ``x< 1000``) — through the script allow-list."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from types import SimpleNamespace

from SpiffWorkflow.dmn.engine.DMNEngine import DMNEngine

from engine.errors import Problem
from engine.workflow.validation.code import ParsedSources, SourceFile, check_code, code_problem


def scan_dmn(doc: SourceFile, parsed: ParsedSources, problems: list[Problem]) -> None:
    decisions = doc.xpath(".//dmn:decision")
    if len(decisions) > 1:  # SpiffWorkflow registers a DMN file under its first decision only
        problems.append(
            Problem(doc.file, "a DMN file may hold only one decision", None, decisions[1].sourceline)
        )
    for decision in decisions[:1]:
        did = decision.get("id")
        if did in parsed.decision_files:
            problems.append(
                Problem(
                    doc.file,
                    f"decision '{did}' is already defined in '{parsed.decision_files[did]}'",
                    did,
                    decision.sourceline,
                )
            )
        else:
            parsed.decision_files[did] = doc.file
    for table in doc.xpath(".//dmn:decisionTable"):
        problems += _decision_table_problems(doc, table)


def _decision_table_problems(doc: SourceFile, table) -> Iterator[Problem]:
    inputs: list[str | None] = []  # per column, None where the input expression is refused
    for column in doc.xpath("dmn:input", table):
        texts = doc.xpath("dmn:inputExpression/dmn:text[normalize-space()]", column)
        if not texts:  # SpiffWorkflow then evaluates the repr of the data named by the label
            inputs.append("value")
            continue
        unsafe = list(check_code(doc, texts[0], texts[0].text, "input expression", "eval"))
        yield from unsafe
        inputs.append(None if unsafe else texts[0].text)  # refused once, not again per rule
    for rule in doc.xpath("dmn:rule", table):
        for text, column in zip(doc.xpath("dmn:inputEntry/dmn:text", rule), inputs, strict=False):
            if column is not None:
                yield from _input_entry_problems(doc, text, column)
        for text in doc.xpath("dmn:outputEntry/dmn:text", rule):
            if text.text and text.text.strip():
                yield from check_code(doc, text, text.text, "output entry", "eval")


class _RecordingScriptEngine:
    """Stands in for the script engine so that ``DMNEngine`` shows what it would evaluate."""

    def __init__(self) -> None:
        self.expressions: list[str] = []

    def validate(self, expression: str) -> None:
        ast.parse(expression)

    def evaluate(self, task, expression: str, external_context: dict | None = None) -> bool:
        self.expressions.append(expression)
        return True


def _input_entry_problems(doc: SourceFile, element, input_expression: str) -> Iterator[Problem]:
    """Check the expressions SpiffWorkflow builds from an input entry (``< 1000`` → ``x< 1000``)."""
    entry = element.text if element.text != "-" else None  # '-' and empty match anything
    engine = _RecordingScriptEngine()
    task = SimpleNamespace(workflow=SimpleNamespace(script_engine=engine), data={})
    try:
        DMNEngine(None).evaluate(input_expression, entry, task)
    except SyntaxError as err:
        yield code_problem(
            doc, element, "invalid input entry", f"syntax error: {err.msg}", element.sourceline
        )
        return
    for expression in engine.expressions:
        yield from check_code(doc, element, expression, "input entry", "eval", multiline=False)
