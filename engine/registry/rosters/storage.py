"""The uploaded file of a roster import, kept in the database in parts (``RosterFilePart``) and
read back into a temporary file: an import never holds the whole file in memory, however large."""

from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Iterator
from typing import IO

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from engine.registry.retirees import RosterFilePart

#: bytes a part holds (the last one fewer)
PART_SIZE = 1 << 20
#: a file read back stays in memory up to this size, in a temporary file on disk beyond it
IN_MEMORY = 1 << 20


def sha256_of(file: IO[bytes]) -> str:
    """The file's SHA-256 (hex), read from its start."""
    digest = hashlib.sha256()
    for chunk in _chunks(file):
        digest.update(chunk)
    return digest.hexdigest()


def store(session: Session, import_id: int, file: IO[bytes]) -> None:
    """Store the file, from its start, as the import's parts."""
    for part, chunk in enumerate(_chunks(file)):
        # a Core insert: ORM objects would keep every part in the session until the commit
        session.execute(insert(RosterFilePart).values(import_id=import_id, part=part, content=chunk))


def read(session: Session, import_id: int) -> IO[bytes]:
    """The import's file, copied part by part into a temporary file, at its start (the caller
    closes it)."""
    file = tempfile.SpooledTemporaryFile(max_size=IN_MEMORY)
    part = 0
    query = select(RosterFilePart.content).where(RosterFilePart.import_id == import_id)
    while (content := session.scalar(query.where(RosterFilePart.part == part))) is not None:
        file.write(content)
        part += 1
    file.seek(0)
    return file


def _chunks(file: IO[bytes]) -> Iterator[bytes]:
    file.seek(0)
    while chunk := file.read(PART_SIZE):
        yield chunk
