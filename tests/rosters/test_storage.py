"""The uploaded file is stored in parts and read back whole, byte for byte, without holding it all."""

from __future__ import annotations

import hashlib
import io

import pytest
from sqlalchemy import select

from engine.registry.retirees import RosterFilePart
from engine.registry.rosters import start_import, storage

from .conftest import ENTERPRISE, TODAY

pytestmark = pytest.mark.usefixtures("enterprises")


@pytest.mark.parametrize("size", [0, 7, 10, 25])
def test_a_file_is_stored_in_parts_and_read_back_the_same(session_factory, monkeypatch, size):
    monkeypatch.setattr(storage, "PART_SIZE", 10)
    content = bytes(range(size))
    with session_factory() as session, session.begin():
        import_id = start_import(session, ENTERPRISE, "a.csv", io.BytesIO(content), "tester", TODAY).id
    with session_factory() as session:
        parts = session.scalars(select(RosterFilePart.content).where(RosterFilePart.import_id == import_id))
        assert [len(part) for part in parts] == [10] * (size // 10) + ([size % 10] if size % 10 else [])
        with storage.read(session, import_id) as file:
            assert file.read() == content


def test_a_file_larger_than_memory_allows_is_read_back_through_a_temporary_file(session_factory, monkeypatch):
    monkeypatch.setattr(storage, "IN_MEMORY", 100)
    content = b"x" * 1000
    with session_factory() as session, session.begin():
        import_id = start_import(session, ENTERPRISE, "a.csv", content, "tester", TODAY).id
    with session_factory() as session, storage.read(session, import_id) as file:
        assert file._rolled and file.read() == content


def test_the_file_s_hash_is_that_of_the_whole_file(session_factory):
    content = b"\xef\xbb\xbf" + "姓名\n".encode() * 1000
    with session_factory() as session, session.begin():
        roster_import = start_import(session, ENTERPRISE, "a.csv", io.BytesIO(content), "tester", TODAY)
        assert roster_import.sha256 == hashlib.sha256(content).hexdigest()
