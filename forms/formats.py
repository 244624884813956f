"""The formats our forms use — 身份证号, 区划代码, 日期, 电话 — registered on a
``jsonschema.FormatChecker`` so that ``"format"`` is enforced, not just an annotation.

The checks themselves are the engine's (``engine.formats``), so that a form and a roster row
judge a value alike; the problem message travels to the official as the error's ``cause``.
"""

from __future__ import annotations

from collections.abc import Callable

from jsonschema import FormatChecker

from engine.policy.formats import PROBLEMS, problem

__all__ = ["FORMAT_CHECKER", "PROBLEMS", "FormatProblem", "format_checker", "problem"]


class FormatProblem(ValueError):
    """A value that does not have its field's format; ``str()`` is the Chinese message."""


def _check_with(find_problem: Callable[[str], str | None]) -> Callable[[object], bool]:
    def check(instance: object) -> bool:
        if not isinstance(instance, str):
            return True  # "type" reports values of the wrong type
        message = find_problem(instance)
        if message:
            raise FormatProblem(message)
        return True

    return check


def format_checker() -> FormatChecker:
    """A checker that knows exactly our formats (none of jsonschema's own, so none is lax)."""
    checker = FormatChecker(formats=())
    for name, find_problem in PROBLEMS.items():
        checker.checks(name, raises=FormatProblem)(_check_with(find_problem))
    return checker


FORMAT_CHECKER = format_checker()
