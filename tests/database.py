"""Wiping the PostgreSQL test database, shared by the test fixtures and the benchmarks."""

from __future__ import annotations

from sqlalchemy import Engine, text

from engine.database import Base
from engine.migrate import upgrade


def recreate_schema(db_engine: Engine) -> None:
    """Drop everything in ``public`` and migrate from scratch."""
    with db_engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    upgrade(db_engine)


def truncate_all(db_engine: Engine) -> None:
    """Empty every table (the audit triggers do not fire on TRUNCATE)."""
    tables = ", ".join(table.name for table in Base.metadata.sorted_tables)
    with db_engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
