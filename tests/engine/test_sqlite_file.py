"""Issue 13 (10): the SQLite file the application opened is never silently replaced by a new
empty one — renaming or deleting it while the server runs is a clear error on the next
connection, and no empty database appears in its place."""

from __future__ import annotations

import shutil

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from engine.database import make_engine


@pytest.fixture
def opened(tmp_path, sqlite_template):
    path = tmp_path / "yijiao.db"
    shutil.copy(sqlite_template, path)
    db_engine = make_engine(f"sqlite:///{path}")
    with db_engine.connect() as connection:
        connection.execute(text("SELECT 1"))
    yield path, db_engine
    db_engine.dispose()


def fresh_connection(db_engine):
    db_engine.dispose()  # the pool's connections are gone: the next one opens the file again
    with db_engine.connect() as connection:
        return connection.execute(text("SELECT count(*) FROM audit_event")).scalar()


def test_a_renamed_database_file_is_an_error_not_a_new_empty_database(opened, tmp_path):
    path, db_engine = opened
    path.rename(tmp_path / "moved.db")
    with pytest.raises(OperationalError, match="不存在或已被移走"):
        fresh_connection(db_engine)
    assert not path.exists()


def test_a_replaced_database_file_is_an_error(opened, sqlite_template):
    path, db_engine = opened
    path.unlink()
    shutil.copy(sqlite_template, path)  # another file under the same name
    with pytest.raises(OperationalError, match="已被替换"):
        fresh_connection(db_engine)


def test_the_file_itself_keeps_working(opened):
    _path, db_engine = opened
    assert fresh_connection(db_engine) == 0
