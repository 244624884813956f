"""Rows that repeat an earlier row's ID number (身份证号与第 N 行重复), in a file of any size.

The ID numbers met so far, each with the row it was first met on, are kept in a scratch SQLite
database rather than a dict: it stays in SQLite's page cache (2 MB at most) and spills to a
temporary file beyond, so a 100k-row roster costs no more memory than a 10k-row one (as a dict,
about 130 bytes a row: 13 MB at 100k rows). One lasts for one run of an import; a run that resumes
an interrupted import notes the rows it passes, so repeats of rows imported before are still found.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import islice

from engine.registry.rosters.scratch import scratch_database

#: ID numbers looked up by one query (well below SQLite's limit on bound parameters)
_LOOKUP = 500


class FirstRows:
    """Where each ID number of a file first appeared."""

    def __init__(self) -> None:
        self._db = scratch_database()
        self._db.execute("CREATE TABLE first_row (id_number TEXT PRIMARY KEY, row INTEGER) WITHOUT ROWID")

    def note(self, rows: Iterable[tuple[int, str]]) -> dict[str, int]:
        """Note ``(row, id_number)`` pairs, in file order; the first row of each of these ID
        numbers (an earlier one, or the row noted here)."""
        rows = list(rows)
        with self._db:  # one transaction
            self._db.executemany("INSERT OR IGNORE INTO first_row (row, id_number) VALUES (?, ?)", rows)
        id_numbers = iter({id_number for _row, id_number in rows})
        first: dict[str, int] = {}
        while some := list(islice(id_numbers, _LOOKUP)):
            marks = ", ".join("?" * len(some))
            query = f"SELECT id_number, row FROM first_row WHERE id_number IN ({marks})"
            first.update(self._db.execute(query, some))
        return first

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> FirstRows:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()
