"""A DMN file's decisions as a version diff compares them (``engine.versions.diff``): the table's
hit policy, its input and output columns, and its rules, each readable as "when … → …".

Any DMN version's namespace (1.1 to 1.3) is read alike."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from lxml import etree

ANY_VALUE = ("", "-")


@dataclass(frozen=True)
class Rule:
    """One row of a decision table: its input entries and output entries (``column: entry``)."""

    id: str
    when: tuple[str, ...]
    then: tuple[str, ...]
    description: str = ""

    @property
    def text(self) -> str:
        """``原中央下放: True；行业: in ["煤炭"] → 管理费用承担方: "central"`` (any-value inputs left out)."""
        conditions = [entry for entry in self.when if entry.split(": ", 1)[-1] not in ANY_VALUE]
        return f"{'；'.join(conditions) or '-'} → {'；'.join(self.then)}"


@dataclass(frozen=True)
class Decision:
    """A decision: its table's shape (``attributes``: hit policy, inputs, outputs, or a literal
    expression) and its rules by id (by position, ``#1``…, where a rule has none)."""

    id: str
    name: str
    attributes: dict[str, str]
    rules: dict[str, Rule]


def is_dmn(root: etree._Element) -> bool:
    return etree.QName(root).localname == "definitions" and "DMN" in (etree.QName(root).namespace or "")


def decisions_of(documents: Iterable[etree._Element]) -> dict[str, Decision]:
    """Decision id → ``Decision``, of every DMN document among ``documents``."""
    return {
        decision.get("id"): _decision(decision)
        for root in documents
        if is_dmn(root)
        for decision in root.iterfind("{*}decision")
    }


def _decision(decision: etree._Element) -> Decision:
    table = decision.find("{*}decisionTable")
    name = decision.get("name") or ""
    if table is None:
        expression = _text(decision.find("{*}literalExpression/{*}text"))
        return Decision(decision.get("id"), name, {"expression": expression} if expression else {}, {})
    inputs = [_input_label(column) for column in table.iterfind("{*}input")]
    outputs = [column.get("label") or column.get("name") or "" for column in table.iterfind("{*}output")]
    attributes = {
        "hit_policy": table.get("hitPolicy") or "UNIQUE",
        "inputs": " | ".join(inputs),
        "outputs": " | ".join(outputs),
    }
    rules = [
        _rule(row, position, inputs, outputs) for position, row in enumerate(table.iterfind("{*}rule"), 1)
    ]
    return Decision(decision.get("id"), name, attributes, {rule.id: rule for rule in rules})


def _input_label(column: etree._Element) -> str:
    return column.get("label") or _text(column.find("{*}inputExpression/{*}text")) or column.get("id") or ""


def _rule(row: etree._Element, position: int, inputs: list[str], outputs: list[str]) -> Rule:
    when = _entries(row.iterfind("{*}inputEntry"), inputs)
    then = _entries(row.iterfind("{*}outputEntry"), outputs)
    description = _text(row.find("{*}description"))
    return Rule(row.get("id") or f"#{position}", when, then, description)


def _entries(entries: Iterable[etree._Element], columns: list[str]) -> tuple[str, ...]:
    texts = [_text(entry.find("{*}text")) for entry in entries]
    labels = columns + [""] * (len(texts) - len(columns))
    return tuple(f"{label}: {text}" if label else text for label, text in zip(labels, texts, strict=False))


def _text(node: etree._Element | None) -> str:
    return " ".join((node.text or "").split()) if node is not None else ""
