"""Shared fixtures: a migrated database (SQLite always, PostgreSQL when TEST_DATABASE_URL is set),
an engine on a settable clock, and the officials of a small hand-over."""

from __future__ import annotations

import contextlib
import os
import shutil
from datetime import datetime
from pathlib import Path

import pytest

import forms
from engine import Actor, Engine, SettableClock
from engine.database import make_engine, make_session_factory
from engine.listeners import declared_dependencies, domain_listeners, shown_task_data
from engine.migrate import upgrade
from engine.workflow.bundle_forms import FormSource
from engine.workflow.deadlines import CHINA_TZ
from tests.database import per_worker_database, recreate_schema, truncate_all
from tests.passwords import CHEAP_METHOD

FIXTURES = Path(__file__).parent / "fixtures"
TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL")

# Every app a test makes hashes new passwords cheaply; tests/web/test_password_hashing.py holds the
# production default (scrypt) in place.
os.environ.setdefault("YIJIAO_PASSWORD_HASH_METHOD", CHEAP_METHOD)

DATABASES = [
    "sqlite",
    pytest.param(
        "postgresql", marks=pytest.mark.skipif(not TEST_DATABASE_URL, reason="TEST_DATABASE_URL not set")
    ),
]


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    """A migrated SQLite file, copied for each test (migrating once is the slow part)."""
    path = tmp_path_factory.mktemp("template") / "template.db"
    db_engine = make_engine(f"sqlite:///{path}")
    upgrade(db_engine)
    db_engine.dispose()
    return path


@pytest.fixture(scope="session")
def postgresql_engine(worker_id):
    """The PostgreSQL test database, wiped and migrated once per test run; under pytest-xdist each
    worker has a database of its own (``test_gw0``, ``test_gw1``…) made beside it."""
    db_engine = make_engine(per_worker_database(TEST_DATABASE_URL, worker_id))
    recreate_schema(db_engine)
    yield db_engine
    db_engine.dispose()


@pytest.fixture(params=DATABASES)
def db_engine(request, tmp_path, sqlite_template):
    if request.param == "sqlite":
        path = tmp_path / "yijiao.db"
        shutil.copy(sqlite_template, path)
        db_engine = make_engine(f"sqlite:///{path}")
        yield db_engine
        db_engine.dispose()
        return
    db_engine = request.getfixturevalue("postgresql_engine")
    truncate_all(db_engine)
    yield db_engine


@pytest.fixture
def session_factory(db_engine):
    return make_session_factory(db_engine)


@pytest.fixture
def tx(session_factory):
    """``with tx() as session:`` — one transaction, committed at the end of the block."""

    @contextlib.contextmanager
    def transaction():
        with session_factory() as session, session.begin():
            yield session

    return transaction


@pytest.fixture
def clock() -> SettableClock:
    return SettableClock(datetime(2017, 3, 1, 9, 0, tzinfo=CHINA_TZ))


def _test_form(key: str) -> bytes | None:
    """The application's forms, and those of the engine's test fixtures (``sample_roster``)."""
    fixture = FIXTURES / "engine" / f"{key}.json"
    return fixture.read_bytes() if fixture.is_file() else forms.library_text(key)


#: the engine's tests version forms as the application does, with the fixtures' forms too
TEST_FORMS = FormSource(library=_test_form, check=forms.validate_text)


@pytest.fixture
def engine(clock) -> Engine:
    return Engine(
        clock=clock,
        listeners=domain_listeners(),
        shown_data=shown_task_data,
        dependencies=declared_dependencies,
        form_source=TEST_FORMS,
    )


class Officials:
    """One official per organisation of a small hand-over, and the case's parties."""

    enterprise = Actor("zhang.wei", "org-enterprise-coal")
    county = Actor("li.na", "org-county-jinshui")
    county2 = Actor("wang.fang", "org-county-zhongyuan")
    supervisor = Actor("zhao.lei", "org-supervisor-henan")
    enterprise_viewer = Actor("chen.jie", "org-enterprise-coal", frozenset({"viewer"}))

    parties = {
        "enterprise": "org-enterprise-coal",
        "receiving_government": "org-county-jinshui",
        "supervisor": "org-supervisor-henan",
    }


@pytest.fixture
def officials() -> type[Officials]:
    return Officials
