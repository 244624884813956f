"""people a community records without their being handed over; new retirees after the hand-over (issue 17)

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-03
"""

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = "0024"
down_revision = "0023"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "community_record",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("community_org", sa.String(100), sa.ForeignKey("organisation.id"), nullable=False),
        sa.Column("name", sa.String(50), nullable=False),
        sa.Column("id_number", sa.String(18), nullable=False),
        sa.Column("category", sa.String(20), nullable=False),
        sa.Column("address", sa.String(200), nullable=True),
        sa.Column("phone", sa.String(30), nullable=True),
        sa.Column("special_status", sa.JSON(), nullable=False),
        sa.Column("original_unit", sa.String(200), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("recorded_by", sa.String(80), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.UniqueConstraint("community_org", "id_number", name="uq_community_record_person"),
    )
    op.create_index("ix_community_record_community_org", "community_record", ["community_org"])


def downgrade() -> None:
    op.drop_index("ix_community_record_community_org", table_name="community_record")
    op.drop_table("community_record")
