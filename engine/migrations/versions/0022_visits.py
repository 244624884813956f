"""visits and festival campaigns (issue 17)

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-03
"""

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "visit_campaign",
        sa.Column("instance_id", sa.Integer(), nullable=False),
        sa.Column("county_code", sa.String(length=6), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("festival", sa.String(length=50), nullable=False),
        sa.Column("due", sa.Date(), nullable=False),
        sa.Column("opened_by", sa.String(length=100), nullable=False),
        sa.Column("opened_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["instance_id"], ["process_instance.id"]),
        sa.PrimaryKeyConstraint("instance_id"),
    )
    op.create_index("ix_visit_campaign_county_year", "visit_campaign", ["county_code", "year"])
    op.create_table(
        "visit_plan_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("instance_id", sa.Integer(), nullable=False),
        sa.Column("retiree_id", sa.Integer(), nullable=False),
        sa.Column("community_org", sa.String(length=100), nullable=False),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.Column("not_visited", sa.String(length=500), nullable=True),
        sa.Column("marked_by", sa.String(length=100), nullable=True),
        sa.Column("marked_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["instance_id"], ["process_instance.id"]),
        sa.ForeignKeyConstraint(["retiree_id"], ["retiree.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("instance_id", "retiree_id", name="uq_visit_plan_entry_person"),
    )
    op.create_index("ix_visit_plan_entry_community", "visit_plan_entry", ["instance_id", "community_org"])
    op.create_index("ix_visit_plan_entry_retiree_id", "visit_plan_entry", ["retiree_id"])
    op.create_table(
        "visit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("retiree_id", sa.Integer(), nullable=False),
        sa.Column("instance_id", sa.Integer(), nullable=True),
        sa.Column("community_org", sa.String(length=100), nullable=False),
        sa.Column("visited_on", sa.Date(), nullable=False),
        sa.Column("visitor", sa.String(length=100), nullable=False),
        sa.Column("found", sa.Text(), nullable=False),
        sa.Column("help_given", sa.Text(), nullable=False),
        sa.Column("referral", sa.String(length=20), nullable=False),
        sa.Column("recorded_by", sa.String(length=100), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["instance_id"], ["process_instance.id"]),
        sa.ForeignKeyConstraint(["retiree_id"], ["retiree.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_visit_campaign_person", "visit", ["instance_id", "retiree_id"])
    op.create_index("ix_visit_retiree_id", "visit", ["retiree_id"])
    op.create_index("ix_visit_community_org", "visit", ["community_org"])


def downgrade() -> None:
    op.drop_index("ix_visit_community_org", table_name="visit")
    op.drop_index("ix_visit_retiree_id", table_name="visit")
    op.drop_index("ix_visit_campaign_person", table_name="visit")
    op.drop_table("visit")
    op.drop_index("ix_visit_plan_entry_retiree_id", table_name="visit_plan_entry")
    op.drop_index("ix_visit_plan_entry_community", table_name="visit_plan_entry")
    op.drop_table("visit_plan_entry")
    op.drop_index("ix_visit_campaign_county_year", table_name="visit_campaign")
    op.drop_table("visit_campaign")
