"""A printed list's columns and rows (人员名单): declared once, read from the registry as a stream.

A ``Listing`` never holds its rows: ``rows()`` reads them again each time it is called (the PDF
reads them twice — once to lay out its pages, once to print them — and the xlsx once), so a
county of 20,000 people costs the memory of one batch of registry rows, not of 20,000.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Column:
    """One column of a printed list. ``header`` and cells break their line at ``\\n``; ``width``
    is a length in mm fitted to the landscape page; ``css_class`` is ``left`` for text read along
    the line (names of places, addresses), centred otherwise."""

    key: str
    header: str
    width: str
    format: Callable[[Any], str]
    css_class: str = ""

    @property
    def millimetres(self) -> float:
        return float(self.width.removesuffix("mm"))

    def layout(self) -> dict[str, str]:
        """What a document's layout takes of the column: plain data, so the input hash of a
        document changes when a heading or width does (a formatter has no stable text to hash)."""
        return {"key": self.key, "header": self.header, "width": self.width, "css_class": self.css_class}


@dataclass(frozen=True)
class Listing:
    """A list's columns and its rows: ``entries()`` streams what the rows are written from
    (registry rows, form entries) anew at each call; ``count`` is how many there are."""

    columns: tuple[Column, ...]
    entries: Callable[[], Iterable[Any]]
    count: int
    #: a hash of what the entries are written from, cheaper than writing them (the registry's
    #: raw rows); None: the rows are hashed as written
    fingerprint: Callable[[], str] | None = None

    def rows(self) -> Iterator[dict[str, str]]:
        """Each row as display strings keyed by column, in the list's order."""
        for entry in self.entries():
            yield {column.key: column.format(entry) for column in self.columns}

    def layout(self) -> list[dict[str, str]]:
        return [column.layout() for column in self.columns]

    def digest(self) -> str:
        """What the input hash of a document takes for its rows: their fingerprint, or SHA-256
        of every cell of every row as printed (streamed, like the rows themselves)."""
        if self.fingerprint is not None:
            return self.fingerprint()
        digest = hashlib.sha256()
        for row in self.rows():
            digest.update("\x1f".join(row.values()).encode("utf-8"))
            digest.update(b"\x1e")
        return digest.hexdigest()

    def as_hashed(self) -> dict[str, Any]:
        """The listing as a document's input hash sees it: columns, count and the rows' digest."""
        return {"columns": self.layout(), "count": self.count, "rows": self.digest()}
