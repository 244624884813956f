"""The Alembic migrations build exactly the schema the models describe."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from engine.database import Base
from engine.migrate import upgrade


def test_migrations_match_the_models(db_engine):
    with db_engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert differences == []


def test_upgrading_an_up_to_date_database_changes_nothing(db_engine):
    upgrade(db_engine)
    upgrade(db_engine)
