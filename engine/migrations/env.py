"""Alembic environment: runs on the connection handed over by ``engine.migrate``."""

from alembic import context
from sqlalchemy import engine_from_config, pool

import engine.tables  # noqa: F401  (registers every table on Base.metadata)
from engine.database import Base

config = context.config
target_metadata = Base.metadata


def run_migrations(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    run_migrations(connection)
else:
    connectable = engine_from_config(
        config.get_section(config.config_ini_section, {}), prefix="sqlalchemy.", poolclass=pool.NullPool
    )
    with connectable.connect() as new_connection:
        run_migrations(new_connection)
