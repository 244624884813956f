"""Database plumbing: the declarative base, a UTC datetime type, engines and sessions."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import DateTime, Engine, create_engine, event
from sqlalchemy.orm import DeclarativeBase, sessionmaker
from sqlalchemy.types import TypeDecorator

DEFAULT_URL = "sqlite:///instance/yijiao.db"


class Base(DeclarativeBase):
    """Declarative base of every engine table."""


class UTCDateTime(TypeDecorator):
    """An aware UTC datetime everywhere, stored naive-UTC so SQLite and PostgreSQL agree."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


def normalise_url(url: str) -> str:
    """Accept the ``postgres://`` and ``postgresql://`` spellings deployments use."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def make_engine(url: str = DEFAULT_URL, **kwargs) -> Engine:
    """A SQLAlchemy engine; SQLite gets WAL, foreign keys and a busy timeout."""
    url = normalise_url(url)
    if url.startswith("sqlite"):
        kwargs.setdefault("connect_args", {"timeout": 30})
        db_engine = create_engine(url, **kwargs)
        event.listen(db_engine, "connect", _sqlite_pragmas)
        event.listen(db_engine, "begin", _sqlite_begin)
        return db_engine
    # No pre-ping: it costs a round trip on every checkout (a tenth of a completion here).
    # A connection dropped by a server restart fails one request, and the pool replaces it.
    kwargs.setdefault("pool_recycle", 3600)
    return create_engine(url, **kwargs)


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    # Let SQLAlchemy, not the sqlite3 module, decide where transactions begin: without this
    # pysqlite defers BEGIN on its own and savepoints (begin_nested) misbehave.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _sqlite_begin(connection) -> None:
    connection.exec_driver_sql("BEGIN")


def make_session_factory(db_engine: Engine) -> sessionmaker:
    """Sessions that keep loaded objects usable after commit (we return them to callers)."""
    return sessionmaker(db_engine, expire_on_commit=False)


def is_postgresql(db_engine: Engine) -> bool:
    return db_engine.dialect.name == "postgresql"
