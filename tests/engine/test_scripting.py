"""Scripts in BPMN: refused by the allow-list, restricted at run time, history left alone."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree
from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.bpmn.exceptions import WorkflowTaskException
from SpiffWorkflow.spiff.parser.process import SpiffBpmnParser
from SpiffWorkflow.util.task import TaskState

from engine.workflow.scripting import (
    ALLOWED_CALLS,
    HELPERS,
    SAFE_BUILTINS,
    RestrictedEnvironment,
    RestrictedScriptEngine,
    ScriptSyntaxError,
    UnsafeScript,
    check_script,
)

GOOD = Path(__file__).parent.parent / "fixtures" / "good"

PROCESS = """<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
                  id="scripts" targetNamespace="http://yijiao.example/bpmn">
  <bpmn:process id="scripts" isExecutable="true">
    <bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:scriptTask id="first"><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing>
      <bpmn:script>{first}</bpmn:script>
    </bpmn:scriptTask>
    <bpmn:scriptTask id="second"><bpmn:incoming>f2</bpmn:incoming><bpmn:outgoing>f3</bpmn:outgoing>
      <bpmn:script>{second}</bpmn:script>
    </bpmn:scriptTask>
    <bpmn:endEvent id="end"><bpmn:incoming>f3</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="first" />
    <bpmn:sequenceFlow id="f2" sourceRef="first" targetRef="second" />
    <bpmn:sequenceFlow id="f3" sourceRef="second" targetRef="end" />
  </bpmn:process>
</bpmn:definitions>"""


def workflow(first: str, second: str = "pass", **data) -> BpmnWorkflow:
    """A started two-script workflow (parsed without our checks) on the restricted engine."""
    parser = SpiffBpmnParser()
    xml = PROCESS.format(first=first, second=second).encode()
    parser.add_bpmn_xml(etree.fromstring(xml), filename="scripts.bpmn")
    wf = BpmnWorkflow(parser.get_spec("scripts"), script_engine=RestrictedScriptEngine())
    wf.get_next_task(state=TaskState.READY).data.update(data)
    return wf


def refusal(source: str, mode: str = "exec") -> UnsafeScript:
    with pytest.raises(UnsafeScript) as refused:
        check_script(source, mode)
    return refused.value


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("__import__('os')", "name '__import__' is not allowed"),
        ("open('/etc/passwd')", "call to 'open' is not allowed"),
        ("().__class__.__base__.__subclasses__()", "attribute '__subclasses__' is not allowed"),
        ('"{0.__class__}".format(x)', "attribute 'format' is not allowed"),
        ("'{0.__class__}'.format_map(x)", "attribute 'format_map' is not allowed"),
        ("import os", "import statements are not allowed"),
        ("from os import path", "import statements are not allowed"),
        ("x = __builtins__", "name '__builtins__' is not allowed"),
        ("x = f'{y.__class__}'", "attribute '__class__' is not allowed"),
        ("x = int.mro()", "attribute 'mro' is not allowed"),
        ("x = (g for g in y).gi_frame", "attribute 'gi_frame' is not allowed"),
        ("x = sorted(y, key=open)", "name 'open' is not allowed"),
        ("x = eval('1')", "call to 'eval' is not allowed"),
        ("x = type(y)", "call to 'type' is not allowed"),
        ("def f():\n    pass", "function definitions are not allowed"),
        ("class C:\n    pass", "class definitions are not allowed"),
        ("global x", "global statements are not allowed"),
        ("with y as x:\n    pass", "with statements are not allowed"),
        ("try:\n    x = 1\nexcept:\n    pass", "try statements are not allowed"),
        ("raise y", "raise statements are not allowed"),
        ("x: int = 1", "annotated assignments are not allowed"),
        ("y.county = 'x'", "assigning to or deleting attributes is not allowed"),
    ],
)
def test_unsafe_script_is_refused_with_a_clear_message(source, message):
    assert refusal(source).message == message


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("x = (lambda: 0).__globals__", "attribute '__globals__' is not allowed"),
        ("x = (lambda: __builtins__)", "name '__builtins__' is not allowed"),
        ("x = (lambda f: f('/etc/passwd'))(len)", "only named functions and methods may be called"),
        ("f = lambda: 0\nx = f.__code__", "attribute '__code__' is not allowed"),
        ("x = (lambda _x=open: 0)", "name '_x' is not allowed"),
        ("g = len\nx = g(y)", "call to 'g' is not allowed"),
    ],
)
def test_lambda_escape_is_refused(source, message):
    assert refusal(source).message == message


def test_refusal_names_the_line_within_the_script():
    assert refusal("total = 1\ncount = 2\nimport os").line == 3


def test_syntax_error_is_refused_with_its_line():
    error = refusal("total = 1\ncount = ")
    assert isinstance(error, ScriptSyntaxError) and isinstance(error, ValueError)
    assert error.line == 2


@pytest.mark.parametrize(
    "source",
    [
        'total = sum(r["count"] for r in rows)',
        "data_ok = len(retirees) > 0",
        "due = date(2017, 4, 30)",
        'counties = sorted({r["county"] for r in retirees})',
        'by_county = {c: [r for r in retirees if r["county"] == c] for c in counties}',
        'county = case.get("county", "").strip()',
        'for r in retirees:\n    if r["volumes"] > 2:\n        big += 1\n    else:\n        continue',
        'key = lambda r: r["county"]\nfirst = min(retirees, key=key)\nx = key(first)',
        'fee = Decimal("12.50") * 2\nlabel = f"{fee:.2f}"',
        "del scratch",
        "for _ in range(3):\n    pass",
        'case["county"]["name"] = "x"\nrows.append(1)',
    ],
)
def test_data_script_passes(source):
    check_script(source)


@pytest.mark.parametrize(
    "expression",
    ["approved == True", '"PT1H"', "due_at", " retiree_count < 1000", "x.get('a') in ['M1']"],
)
def test_expression_passes(expression):
    check_script(expression, "eval")


def test_expression_may_not_change_data_in_place():
    assert refusal("rows.append(1) or True", "eval").message == (
        "method 'append' changes data in place; not allowed in an expression"
    )


def test_statement_is_not_an_expression():
    assert isinstance(refusal("x = 1", "eval"), ScriptSyntaxError)


def test_allowed_calls_can_name_engine_helpers():
    check_script("x = fee_for(retirees)", allowed_calls=ALLOWED_CALLS | {"fee_for"})


@pytest.mark.parametrize(
    "name",
    [
        "open",
        "eval",
        "exec",
        "compile",
        "getattr",
        "setattr",
        "type",
        "object",
        "vars",
        "globals",
        "locals",
        "__import__",
        "input",
        "print",
    ],
)
def test_dangerous_builtin_is_not_available(name):
    assert name not in SAFE_BUILTINS


def test_allowed_calls_are_safe_builtins_and_helpers():
    assert ALLOWED_CALLS == set(SAFE_BUILTINS) | set(HELPERS)


def test_builtins_are_restricted_at_run_time_in_eval():
    with pytest.raises(NameError, match="open"):
        RestrictedEnvironment().evaluate("sorted(['/etc/passwd'], key=open)", {})


def test_builtins_are_restricted_at_run_time_in_exec():
    with pytest.raises(NameError, match="open"):
        RestrictedEnvironment().execute("x = sorted(['/etc/passwd'], key=open)", {})


def test_task_data_cannot_replace_the_builtins():
    data = {"__builtins__": {"open": open}}
    with pytest.raises(NameError):
        RestrictedEnvironment().evaluate("sorted(['/etc/passwd'], key=open)", data)


def test_execute_leaves_only_data_behind():
    data = {"retirees": [1, 2]}
    RestrictedEnvironment().execute("count = len(retirees)\nkey = lambda r: r", data)
    assert data == {"retirees": [1, 2], "count": 2}


def test_good_scripts_run_in_a_workflow():
    wf = workflow(
        'total = sum(r["count"] for r in rows)\ndue = date(2017, 4, 30)',
        'counties = sorted({r["county"] for r in rows})\ndata_ok = len(rows) > 0',
        rows=[{"county": "b", "count": 2}, {"county": "a", "count": 3}],
    )
    wf.do_engine_steps()
    assert wf.is_completed()
    assert {k: wf.data[k] for k in ("total", "due", "counties", "data_ok")} == {
        "total": 5,
        "due": __import__("datetime").date(2017, 4, 30),
        "counties": ["a", "b"],
        "data_ok": True,
    }


def test_unsafe_script_fails_at_run_time_even_if_deployed_unchecked():
    wf = workflow("total = 1\nimport os")
    with pytest.raises(WorkflowTaskException) as failed:
        wf.do_engine_steps()
    assert "import statements are not allowed" in str(failed.value)
    assert failed.value.line_number == 2


def test_unsafe_expression_fails_at_run_time():
    wf = workflow("pass")
    task = wf.get_next_task(state=TaskState.READY)
    with pytest.raises(WorkflowTaskException, match="name '__import__' is not allowed"):
        wf.script_engine.evaluate(task, "__import__('os')")


@pytest.mark.parametrize(
    ("expression", "value"),
    [
        ("approved == True", True),
        ('"PT1H"', "PT1H"),
        ("due_at", "2017-04-30T00:00:00"),
        ("date(2017, 4, 30).year", 2017),
    ],
)
def test_engine_evaluates_conditions_and_timer_expressions(expression, value):
    wf = workflow("pass", approved=True, due_at="2017-04-30T00:00:00")
    task = wf.get_next_task(state=TaskState.READY)
    assert wf.script_engine.evaluate(task, expression) == value


def test_in_place_edit_of_nested_data_leaves_history_unchanged():
    wf = workflow('case = {"county": {"name": "a"}}', 'case["county"]["name"] = "x"')
    wf.do_engine_steps()
    [first] = wf.get_tasks(spec_name="first")
    assert first.data["case"] == {"county": {"name": "a"}}
    assert wf.data["case"] == {"county": {"name": "x"}}


def test_dmn_decision_runs_on_the_restricted_engine():
    parser = SpiffBpmnParser()
    parser.add_bpmn_files([str(GOOD / "handover.bpmn"), str(GOOD / "archive.bpmn")])
    parser.add_dmn_files([str(GOOD / "fee.dmn")])
    wf = BpmnWorkflow(
        parser.get_spec("sample_county_handover"),
        parser.get_subprocess_specs("sample_county_handover"),
        script_engine=RestrictedScriptEngine(),
    )
    wf.get_next_task(state=TaskState.READY).data.update(
        retirees=[{"county": "a", "volumes": 1}] * 150, county_kind="rural"
    )
    wf.do_engine_steps()
    [roster] = wf.get_tasks(state=TaskState.READY, manual=True)
    assert roster.data["fee"] == 1500
