"""Files drawn for other engines: what of Camunda's and Zeebe's extensions cannot run here, said
with the element and what to use instead, and timers written the way those engines write them.

Harmless extensions (``camunda:historyTimeToLive``, ``camunda:asyncBefore``, version tags) are
left alone; what would change what a case does, silently, if ignored, is refused.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml import etree
from SpiffWorkflow.bpmn.specs.event_definitions.timer import TimerEventDefinition

from engine.errors import Problem
from engine.workflow.validation.code import BPMN_NS, SourceFile, owner_of

CAMUNDA = "http://camunda.org/schema/1.0/bpmn"
ZEEBE = "http://camunda.org/schema/zeebe/1.0"
_FOREIGN = {"camunda": CAMUNDA, "zeebe": ZEEBE}

_CODE = (
    "runs code of another engine that cannot run here: use a script task (Python) or a service"
    " task with spiffworkflow:serviceTaskOperator"
)
_ASSIGNMENT = (
    "assigns the task to people of another engine; here a task goes to the organisation of its"
    " lane: put it in a lane mapped to a role"
)
_MAPPING = (
    "maps variables the way another engine does; here a task reads and writes the case data: use"
    " spiffworkflow:preScript/postScript to prepare or rename data"
)
_FORM = "names a form of another engine: name one of ours with the property form (spiffworkflow:property)"

#: (xpath over the file, what it is, what to use instead)
_REFUSED = (
    ("//@camunda:class", "camunda:class", _CODE),
    ("//@camunda:delegateExpression", "camunda:delegateExpression", _CODE),
    ("//bpmn:*[not(self::bpmn:conditionExpression)]/@camunda:expression", "camunda:expression", _CODE),
    ("//@camunda:type[. = 'external']", "an external task (camunda:type)", _CODE),
    ("//camunda:connector", "camunda:connector", _CODE),
    ("//zeebe:taskDefinition", "zeebe:taskDefinition", _CODE),
    ("//camunda:executionListener | //camunda:taskListener", "a listener of another engine", _CODE),
    ("//zeebe:executionListeners | //zeebe:taskListeners", "a listener of another engine", _CODE),
    (
        "//@camunda:assignee | //@camunda:candidateUsers | //@camunda:candidateGroups",
        "an assignee",
        _ASSIGNMENT,
    ),
    ("//zeebe:assignmentDefinition", "an assignee", _ASSIGNMENT),
    ("//camunda:inputOutput | //zeebe:ioMapping", "an input/output mapping", _MAPPING),
    ("//@camunda:formKey | //camunda:formData | //zeebe:formDefinition", "a form", _FORM),
)


def foreign_problems(doc: SourceFile) -> Iterator[Problem]:
    """Extensions of other engines that cannot run here, each with what to use instead."""
    namespaces = {**_FOREIGN, "bpmn": BPMN_NS}
    for path, what, instead in _REFUSED:
        for found in doc.root.xpath(path, namespaces=namespaces):
            element = found.getparent() if isinstance(found, etree._ElementUnicodeResult) else found
            owner = owner_of(element)
            yield Problem(
                doc.file,
                f"{etree.QName(owner).localname} '{owner.get('id')}' uses {what}, which {instead}",
                owner.get("id"),
                element.sourceline,
            )
    yield from _script_language_problems(doc)


def _script_language_problems(doc: SourceFile) -> Iterator[Problem]:
    for task in doc.xpath("//bpmn:scriptTask[@scriptFormat]"):
        language = task.get("scriptFormat")
        if language.strip().lower() not in ("python", "python3", "text/x-python", ""):
            yield Problem(
                doc.file,
                f"script task '{task.get('id')}' is written in {language}; scripts here are Python",
                task.get("id"),
                task.sourceline,
            )


def foreign_expression(code: str) -> str | None:
    """Why ``code`` is another engine's expression language (None when it is not)."""
    stripped = code.strip()
    if stripped.startswith(("${", "#{")):
        return f"'{stripped}' is a JUEL expression (Camunda 7); expressions here are Python: {stripped[2:-1]}"
    if stripped.startswith("="):
        return f"'{stripped}' is a FEEL expression (Zeebe); expressions here are Python"
    return None


# -- timers ---------------------------------------------------------------------------------

_ISO_LIKE = re.compile(
    r"^(R\d*/)?(P[0-9YMWDTHS.,]*|\d{4}-\d{2}-\d{2}(T[0-9:.+\-Z]*)?)(/\S*)?$", re.IGNORECASE
)
_QUOTED = re.compile(r"""^(['"])(.*)\1$""", re.DOTALL)
_TIMER_KINDS = {"timeDuration": "duration", "timeDate": "date", "timeCycle": "cycle"}


def timer_problem(doc: SourceFile, element, code: str) -> Problem | None:
    """An ISO 8601 timer written bare (it must be a quoted string: timers are expressions here),
    or a quoted one that is no ISO 8601 duration, date or cycle."""
    kind = _TIMER_KINDS.get(etree.QName(element).localname, "timer")
    stripped = code.strip()
    owner = owner_of(element)
    where = f"timer of {etree.QName(owner).localname} '{owner.get('id')}'"
    if _ISO_LIKE.match(stripped):
        return Problem(
            doc.file,
            f"{where} is {stripped} without quotes: timers here are expressions, so an ISO 8601 {kind}"
            f' is written as a string — "{stripped}"',
            owner.get("id"),
            element.sourceline,
        )
    quoted = _QUOTED.match(stripped)
    if quoted and not _parses(kind, quoted.group(2)):
        return Problem(
            doc.file,
            f"{where}: '{quoted.group(2)}' is not an ISO 8601 {kind} (e.g. {_EXAMPLES[kind]})",
            owner.get("id"),
            element.sourceline,
        )
    return None


_EXAMPLES = {"duration": '"PT24H", "P30D"', "date": '"2017-04-30T18:00:00+08:00"', "cycle": '"R3/PT24H"'}


def _parses(kind: str, value: str) -> bool:
    parse = {
        "duration": TimerEventDefinition.parse_iso_duration,
        "date": TimerEventDefinition.parse_time_or_duration,
        "cycle": TimerEventDefinition.parse_iso_recurring_interval,
    }.get(kind, TimerEventDefinition.parse_time_or_duration)
    if kind == "duration" and not value.upper().startswith("P"):
        return False
    try:
        parse(value)
    except Exception:  # SpiffWorkflow raises plain exceptions for every malformed expression
        return False
    return True
