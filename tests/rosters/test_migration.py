"""Migrations 0005 (each roster import's file into ``roster_file``) and 0007 (the file in parts,
``roster_file_part``) keep every stored file, both ways."""

from __future__ import annotations

from alembic import command
from sqlalchemy import text

from engine.migrate import alembic_config, upgrade

from .conftest import ENTERPRISE


def _migrate(db_engine, direction, revision: str) -> None:
    config = alembic_config(db_engine)
    with db_engine.begin() as connection:
        config.attributes["connection"] = connection
        direction(config, revision)


def test_files_stored_before_0005_are_kept_in_roster_file_and_back(db_engine):
    _migrate(db_engine, command.downgrade, "0004")
    with db_engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO organisation (id, name, kind, active) VALUES (:id, '企业', 'enterprise', true)"
            ),
            {"id": ENTERPRISE},
        )
        connection.execute(
            text(
                "INSERT INTO roster_import (id, enterprise_org, filename, sha256, content, uploaded_by, "
                "uploaded_at, state, rows_done, accepted, unchanged, rejected, warnings) VALUES (7, :org, "
                "'a.csv', 'x', :content, 'u', '2017-04-01 00:00:00', 'done', 0, 0, 0, '[]', '[]')"
            ),
            {"org": ENTERPRISE, "content": b"\xef\xbb\xbfname\n"},
        )
    _migrate(db_engine, command.upgrade, "0006")
    with db_engine.connect() as connection:
        assert connection.execute(text("SELECT import_id, content FROM roster_file")).all() == [
            (7, b"\xef\xbb\xbfname\n")
        ]
    _migrate(db_engine, command.downgrade, "0004")
    with db_engine.connect() as connection:
        assert connection.execute(text("SELECT content FROM roster_import")).scalar() == b"\xef\xbb\xbfname\n"
    upgrade(db_engine)


def test_files_stored_whole_before_0007_become_part_0_and_are_put_together_again(db_engine):
    _migrate(db_engine, command.downgrade, "0006")
    with db_engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO organisation (id, name, kind, active) VALUES (:id, '企业', 'enterprise', true)"
            ),
            {"id": ENTERPRISE},
        )
        connection.execute(
            text(
                "INSERT INTO roster_import (id, enterprise_org, filename, sha256, uploaded_by, uploaded_at, "
                "state, rows_done, accepted, unchanged, rejected, warnings) VALUES (7, :org, 'a.csv', 'x', "
                "'u', '2017-04-01 00:00:00', 'done', 0, 0, 0, '[]', '[]')"
            ),
            {"org": ENTERPRISE},
        )
        connection.execute(
            text("INSERT INTO roster_file (import_id, content) VALUES (7, :content)"), {"content": b"whole"}
        )
    upgrade(db_engine)
    with db_engine.begin() as connection:
        assert connection.execute(text("SELECT import_id, part, content FROM roster_file_part")).all() == [
            (7, 0, b"whole")
        ]
        connection.execute(
            text("INSERT INTO roster_file_part (import_id, part, content) VALUES (7, 1, :more)"),
            {"more": b" file"},
        )
    _migrate(db_engine, command.downgrade, "0006")
    with db_engine.connect() as connection:
        assert connection.execute(text("SELECT import_id, content FROM roster_file")).all() == [
            (7, b"whole file")
        ]
    upgrade(db_engine)
