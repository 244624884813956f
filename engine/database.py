"""Database plumbing: the declarative base, a UTC datetime type, engines and sessions."""

from __future__ import annotations

import sqlite3
import threading
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import ColumnElement, DateTime, Engine, create_engine, event, make_url
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
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
        path = make_url(url).database
        if path and path != ":memory:" and "creator" not in kwargs:
            kwargs["creator"] = _SqliteFile(Path(path), kwargs.pop("connect_args")["timeout"]).connect
        db_engine = create_engine(url, **kwargs)
        event.listen(db_engine, "connect", _sqlite_pragmas)
        event.listen(db_engine, "begin", _sqlite_begin)
        event.listen(db_engine, "checkin", _sqlite_checkin)
        return db_engine
    # No pre-ping: it costs a round trip on every checkout (a tenth of a completion here).
    # A connection dropped by a server restart fails one request, and the pool replaces it.
    kwargs.setdefault("pool_recycle", 3600)
    return create_engine(url, **kwargs)


class DatabaseFileGone(sqlite3.OperationalError):
    """The SQLite file this application opened is missing or was replaced while it ran."""


class _SqliteFile:
    """Opens a SQLite file, creating it only if it did not exist when the application first
    connected: once it exists, a connection opens it read-write without create mode, and the
    file must be the one first opened (same inode). Renaming or deleting the live file used to
    give every new connection a fresh empty database (and lost the WAL's committed work)."""

    def __init__(self, path: Path, timeout: float):
        self.path, self.timeout = path, timeout
        self.inode: int | None = None
        self.lock = threading.Lock()

    def connect(self) -> sqlite3.Connection:
        with self.lock:
            if self.inode is None:
                connection = sqlite3.connect(str(self.path), timeout=self.timeout, check_same_thread=False)
                self.inode = self.path.stat().st_ino
                return connection
        try:
            uri = f"file:{self.path.resolve().as_posix()}?mode=rw"
            connection = sqlite3.connect(uri, uri=True, timeout=self.timeout, check_same_thread=False)
        except sqlite3.OperationalError:
            raise DatabaseFileGone(f"数据库文件 {self.path} 不存在或已被移走：请恢复该文件后重启") from None
        if self.path.stat().st_ino != self.inode:
            connection.close()
            raise DatabaseFileGone(f"数据库文件 {self.path} 已被替换：请恢复原文件后重启")
        return connection


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    # Let SQLAlchemy, not the sqlite3 module, decide where transactions begin: without this
    # pysqlite defers BEGIN on its own and savepoints (begin_nested) misbehave.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


#: connection execution option: how a SQLite transaction begins (``DEFERRED`` for read-only work)
SQLITE_BEGIN = "sqlite_begin"
#: per thread, the SQLite connections it began transactions on (pruned as they end)
_began = threading.local()


def _sqlite_begin(connection) -> None:
    # IMMEDIATE takes the write lock at BEGIN, where SQLite waits out the busy timeout. A deferred
    # transaction that reads first and writes later cannot wait: if another connection committed
    # since its read, its snapshot is stale and the write fails at once ("database is locked").
    raw = connection.connection.driver_connection
    mode = connection.get_execution_options().get(SQLITE_BEGIN) or _default_begin(raw)
    connection.exec_driver_sql(f"BEGIN {mode}")


def _default_begin(raw: sqlite3.Connection) -> str:
    """IMMEDIATE, unless this thread is inside another transaction on the database: a second
    session opened meanwhile (to read a setting, say) would wait for the first, which waits for it.
    It begins deferred, as every transaction did before, and can read."""
    open_ones = [c for c in getattr(_began, "connections", []) if c is not raw and _in_transaction(c)]
    _began.connections = [*open_ones, raw]
    return "DEFERRED" if open_ones else "IMMEDIATE"


def _sqlite_checkin(dbapi_connection, _record) -> None:
    # back in the pool, the connection may next serve another thread
    connections = getattr(_began, "connections", [])
    _began.connections = [c for c in connections if c is not dbapi_connection]


def _in_transaction(raw: sqlite3.Connection) -> bool:
    try:
        return raw.in_transaction
    except sqlite3.ProgrammingError:  # closed
        return False


def read_only(session: Session) -> Session:
    """Mark the session's coming transaction as one that only reads: on SQLite it begins deferred,
    without the write lock, so it neither waits for writers nor makes them wait. Call it before
    the transaction's first statement; a write in it may then fail as "database is locked"."""
    session.connection(execution_options={SQLITE_BEGIN: "DEFERRED"})
    return session


def snapshot(session: Session) -> Session:
    """``read_only``, and every statement of the transaction sees the same data: PostgreSQL's
    REPEATABLE READ (SQLite's transactions always do). For a long document read twice over —
    once to lay out its pages, once to print them — which must find the same rows both times."""
    options: dict[str, str] = {SQLITE_BEGIN: "DEFERRED"}
    if is_postgresql(session.get_bind()):
        options["isolation_level"] = "REPEATABLE READ"
    session.connection(execution_options=options)
    return session


def make_session_factory(db_engine: Engine) -> sessionmaker:
    """Sessions that keep loaded objects usable after commit (we return them to callers)."""
    return sessionmaker(db_engine, expire_on_commit=False)


def is_postgresql(db_engine: Engine) -> bool:
    return db_engine.dialect.name == "postgresql"


def contains(column, text: str) -> ColumnElement[bool]:
    """``column`` contains ``text`` literally: ``%``, ``_`` and ``\\`` in it are plain characters."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return column.like(f"%{escaped}%", escape="\\")
