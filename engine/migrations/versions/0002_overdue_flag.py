"""overdue flags: cases found short of a milestone when it passed

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "overdue_flag",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("instance_id", sa.Integer(), nullable=False),
        sa.Column("milestone", sa.String(length=20), nullable=False),
        sa.Column("flagged_at", sa.DateTime(), nullable=False),
        sa.Column("escalation_instance_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["instance_id"], ["process_instance.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("instance_id", "milestone"),
    )


def downgrade() -> None:
    op.drop_table("overdue_flag")
