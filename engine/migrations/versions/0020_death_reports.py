"""death reports: a registry person's death and the survivors' grants (issue 17)

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-03
"""

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("retiree", sa.Column("died_on", sa.Date(), nullable=True))


def downgrade() -> None:
    op.drop_column("retiree", "died_on")
