"""information changes and transfers between communities and counties (issue 17)

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-03
"""

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "retiree_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("retiree_id", sa.Integer(), nullable=False),
        sa.Column("field", sa.String(length=30), nullable=False),
        sa.Column("old", sa.Text(), nullable=True),
        sa.Column("new", sa.Text(), nullable=True),
        sa.Column("reason", sa.String(length=300), nullable=False),
        sa.Column("changed_by", sa.String(length=100), nullable=False),
        sa.Column("organisation_id", sa.String(length=100), nullable=True),
        sa.Column("changed_at", sa.DateTime(), nullable=False),
        sa.Column("instance_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["retiree_id"], ["retiree.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_retiree_change_retiree_id", "retiree_change", ["retiree_id"], unique=False)
    op.create_table(
        "retiree_transfer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("instance_id", sa.Integer(), nullable=False),
        sa.Column("retiree_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("from_community", sa.String(length=100), nullable=False),
        sa.Column("to_community", sa.String(length=100), nullable=True),
        sa.Column("from_county", sa.String(length=6), nullable=False),
        sa.Column("to_county", sa.String(length=6), nullable=False),
        sa.Column("new_address", sa.String(length=200), nullable=False),
        sa.Column("reason", sa.String(length=300), nullable=False),
        sa.Column("asked_on", sa.Date(), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("refused_reason", sa.String(length=300), nullable=True),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(["instance_id"], ["process_instance.id"]),
        sa.ForeignKeyConstraint(["retiree_id"], ["retiree.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("instance_id"),
    )
    op.create_index("ix_retiree_transfer_retiree_id", "retiree_transfer", ["retiree_id"], unique=False)


def downgrade() -> None:
    op.drop_table("retiree_transfer")
    op.drop_table("retiree_change")
