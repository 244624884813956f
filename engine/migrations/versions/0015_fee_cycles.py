"""fee cycles: a county's management fee year after year

六(二)2 ("管理费用暂按每人1000元的标准计算，此项经费先由省级财政分期拨付给相关县(市、区)政府"):
recording a county's first-year plan opens its cycle (``fee_cycle``); the worker opens one
``management_fee`` case per year of it (``fee_year``, unique per cycle and year).

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "fee_cycle",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("county_code", sa.String(6), nullable=False),
        sa.Column("basis", sa.JSON(), nullable=False),
        sa.Column("first_year", sa.Integer(), nullable=False),
        sa.Column("first_plan", sa.JSON(), nullable=False),
        sa.Column("opened_at", sa.DateTime(), nullable=False),
        sa.UniqueConstraint("programme_id", "county_code", name="uq_fee_cycle_county"),
    )
    op.create_index("ix_fee_cycle_programme_id", "fee_cycle", ["programme_id"])
    op.create_table(
        "fee_year",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("cycle_id", sa.Integer(), sa.ForeignKey("fee_cycle.id"), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("instance_id", sa.Integer(), nullable=False),
        sa.Column("opened_at", sa.DateTime(), nullable=False),
        sa.UniqueConstraint("cycle_id", "year", name="uq_fee_year"),
    )
    op.create_index("ix_fee_year_cycle_id", "fee_year", ["cycle_id"])


def downgrade() -> None:
    op.drop_index("ix_fee_year_cycle_id", table_name="fee_year")
    op.drop_table("fee_year")
    op.drop_index("ix_fee_cycle_programme_id", table_name="fee_cycle")
    op.drop_table("fee_cycle")
