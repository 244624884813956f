"""How wide text prints in the fonts of a list, read from the font files themselves, so that a
list's pages are laid out in Python before WeasyPrint sees them (``paging``).

WeasyPrint lays out a table cell by cell, about half a millisecond each: a register of 20,000
people is 240,000 cells, minutes of work. Laid out here instead, each printed line of a page is
one line of text whose cells are placed by their measured widths, and WeasyPrint only sets lines.

The widths are the fonts' own advances (fontTools), for the families of a CSS font stack that
fontconfig finds by name — the same files Pango draws with — character by character as Pango
falls back along the stack; with kerning and ligatures off (list.css) a line is as wide as the
sum of its characters. A character no font of the stack has is counted as wide as a CJK one.
"""

from __future__ import annotations

import subprocess
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache

from fontTools.ttLib import TTFont

#: the widest a character no font of the stack has can print (Pango takes it from another font)
UNKNOWN_WIDE, UNKNOWN_NARROW = 1.0, 0.6
#: the blank characters that move the next cell to its place, widest first (all fonts we print
#: in have them: Noto CJK, 宋体/SimSun, AR PL)
SPACERS = ("\u3000", "\u2002", " ")
#: texts whose width and wrapping are remembered, per font stack
CACHED = 8192


@dataclass(frozen=True, eq=False)
class FontMetrics:
    """Advance widths in em of a font stack's characters, first font that has the character first.
    Widths and wraps are remembered (a county's list repeats its places, dates and communities)."""

    families: tuple[str, ...]
    advances: tuple[dict[int, float], ...]

    def char_width(self, char: str) -> float:
        code = ord(char)
        for advances in self.advances:
            width = advances.get(code)
            if width is not None:
                return width
        return UNKNOWN_WIDE if unicodedata.east_asian_width(char) in "WF" else UNKNOWN_NARROW

    @lru_cache(maxsize=CACHED)  # noqa: B019  (the metrics live as long as the process: of_stack)
    def width(self, text: str) -> float:
        """How wide ``text`` prints, in em."""
        return sum(self.char_width(char) for char in text)

    @lru_cache(maxsize=CACHED)  # noqa: B019
    def wrap(self, text: str, room: float) -> tuple[str, ...]:
        """``text`` broken into lines no wider than ``room`` em: at its own line breaks, then
        before the character that would overflow (CJK text breaks anywhere; so, here, does a
        long number, rather than overflow its column)."""
        lines: list[str] = []
        for paragraph in text.split("\n"):
            lines.extend(self._wrapped(paragraph, room))
        return tuple(lines)

    def _wrapped(self, paragraph: str, room: float) -> Iterator[str]:
        if len(paragraph) * UNKNOWN_WIDE <= room:  # no character is wider than a CJK one
            yield paragraph
            return
        start, used = 0, 0.0
        for index, char in enumerate(paragraph):
            width = self.char_width(char)
            if used + width > room and index > start:
                yield paragraph[start:index]
                start, used = index, 0.0
            used += width
        yield paragraph[start:]

    def spacing(self, gap: float) -> tuple[str, float]:
        """Blank characters as close to ``gap`` em wide as they can come (within half the
        narrowest), and how wide they are."""
        text, used = [], 0.0
        for spacer in SPACERS:
            width = self.char_width(spacer)
            if width <= 0:
                continue
            count = int((gap - used) / width + (0.5 if spacer == SPACERS[-1] else 0))
            if count > 0:
                text.append(spacer * count)
                used += count * width
        return "".join(text), used


@cache
def of_stack(families: tuple[str, ...]) -> FontMetrics:
    """The metrics of a CSS font stack (``("宋体", "SimSun", "Noto Serif CJK SC")``): the families
    fontconfig has, in order; read once per process (a CJK font's table takes ~0.3 s)."""
    found = [(family, path) for family in families if (path := _font_file(family)) is not None]
    return FontMetrics(tuple(f for f, _ in found), tuple(_advances(*path) for _, path in found))


def _font_file(family: str) -> tuple[str, int] | None:
    """The file (and face index in a collection) fontconfig has for ``family``, when it has that
    family itself rather than a substitute."""
    answer = subprocess.run(
        ["fc-match", "-f", "%{file}\t%{index}\t%{family}", family],
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    parts = answer.split("\t")
    if len(parts) != 3 or family.casefold() not in {name.strip().casefold() for name in parts[2].split(",")}:
        return None
    return parts[0], int(parts[1] or 0)


def _advances(path: str, index: int) -> dict[int, float]:
    font = TTFont(path, fontNumber=index, lazy=True)
    units = font["head"].unitsPerEm
    metrics = font["hmtx"].metrics
    return {code: metrics[glyph][0] / units for code, glyph in font.getBestCmap().items()}
