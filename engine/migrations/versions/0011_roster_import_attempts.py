"""roster import attempts: runs of an import since it last moved on

Each run of an import counts itself before reading the file and the count goes back to 0 when a
batch is stored; an import whose runs keep dying or running out of time is failed for good once the
count reaches ``webapp.rosters.runner.MAX_ATTEMPTS`` (a crafted file no longer takes the server down
again after every restart).

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("roster_import", sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"))


def downgrade() -> None:
    # not a batch: copying roster_import on SQLite would break the foreign keys pointing at it
    op.execute("ALTER TABLE roster_import DROP COLUMN attempts")
