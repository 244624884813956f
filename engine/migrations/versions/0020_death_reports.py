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
    op.create_table(
        "death_list",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agency_org", sa.String(length=100), nullable=False),
        sa.Column("county_code", sa.String(length=6), nullable=False),
        sa.Column("filename", sa.String(length=300), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("uploaded_by", sa.String(length=80), nullable=False),
        sa.Column("uploaded_at", sa.DateTime(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("rows_total", sa.Integer(), nullable=True),
        sa.Column("rows_done", sa.Integer(), nullable=False),
        sa.Column("opened", sa.Integer(), nullable=False),
        sa.Column("unmatched", sa.JSON(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["agency_org"], ["organisation.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_death_list_agency_org", "death_list", ["agency_org"], unique=False)
    op.create_index("ix_death_list_sha256", "death_list", ["sha256"], unique=False)
    op.create_table(
        "death_report",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("instance_id", sa.Integer(), nullable=False),
        sa.Column("retiree_id", sa.Integer(), nullable=False),
        sa.Column("community_org", sa.String(length=100), nullable=False),
        sa.Column("county_code", sa.String(length=6), nullable=False),
        sa.Column("died_on", sa.Date(), nullable=False),
        sa.Column("source", sa.String(length=10), nullable=False),
        sa.Column("reported_on", sa.Date(), nullable=False),
        sa.Column("pension_due", sa.Date(), nullable=False),
        sa.Column("grants_due", sa.Date(), nullable=False),
        sa.Column("confirmed_on", sa.Date(), nullable=True),
        sa.Column("withdrawn", sa.Boolean(), nullable=False),
        sa.Column("pension_stopped_from", sa.Date(), nullable=True),
        sa.Column("pension_stopped_on", sa.Date(), nullable=True),
        sa.Column("family_applied", sa.Boolean(), nullable=True),
        sa.Column("funeral_grant", sa.Integer(), nullable=True),
        sa.Column("survivor_pension", sa.Integer(), nullable=True),
        sa.Column("grants_decided_on", sa.Date(), nullable=True),
        sa.Column("family_told_on", sa.Date(), nullable=True),
        sa.Column("death_list_id", sa.Integer(), nullable=True),
        sa.Column("death_list_row", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["death_list_id"], ["death_list.id"]),
        sa.ForeignKeyConstraint(["instance_id"], ["process_instance.id"]),
        sa.ForeignKeyConstraint(["retiree_id"], ["retiree.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("instance_id"),
    )
    op.create_index("ix_death_report_community_org", "death_report", ["community_org"], unique=False)
    op.create_index(
        "ix_death_report_county_reported", "death_report", ["county_code", "reported_on"], unique=False
    )
    op.create_index("ix_death_report_death_list_id", "death_report", ["death_list_id"], unique=False)
    op.create_index("ix_death_report_retiree_id", "death_report", ["retiree_id"], unique=False)


def downgrade() -> None:
    op.drop_table("death_report")
    op.drop_table("death_list")
    op.drop_column("retiree", "died_on")
