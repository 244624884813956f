"""Refuse bad BPMN/DMN definitions at deploy, naming the file, the element and the line.

``parse_sources`` checks a set of files in three stages and reports every problem a stage finds:

1. each file alone: well-formed XML, a BPMN 2.0 or DMN ``definitions`` root, the XSD;
2. what the XSD cannot see: the structure (``structure.py``: gateway conditions, lanes = roles or
   mapped to one, human tasks in a lane, data associations), other engines' extensions and
   timers (``foreign.py``), unsafe code, duplicate process/decision ids, and (when every file got
   through stage 1, so a broken file does not make its processes look missing) calls to processes
   and decisions of other files;
3. only if nothing was found so far: what SpiffWorkflow's own parser refuses.

DMN files are checked in ``dmn.py``; the file wrapper and the code check both use live in
``code.py``; a file's text in its declared encoding comes from ``encoding.py``.
"""

from __future__ import annotations

import re
import threading
from collections import deque
from collections.abc import Iterator

from lxml import etree
from SpiffWorkflow.bpmn.parser.BpmnParser import BpmnValidator
from SpiffWorkflow.bpmn.parser.ValidationException import ValidationException
from SpiffWorkflow.dmn.parser.BpmnDmnParser import SCHEMAS as DMN_SCHEMAS
from SpiffWorkflow.spiff.parser.process import SPIFF_XSD, SpiffBpmnParser

from engine.errors import InvalidDefinition, Problem
from engine.workflow.validation import structure
from engine.workflow.validation.code import (
    BPMN_NS,
    ParsedSources,
    SourceFile,
    check_code,
    code_problem,
    owner_of,
)
from engine.workflow.validation.dmn import scan_dmn
from engine.workflow.validation.foreign import (
    CAMUNDA,
    ZEEBE,
    foreign_expression,
    foreign_problems,
    timer_problem,
)
from engine.workflow.validation.structure import LaneRoles

#: Where BPMN code lives: (xpath, what it is, ast mode, attribute holding it or None for text).
_BPMN_CODE = (
    (".//bpmn:scriptTask/bpmn:script", "script", "exec", None),
    (".//spiffworkflow:preScript", "pre-script", "exec", None),
    (".//spiffworkflow:postScript", "post-script", "exec", None),
    (".//bpmn:sequenceFlow/bpmn:conditionExpression", "condition", "eval", None),
    (".//bpmn:conditionalEventDefinition/bpmn:condition", "condition", "eval", None),
    (".//bpmn:timeDuration | .//bpmn:timeDate | .//bpmn:timeCycle", "timer", "eval", None),
    (".//bpmn:loopCardinality", "loop cardinality", "eval", None),
    (".//bpmn:completionCondition", "completion condition", "eval", None),
    (".//bpmn:loopCondition", "loop condition", "eval", None),
    (".//spiffworkflow:property[@name='due']", "due date", "eval", "value"),
    (".//spiffworkflow:property[@name='owner']", "owner", "eval", "value"),
    (".//spiffworkflow:messagePayload | .//spiffworkflow:payloadExpression", "message payload", "eval", None),
    (".//bpmn:correlationPropertyRetrievalExpression/*", "correlation expression", "eval", None),
    (".//spiffworkflow:serviceTaskOperator//spiffworkflow:parameter", "service parameter", "eval", "value"),
)


def parse_sources(files: dict[str, bytes], lane_roles: LaneRoles | None = None) -> ParsedSources:
    """Check and parse BPMN/DMN files together; ``InvalidDefinition`` lists every problem.
    ``lane_roles`` names the role of each lane not named by one (process id → lane → role)."""
    problems: list[Problem] = []
    documents = [doc for name, content in files.items() if (doc := _load(name, content, problems))]
    parsed = ParsedSources(
        parser=SpiffBpmnParser(), lane_roles={k: dict(v) for k, v in (lane_roles or {}).items()}
    )
    for doc in documents:
        (_scan_bpmn if doc.is_bpmn else scan_dmn)(doc, parsed, problems)
    if len(documents) == len(files):
        problems += _reference_problems(documents, parsed)
    if not problems:
        problems += _spiff_problems(documents, parsed.parser)
    if problems:
        raise InvalidDefinition(list(dict.fromkeys(problems)))
    return parsed


def bundle_files(parsed: ParsedSources, process_id: str) -> set[str]:
    """Files a process depends on: its own, and those of processes and decisions it calls."""
    files: set[str] = set()
    seen, queue = {process_id}, deque([process_id])
    while queue:
        pid = queue.popleft()
        if pid in parsed.process_files:
            files.add(parsed.process_files[pid])
        decisions = parsed.decisions.get(pid, set()) & parsed.decision_files.keys()
        files.update(parsed.decision_files[d] for d in decisions)
        for called in parsed.calls.get(pid, set()) - seen:
            seen.add(called)
            queue.append(called)
    return files


# -- stage 1: each file alone ---------------------------------------------------------------


def _load(name: str, content: bytes, problems: list[Problem]) -> SourceFile | None:
    """The file as a document if it is well-formed BPMN/DMN (schema problems are only noted)."""
    # No entities or network for uploaded files; comments would trip SpiffWorkflow's DMN parser.
    # A parser per file: lxml parsers must not be shared between threads.
    parser = etree.XMLParser(resolve_entities=False, no_network=True, remove_comments=True, remove_pis=True)
    try:
        root = etree.fromstring(content, parser)
    except etree.XMLSyntaxError as err:
        problems.append(Problem(name, f"not well-formed XML: {err.msg}", None, err.lineno))
        return None
    qname = etree.QName(root)
    if qname.localname != "definitions" or not _is_known_namespace(qname.namespace):
        problems.append(
            Problem(
                name,
                f"not a BPMN 2.0 or DMN 1.1-1.3 file: the root element is <{qname.localname}>"
                f" in namespace '{qname.namespace or ''}'",
                None,
                root.sourceline,
            )
        )
        return None
    schema_problem = _schema_problem(name, root, qname.namespace)
    if schema_problem:
        problems.append(schema_problem)
    return SourceFile(name, root, qname.namespace)


def _is_known_namespace(namespace: str | None) -> bool:
    return namespace == BPMN_NS or namespace in DMN_SCHEMAS


_validators = threading.local()  # lxml keeps the error log on the schema object: one per thread


def _validator(namespace: str) -> BpmnValidator | None:
    """SpiffWorkflow's validator for the namespace; None where its schema does not load."""
    cache = _validators.__dict__
    if namespace not in cache:
        try:
            cache[namespace] = (
                BpmnValidator(imports={"spiffworkflow": SPIFF_XSD})
                if namespace == BPMN_NS
                else BpmnValidator(DMN_SCHEMAS[namespace])
            )
        except etree.XMLSchemaParseError:  # DMN 1.2: SpiffWorkflow 3.2.0 ships a broken DMNDI12.xsd
            cache[namespace] = None
    return cache[namespace]


def _schema_problem(name: str, root: etree._Element, namespace: str) -> Problem | None:
    validator = _validator(namespace)
    try:
        if validator is not None:
            validator.validate(root, name)
    except ValidationException as err:
        prefix, kind = ("bpmn", "BPMN 2.0") if namespace == BPMN_NS else ("dmn", "DMN")
        message = str(err.args[0]).replace(f"{{{namespace}}}", f"{prefix}:")
        line = err.line_number or None
        return Problem(name, f"does not match the {kind} schema: {message}", _id_on_line(root, line), line)
    return None


def _id_on_line(root: etree._Element, line: int | None) -> str | None:
    return next((el.get("id") for el in root.iter() if el.sourceline == line and el.get("id")), None)


# -- stage 2: what the schema cannot see ----------------------------------------------------


def _scan_bpmn(doc: SourceFile, parsed: ParsedSources, problems: list[Problem]) -> None:
    for process in doc.xpath(".//bpmn:process"):
        _record_process(doc, process, parsed, problems)
    problems += structure.gateway_problems(doc)
    problems += structure.lane_problems(doc, parsed.lane_roles)
    problems += structure.laneless_task_problems(doc)
    problems += structure.data_association_problems(doc)
    problems += foreign_problems(doc)
    problems += _code_problems(doc)


def _record_process(doc: SourceFile, process, parsed: ParsedSources, problems: list[Problem]) -> None:
    pid = process.get("id")
    if pid in parsed.process_files:
        problems.append(
            Problem(
                doc.file,
                f"process '{pid}' is already defined in '{parsed.process_files[pid]}'",
                pid,
                process.sourceline,
            )
        )
        return
    parsed.process_files[pid] = doc.file
    parsed.process_names[pid] = process.get("name") or pid
    if process.get("isExecutable") != "false":  # absent means executable, as in SpiffWorkflow
        parsed.executable.add(pid)
    roles = parsed.lane_roles.get(pid, {})
    parsed.lanes[pid] = sorted(
        {
            roles.get(name, name)
            for lane in doc.xpath(".//bpmn:lane", process)
            if (name := lane.get("name") or "")
        }
    )
    parsed.element_ids[pid] = {element.get("id") for element in process.iter() if element.get("id")}
    parsed.forms[pid] = {}
    for value in doc.xpath(".//spiffworkflow:property[@name='form']/@value", process):
        task = owner_of(value.getparent())
        parsed.forms[pid].setdefault(str(value), (task.get("id"), task.sourceline))
    parsed.calls[pid] = {
        c.get("calledElement") for c in doc.xpath(".//bpmn:callActivity", process) if c.get("calledElement")
    }
    parsed.decisions[pid] = {
        d for task in doc.xpath(".//bpmn:businessRuleTask", process) if (d := _called_decision(doc, task))
    }


def _called_decision(doc: SourceFile, task) -> str | None:
    ids = doc.xpath("bpmn:extensionElements/spiffworkflow:calledDecisionId/text()", task)
    return ids[0].strip() if ids and ids[0].strip() else None


def _code_problems(doc: SourceFile) -> Iterator[Problem]:
    for path, kind, mode, attribute in _BPMN_CODE:
        for element in doc.xpath(path):
            code = element.get(attribute) if attribute else element.text
            if not (code and code.strip()):
                continue
            foreign = foreign_expression(code)
            if foreign:
                yield code_problem(doc, element, kind, foreign, element.sourceline)
                continue
            timer = timer_problem(doc, element, code) if kind == "timer" else None
            if timer:
                yield timer
                continue
            yield from check_code(doc, element, code, kind, mode, multiline=not attribute)


# -- stage 2, across files ------------------------------------------------------------------


def _reference_problems(documents: list[SourceFile], parsed: ParsedSources) -> Iterator[Problem]:
    for doc in (d for d in documents if d.is_bpmn):
        for call in doc.xpath(".//bpmn:callActivity"):
            called = call.get("calledElement")
            if called not in parsed.process_files:
                yield Problem(doc.file, _call_problem(call, called), call.get("id"), call.sourceline)
        for task in doc.xpath(".//bpmn:businessRuleTask"):
            decision = _called_decision(doc, task)
            if decision not in parsed.decision_files:
                yield Problem(doc.file, _decision_problem(task, decision), task.get("id"), task.sourceline)


def _call_problem(call, called: str | None) -> str:
    where = f"call activity '{call.get('id')}'"
    if called:
        return f"{where} calls process '{called}', which is not defined in any deployed file"
    zeebe = call.find(f"{{{BPMN_NS}}}extensionElements/{{{ZEEBE}}}calledElement")
    if zeebe is not None:
        return (
            f"{where} names the process it calls in zeebe:calledElement (processId"
            f" '{zeebe.get('processId')}'), which this engine does not read: set its calledElement"
            f" attribute to '{zeebe.get('processId')}'"
        )
    return f"{where} names no process to call: set its calledElement to the id of a deployed process"


def _decision_problem(task, decision: str | None) -> str:
    where = f"business rule task '{task.get('id')}'"
    if decision:
        return f"{where} calls decision '{decision}', which is not defined in any deployed DMN file"
    camunda = task.get(f"{{{CAMUNDA}}}decisionRef")
    if camunda:
        return (
            f"{where} names its decision with camunda:decisionRef ('{camunda}'), which this engine"
            f" does not read: name it with spiffworkflow:calledDecisionId ('{camunda}')"
        )
    return f"{where} names no decision: set spiffworkflow:calledDecisionId to the id of a DMN decision"


# -- stage 3: SpiffWorkflow's own parser ----------------------------------------------------


def _spiff_problems(documents: list[SourceFile], parser: SpiffBpmnParser) -> list[Problem]:
    lines = {
        (doc.file, el.get("id")): el.sourceline for doc in documents for el in doc.root.iter() if el.get("id")
    }
    problems: list[Problem] = []
    for doc in documents:
        add = parser.add_bpmn_xml if doc.is_bpmn else parser.add_dmn_xml
        _try(lambda doc=doc, add=add: add(doc.root, filename=doc.file), doc.file, lines, problems)
    if problems:
        return problems
    for pid, process_parser in list(parser.process_parsers.items()):
        if not process_parser.process_executable:  # a partner pool: drawn, never run
            continue
        file = process_parser.filename

        def load(pid: str = pid) -> None:
            parser.get_spec(pid)
            parser.get_subprocess_specs(pid)

        _try(load, file, lines, problems)
    for dmn_parser in list(parser.dmn_parsers.values()):
        _try(dmn_parser.parse, dmn_parser.filename, lines, problems)
    return problems


def _try(action, file: str, lines: dict, problems: list[Problem]) -> None:
    """Run one SpiffWorkflow parsing step; what it refuses becomes a located problem."""
    try:
        action()
    except ValidationException as err:
        file = err.file_name or file
        element_id = err.id or None
        line = err.line_number or lines.get((file, element_id))
        problems.append(Problem(file, _readable(str(err.args[0])), element_id, line))
    except Exception as err:  # SpiffWorkflow raises plain errors on some malformed input
        problems.append(Problem(file, f"SpiffWorkflow cannot parse this file: {_readable(str(err))}"))


_ELEMENT_REPR = re.compile(r"<Element \{[^}]*\}(\w+) at 0x[0-9a-fA-F]+>")
_EXCEPTION_REPR = re.compile(r"^\w+(?:Error|Exception)\((['\"])(.*)\1\)$", re.DOTALL)


def _readable(message: str) -> str:
    """SpiffWorkflow's message without Python's internals (``<Element … at 0x7f…>``, ``KeyError('x')``)."""
    message = _ELEMENT_REPR.sub(lambda found: f"<{found.group(1)}>", message)
    wrapped = _EXCEPTION_REPR.match(message)
    return wrapped.group(2) if wrapped else message
