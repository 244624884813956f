"""Safe scripts for BPMN: an AST allow-list checked at deploy and again before every run.

SpiffWorkflow runs script tasks, gateway conditions, timer expressions and DMN cells with
``eval``/``exec``; restricted ``__builtins__`` alone is no sandbox
(``().__class__.__base__.__subclasses__()`` reaches ``os``). So every piece of code is parsed
and checked first, and then runs with restricted builtins.

What a script may contain (anything else is refused):

- expressions: literals, names, arithmetic, comparisons, boolean operators, ``x if c else y``,
  subscripts and slices, f-strings, comprehensions, ``lambda``, ``:=``;
- statements: assignment (plain and augmented, not annotated), ``del``, ``assert``, ``if``,
  ``for``, ``while``, ``break``, ``continue``, ``pass``.

Refused: ``def``, ``class``, ``import``, ``global``/``nonlocal``, ``with``, ``try``, ``raise``
(scripts have no exception types to raise or catch), ``return``/``yield``/``await``, ``match``,
annotated assignment, assigning to attributes.

Names and attributes starting with ``_`` are refused (``__import__``, ``__class__``,
``__builtins__``; a lone ``_`` name is fine), as are reflective attributes (``format``, ``mro``,
frame and code objects) and the names of dangerous builtins even when not called
(``sorted(x, key=open)``). A bare name may be called only if it is a safe builtin or helper, or
was bound to a lambda in the same script; method calls (``d.get(k)``, ``s.strip()``) are
allowed. Expressions (``mode="eval"``) may not call methods that modify data in place
(``append``, ``update`` ...): gateway conditions and DMN cells run on the task's own data, which
is shared with completed tasks (scripts run on a deep copy).

Resource use (``while True: pass``, ``10 ** 10 ** 10``) is not guarded here.
"""

from __future__ import annotations

import ast
import builtins
import copy
import functools
from collections.abc import Iterator, Mapping
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from SpiffWorkflow.bpmn.exceptions import WorkflowTaskException
from SpiffWorkflow.bpmn.script_engine import PythonScriptEngine, TaskDataEnvironment

from engine.policy import rules

_SAFE_BUILTIN_NAMES = (
    "abs all any bool dict divmod enumerate filter float int isinstance len list map max min "
    "range reversed round set sorted str sum tuple zip"
).split()

#: The builtins scripts run with: pure functions and constructors of plain data.
SAFE_BUILTINS: dict[str, Any] = {name: getattr(builtins, name) for name in _SAFE_BUILTIN_NAMES}

#: Globals every script may use besides the builtins.
HELPERS: dict[str, Any] = {
    "date": date,
    "datetime": datetime,
    "timedelta": timedelta,
    "Decimal": Decimal,
    # the policy's rules (engine/policy/rules.py)
    "group_roster": rules.group_roster,
    "group_tallies": rules.group_tallies,
    "destination_of": rules.destination_of,
    "count_management_staff": rules.count_management_staff,
    "community_size_ok": rules.community_size_ok,
    "management_fee": rules.management_fee,
    "instalment_plan": rules.instalment_plan,
    "list_milestones": rules.list_milestones,
}

#: Bare names a script may call.
ALLOWED_CALLS: frozenset[str] = frozenset(SAFE_BUILTINS) | frozenset(HELPERS)

_STATEMENTS = (
    ast.Module,
    ast.Expression,
    ast.Assign,
    ast.AugAssign,
    ast.Delete,
    ast.Assert,
    ast.Expr,
    ast.If,
    ast.For,
    ast.While,
    ast.Break,
    ast.Continue,
    ast.Pass,
)
_EXPRESSIONS = (
    ast.BoolOp,
    ast.NamedExpr,
    ast.BinOp,
    ast.UnaryOp,
    ast.Lambda,
    ast.IfExp,
    ast.Dict,
    ast.Set,
    ast.ListComp,
    ast.SetComp,
    ast.DictComp,
    ast.GeneratorExp,
    ast.Compare,
    ast.Call,
    ast.FormattedValue,
    ast.JoinedStr,
    ast.Constant,
    ast.Attribute,
    ast.Subscript,
    ast.Starred,
    ast.Name,
    ast.List,
    ast.Tuple,
    ast.Slice,
    ast.comprehension,
    ast.arguments,
    ast.arg,
    ast.keyword,
)
_OPERATORS = (
    ast.expr_context,
    ast.boolop,
    ast.operator,
    ast.unaryop,
    ast.cmpop,
)
_ALLOWED_NODES = _STATEMENTS + _EXPRESSIONS + _OPERATORS

_REFUSED_NODE_NAMES = {
    ast.Import: "import statements",
    ast.ImportFrom: "import statements",
    ast.FunctionDef: "function definitions",
    ast.AsyncFunctionDef: "function definitions",
    ast.ClassDef: "class definitions",
    ast.Global: "global statements",
    ast.Nonlocal: "nonlocal statements",
    ast.With: "with statements",
    ast.AsyncWith: "with statements",
    ast.Try: "try statements",
    ast.TryStar: "try statements",
    ast.Raise: "raise statements",
    ast.Return: "return statements",
    ast.Yield: "yield expressions",
    ast.YieldFrom: "yield expressions",
    ast.Await: "await expressions",
    ast.AnnAssign: "annotated assignments",
    ast.Match: "match statements",
}

#: Builtins that reach code, files or object internals: refused even as plain names. Others
#: outside SAFE_BUILTINS (``type``, ``id``) may be task-data keys; calling them is refused.
_DENIED_NAMES = frozenset(
    "open eval exec compile getattr setattr delattr globals locals vars breakpoint input".split()
)
#: Reflective attributes; frames, code objects and tracebacks lead back to real globals.
_DENIED_ATTRIBUTES = frozenset("format format_map mro register".split())
_DENIED_ATTRIBUTE_PREFIXES = ("_", "gi_", "cr_", "ag_", "f_", "tb_", "co_", "func_", "im_")
#: Methods that change a container in place: refused in expressions.
_MUTATING_METHODS = frozenset(
    "append extend insert pop popitem remove clear update setdefault sort reverse add discard "
    "difference_update intersection_update symmetric_difference_update".split()
)


class UnsafeScript(ValueError):
    """A script or expression that the allow-list refuses; ``line`` is within the script."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.line = line


class ScriptSyntaxError(UnsafeScript):
    """A script or expression that is not valid Python."""


def check_script(source: str, mode: str = "exec", allowed_calls: frozenset[str] = ALLOWED_CALLS) -> None:
    """Raise ``UnsafeScript`` (for the earliest offending line) unless ``source`` is allowed."""
    if not isinstance(source, str):  # eval() would also run a code object, unchecked
        raise UnsafeScript(f"a script must be text, not {type(source).__name__}")
    refusal = _refusal(source, mode, frozenset(allowed_calls))
    if refusal is not None:
        message, line, is_syntax = refusal
        raise (ScriptSyntaxError if is_syntax else UnsafeScript)(message, line)


@functools.lru_cache(maxsize=4096)
def _refusal(source: str, mode: str, allowed_calls: frozenset[str]) -> tuple | None:
    """(message, line, is_syntax_error) for the first refused construct, or None; cached."""
    try:  # eval() skips leading spaces and tabs, ast.parse does not
        tree = ast.parse(source.lstrip(" \t") if mode == "eval" else source, mode=mode)
    except SyntaxError as err:
        return f"syntax error: {err.msg}", err.lineno, True
    callable_names = allowed_calls | _lambda_names(tree)
    found = [
        (getattr(node, "lineno", 1), reason)
        for node in ast.walk(tree)
        for reason in _reasons(node, mode, callable_names)
    ]
    if not found:
        return None
    line, reason = min(found, key=lambda item: item[0])
    return reason, line, False


def _lambda_names(tree: ast.AST) -> frozenset[str]:
    """Names the script binds to a lambda (``key = lambda r: r["county"]``)."""
    return frozenset(
        target.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Lambda)
        for target in node.targets
        if isinstance(target, ast.Name)
    )


def _reasons(node: ast.AST, mode: str, callable_names: frozenset[str]) -> Iterator[str]:
    """Why this one node is refused (nothing if it is allowed)."""
    if not isinstance(node, _ALLOWED_NODES):
        what = _REFUSED_NODE_NAMES.get(type(node), f"'{type(node).__name__}' constructs")
        yield f"{what} are not allowed"
    elif isinstance(node, ast.Name):
        yield from _name_reasons(node.id)
    elif isinstance(node, ast.arg):
        yield from _name_reasons(node.arg)
    elif isinstance(node, ast.Attribute):
        yield from _attribute_reasons(node)
    elif isinstance(node, ast.Call):
        yield from _call_reasons(node, mode, callable_names)


def _is_private(name: str) -> bool:
    return name.startswith("_") and name != "_"


def _name_reasons(name: str) -> Iterator[str]:
    if _is_private(name) or name in _DENIED_NAMES:
        yield f"name '{name}' is not allowed"


def _attribute_reasons(node: ast.Attribute) -> Iterator[str]:
    name = node.attr
    if name in _DENIED_ATTRIBUTES or name.startswith(_DENIED_ATTRIBUTE_PREFIXES):
        yield f"attribute '{name}' is not allowed"
    elif not isinstance(node.ctx, ast.Load):
        yield "assigning to or deleting attributes is not allowed"


def _call_reasons(node: ast.Call, mode: str, callable_names: frozenset[str]) -> Iterator[str]:
    func = node.func
    if isinstance(func, ast.Name):
        if func.id not in callable_names and not _is_private(func.id):  # else "name ..."
            yield f"call to '{func.id}' is not allowed"
    elif isinstance(func, ast.Attribute):
        if mode == "eval" and func.attr in _MUTATING_METHODS:
            yield f"method '{func.attr}' changes data in place; not allowed in an expression"
    else:
        yield "only named functions and methods may be called"


class RestrictedEnvironment(TaskDataEnvironment):
    """Task-data environment whose code always runs with ``SAFE_BUILTINS`` as its builtins.

    This is the run-time layer only; ``RestrictedScriptEngine`` checks the code first.
    """

    def __init__(self, helpers: Mapping[str, Any] | None = None):
        super().__init__({"__builtins__": SAFE_BUILTINS, **HELPERS, **(helpers or {})})

    def evaluate(self, expression: str, context: dict, external_context: dict | None = None):
        """Evaluate over globals, external context and task data; builtins cannot be replaced."""
        scope = {**self.globals, **(external_context or {}), **context}
        scope["__builtins__"] = SAFE_BUILTINS
        return eval(expression, scope)

    def execute(self, script: str, context: dict, external_context: dict | None = None) -> bool:
        """Run ``script`` with ``context`` (task data) as its globals, then strip the globals."""
        context.pop("__builtins__", None)  # planted by submitted data, it would block every run
        external = {k: v for k, v in (external_context or {}).items() if k != "__builtins__"}
        return super().execute(script, context, external)


class RestrictedScriptEngine(PythonScriptEngine):
    """Script engine that checks every script against the allow-list and runs it restricted."""

    def __init__(self, helpers: Mapping[str, Any] | None = None):
        super().__init__(environment=RestrictedEnvironment(helpers))
        self.allowed_calls = ALLOWED_CALLS | frozenset(helpers or {})

    def evaluate(self, task, expression: str, external_context: dict | None = None):
        """Check, then evaluate ``expression`` against the task's data."""
        try:
            check_script(expression, "eval", self.allowed_calls)
        except UnsafeScript as err:
            raise WorkflowTaskException(
                f"Error evaluating expression '{expression}': {err.message}",
                task=task,
                exception=err,
                line_number=err.line,
            ) from err
        return super().evaluate(task, expression, external_context)

    def execute(self, task, script: str, external_context: dict | None = None) -> bool:
        """Check, then run ``script`` on a deep copy of the task's data.

        SpiffWorkflow copies data to child tasks one level deep, so an in-place edit of nested
        data would otherwise rewrite the data of completed tasks.
        """
        task.data = copy.deepcopy(task.data)
        try:
            check_script(script, "exec", self.allowed_calls)
        except UnsafeScript as err:
            wrapped = self.create_task_exec_exception(task, script, err)
            wrapped.line_number, wrapped.error_line = err.line, _line_of(script, err.line)
            raise wrapped from err
        return super().execute(task, script, external_context)


def _line_of(script: str, line: int | None) -> str:
    lines = script.splitlines()
    return lines[line - 1] if line and 0 < line <= len(lines) else ""
