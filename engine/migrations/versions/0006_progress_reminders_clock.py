"""milestone units (the supervisors' progress), reminders of near due dates, the set clock

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "clock_setting",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("start_at", sa.DateTime(), nullable=False),
        sa.Column("set_at", sa.DateTime(), nullable=False),
        sa.Column("frozen", sa.Boolean(), nullable=False),
        sa.Column("set_by", sa.String(length=100), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "milestone_unit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign", sa.String(length=200), nullable=False),
        sa.Column("milestone", sa.String(length=20), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("instance_id", sa.Integer(), nullable=False),
        sa.Column("scope_code", sa.String(length=20), nullable=False),
        sa.Column("enterprise_org", sa.String(length=100), nullable=True),
        sa.Column("prefecture_code", sa.String(length=6), nullable=True),
        sa.Column("county_code", sa.String(length=6), nullable=True),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("due_at", sa.DateTime(), nullable=False),
        sa.Column("done_at", sa.DateTime(), nullable=True),
        sa.Column("retirees_planned", sa.Integer(), nullable=False),
        sa.Column("retirees_received", sa.Integer(), nullable=False),
        sa.Column("archives_planned", sa.Integer(), nullable=False),
        sa.Column("archives_received", sa.Integer(), nullable=False),
        sa.Column("fee_due", sa.Integer(), nullable=False),
        sa.Column("fee_disbursed", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["instance_id"], ["process_instance.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("instance_id", "kind", "scope_code"),
    )
    op.create_index(
        "ix_milestone_unit_cells",
        "milestone_unit",
        ["campaign", "milestone", "prefecture_code", "county_code", "enterprise_org", "due_at", "done_at"],
    )
    op.create_index(
        "ix_milestone_unit_figures",
        "milestone_unit",
        [
            *("campaign", "kind", "prefecture_code", "county_code", "enterprise_org"),
            *("retirees_planned", "retirees_received", "archives_planned", "archives_received"),
            *("fee_due", "fee_disbursed"),
        ],
    )
    op.create_index(
        "ix_milestone_unit_done", "milestone_unit", ["campaign", "done_at", "milestone", "prefecture_code"]
    )
    op.create_table(
        "reminder",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("work_item_id", sa.Integer(), nullable=False),
        sa.Column("instance_id", sa.Integer(), nullable=False),
        sa.Column("owner_org", sa.String(length=100), nullable=True),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("due_at", sa.DateTime(), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=False),
        sa.Column("read_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["instance_id"], ["process_instance.id"]),
        sa.ForeignKeyConstraint(["work_item_id"], ["task.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("work_item_id", "kind"),
    )
    op.create_index("ix_reminder_owner", "reminder", ["owner_org", "read_at", "sent_at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_reminder_owner", table_name="reminder")
    op.drop_table("reminder")
    for index in ("cells", "figures", "done"):
        op.drop_index(f"ix_milestone_unit_{index}", table_name="milestone_unit")
    op.drop_table("milestone_unit")
    op.drop_table("clock_setting")
