"""Wiping the PostgreSQL test database, shared by the test fixtures and the benchmarks."""

from __future__ import annotations

from sqlalchemy import Engine, create_engine, make_url, text

from engine.database import Base
from engine.migrate import upgrade


def recreate_schema(db_engine: Engine) -> None:
    """Drop everything in ``public`` and migrate from scratch."""
    with db_engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    upgrade(db_engine)


def truncate_all(db_engine: Engine) -> None:
    """Empty every table between tests. The audit log refuses TRUNCATE (revision 0010): the test
    database's superuser sets the session's replication role, under which no trigger fires."""
    tables = ", ".join(table.name for table in Base.metadata.sorted_tables)
    with db_engine.begin() as connection:
        connection.execute(text("SET LOCAL session_replication_role = replica"))
        connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))


def per_worker_database(url: str, worker_id: str) -> str:
    """``url`` itself for a run without workers, else a database named after the worker beside
    it, created when missing (the server's other databases are left alone)."""
    if worker_id == "master":
        return url
    base = make_url(url)
    name = f"{base.database}_{worker_id}"
    server = create_engine(base, isolation_level="AUTOCOMMIT")
    try:
        with server.connect() as connection:
            exists = connection.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name})
            if not exists:
                connection.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        server.dispose()
    return base.set(database=name).render_as_string(hide_password=False)
