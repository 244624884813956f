"""A private temporary SQLite database for what one run of an import must remember about a file
that may be too large to remember in memory: the ID numbers met so far (``duplicates``), an XLSX
file's shared strings (``xlsx``)."""

from __future__ import annotations

import sqlite3


def scratch_database() -> sqlite3.Connection:
    """A new temporary database on disk, deleted when closed; SQLite keeps it in its page cache
    (2 MB at most) and writes only what does not fit to the file."""
    db = sqlite3.connect("")  # "": a temporary database
    db.execute("PRAGMA journal_mode = OFF")  # nothing to recover: it dies with the run
    db.execute("PRAGMA synchronous = OFF")
    return db
