"""Fitting names into boxes: Chinese wraps between any two characters, except that closing
punctuation never starts a line and opening punctuation never ends one (避头尾)."""

from __future__ import annotations

import unicodedata

FONT_FAMILY = '"Noto Sans CJK SC", sans-serif'
NOT_AT_LINE_START = set("）)]】」』》〉”’、，。：；？！,.:;?!%…")
NOT_AT_LINE_END = set("（([【「『《〈“‘")
LATIN_WIDTH = 0.58  # of the font size; CJK characters are one em wide


def text_width(text: str, size: float) -> float:
    """Roughly how wide ``text`` is in a CJK sans-serif face at ``size`` px."""
    return sum(size if unicodedata.east_asian_width(c) in "WF" else size * LATIN_WIDTH for c in text)


def wrap(text: str, width: float, size: float) -> list[str]:
    """Lines of at most ``width`` px (a line keeps one character however narrow the box)."""
    lines: list[str] = []
    line = ""
    for char in " ".join(text.split()):
        if line and text_width(line + char, size) > width and char not in NOT_AT_LINE_START:
            lines.append(line)
            line = ""
        line += char
    if line:
        lines.append(line)
    return _keep_openers_with_next(lines)


def balanced(text: str, width: float, size: float) -> list[str]:
    """As few lines as ``wrap`` gives, but as even as can be: no lone character on the last line."""
    lines = wrap(text, width, size)
    narrower = width
    while len(lines) > 1 and len(wrap(text, narrower - size / 2, size)) == len(lines):
        narrower -= size / 2
    return wrap(text, narrower, size) if narrower < width else lines


def _keep_openers_with_next(lines: list[str]) -> list[str]:
    """An opening bracket at a line's end moves down to the word it opens."""
    for index in range(len(lines) - 1):
        while len(lines[index]) > 1 and lines[index][-1] in NOT_AT_LINE_END:
            lines[index + 1] = lines[index][-1] + lines[index + 1]
            lines[index] = lines[index][:-1]
    return [line.strip() for line in lines if line.strip()]


def fit(
    text: str, width: float, height: float, sizes: tuple[float, ...] = (12, 11, 10)
) -> tuple[list[str], float]:
    """The lines and font size that fit ``text`` into the box: the largest size whose lines fit,
    else the smallest size with the last line cut short (…)."""
    for size in sizes:
        lines = balanced(text, width, size)
        if len(lines) * line_height(size) <= height:
            return lines, size
    size = sizes[-1]
    room = max(1, int(height // line_height(size)))
    lines = wrap(text, width, size)
    if len(lines) > room:
        lines = lines[:room]
        lines[-1] = lines[-1][:-1] + "…"
    return lines, size


def line_height(size: float) -> float:
    return round(size * 1.25, 2)
