"""Bring a database's schema to the newest Alembic revision."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(db_engine: Engine | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if db_engine is not None:
        config.set_main_option("sqlalchemy.url", db_engine.url.render_as_string(hide_password=False))
    return config


def upgrade(db_engine: Engine, revision: str = "head") -> None:
    """Run every migration not yet applied (a no-op on an up-to-date database)."""
    config = alembic_config(db_engine)
    with db_engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
