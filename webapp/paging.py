"""Which page of a list a request asks for: a whole number from 1 to ``MAX_PAGE`` (a page beyond
it is empty anyway, and an OFFSET past 2⁶³ would make the database fail)."""

from __future__ import annotations

MAX_PAGE = 100_000


def page_number(args, key: str = "page") -> int:
    """``args[key]`` as a page number; 1 for anything that is not a positive whole number."""
    raw = str(args.get(key) or "")
    if not (raw.isascii() and raw.isdigit()):
        return 1
    return min(max(int(raw[:12]), 1), MAX_PAGE)


def positive_number(args, name: str, default: int, problems: dict[str, list[str]]) -> int:
    """``args[name]`` as a positive whole number (``default`` when absent); a bad value is named
    in ``problems`` and the default used, never half-applied."""
    raw = str(args.get(name) or "")
    if not raw:
        return default
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 12 or int(raw) < 1:
        problems[name] = ["必须是正整数"]
        return default
    return int(raw)
