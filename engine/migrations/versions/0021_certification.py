"""pension qualification certification campaigns and their marks (issue 17)

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-03
"""

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "certification_campaign",
        sa.Column("instance_id", sa.Integer(), nullable=False),
        sa.Column("county_code", sa.String(length=6), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=False),
        sa.Column("agency_org", sa.String(length=100), nullable=False),
        sa.Column("opened_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["instance_id"], ["process_instance.id"]),
        sa.PrimaryKeyConstraint("instance_id"),
    )
    op.create_index(
        "ix_certification_campaign_county_year",
        "certification_campaign",
        ["county_code", "year"],
        unique=False,
    )
    op.create_table(
        "certification_mark",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("instance_id", sa.Integer(), nullable=False),
        sa.Column("retiree_id", sa.Integer(), nullable=False),
        sa.Column("community_org", sa.String(length=100), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=True),
        sa.Column("method", sa.String(length=20), nullable=True),
        sa.Column("certified_on", sa.Date(), nullable=True),
        sa.Column("stage", sa.String(length=20), nullable=False),
        sa.Column("in_follow_up", sa.Boolean(), nullable=False),
        sa.Column("suspended_on", sa.Date(), nullable=True),
        sa.Column("suspended_by", sa.String(length=100), nullable=True),
        sa.Column("marked_by", sa.String(length=100), nullable=True),
        sa.Column("marked_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["instance_id"], ["process_instance.id"]),
        sa.ForeignKeyConstraint(["retiree_id"], ["retiree.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("instance_id", "retiree_id", name="uq_certification_mark_person"),
    )
    op.create_index(
        "ix_certification_mark_community",
        "certification_mark",
        ["instance_id", "community_org"],
        unique=False,
    )
    op.create_index("ix_certification_mark_retiree_id", "certification_mark", ["retiree_id"], unique=False)
    op.create_table(
        "certification_round",
        sa.Column("instance_id", sa.Integer(), nullable=False),
        sa.Column("community_org", sa.String(length=100), nullable=False),
        sa.Column("stage", sa.String(length=20), nullable=False),
        sa.Column("listed", sa.Integer(), nullable=False),
        sa.Column("certified", sa.Integer(), nullable=False),
        sa.Column("not_found", sa.Integer(), nullable=False),
        sa.Column("died", sa.Integer(), nullable=False),
        sa.Column("suspended", sa.Integer(), nullable=False),
        sa.Column("completed_by", sa.String(length=100), nullable=False),
        sa.Column("completed_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["instance_id"], ["process_instance.id"]),
        sa.PrimaryKeyConstraint("instance_id", "community_org", "stage"),
    )


def downgrade() -> None:
    op.drop_table("certification_round")
    op.drop_index("ix_certification_mark_retiree_id", table_name="certification_mark")
    op.drop_index("ix_certification_mark_community", table_name="certification_mark")
    op.drop_table("certification_mark")
    op.drop_index("ix_certification_campaign_county_year", table_name="certification_campaign")
    op.drop_table("certification_campaign")
