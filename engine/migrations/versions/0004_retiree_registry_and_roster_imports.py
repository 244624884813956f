"""retiree registry and roster imports

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "roster_import",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("enterprise_org", sa.String(length=100), nullable=False),
        sa.Column("filename", sa.String(length=300), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("uploaded_by", sa.String(length=80), nullable=False),
        sa.Column("uploaded_at", sa.DateTime(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("rows_done", sa.Integer(), nullable=False),
        sa.Column("rows_total", sa.Integer(), nullable=True),
        sa.Column("accepted", sa.Integer(), nullable=False),
        sa.Column("unchanged", sa.Integer(), nullable=False),
        sa.Column("rejected", sa.JSON(), nullable=False),
        sa.Column("warnings", sa.JSON(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["enterprise_org"],
            ["organisation.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("roster_import", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_roster_import_enterprise_org"), ["enterprise_org"], unique=False)
        batch_op.create_index(batch_op.f("ix_roster_import_sha256"), ["sha256"], unique=False)

    op.create_table(
        "retiree",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("id_number", sa.String(length=18), nullable=False),
        sa.Column("name", sa.String(length=50), nullable=False),
        sa.Column("sex", sa.String(length=2), nullable=False),
        sa.Column("birth_date", sa.Date(), nullable=False),
        sa.Column("retirement_date", sa.Date(), nullable=False),
        sa.Column("hukou_code", sa.String(length=6), nullable=False),
        sa.Column("residence_code", sa.String(length=6), nullable=False),
        sa.Column("category", sa.String(length=20), nullable=False),
        sa.Column("party_member", sa.Boolean(), nullable=False),
        sa.Column("special_status", sa.JSON(), nullable=False),
        sa.Column("phone", sa.String(length=30), nullable=True),
        sa.Column("enterprise_org", sa.String(length=100), nullable=False),
        sa.Column("roster_import_id", sa.Integer(), nullable=True),
        sa.Column("destination_code", sa.String(length=6), nullable=True),
        sa.Column("destination_reason", sa.String(length=200), nullable=False),
        sa.Column("excluded", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("archive_status", sa.String(length=20), nullable=False),
        sa.Column("community_org", sa.String(length=100), nullable=True),
        sa.Column("instance_id", sa.Integer(), nullable=True),
        sa.Column("registered_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["enterprise_org"],
            ["organisation.id"],
        ),
        sa.ForeignKeyConstraint(
            ["instance_id"],
            ["process_instance.id"],
        ),
        sa.ForeignKeyConstraint(
            ["roster_import_id"],
            ["roster_import.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("id_number"),
    )
    with op.batch_alter_table("retiree", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_retiree_destination_code"), ["destination_code"], unique=False)
        batch_op.create_index(
            "ix_retiree_enterprise_destination", ["enterprise_org", "destination_code"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_retiree_instance_id"), ["instance_id"], unique=False)
        batch_op.create_index("ix_retiree_name", ["name"], unique=False)
        batch_op.create_index(batch_op.f("ix_retiree_status"), ["status"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("retiree", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_retiree_status"))
        batch_op.drop_index("ix_retiree_name")
        batch_op.drop_index(batch_op.f("ix_retiree_instance_id"))
        batch_op.drop_index("ix_retiree_enterprise_destination")
        batch_op.drop_index(batch_op.f("ix_retiree_destination_code"))

    op.drop_table("retiree")
    with op.batch_alter_table("roster_import", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_roster_import_sha256"))
        batch_op.drop_index(batch_op.f("ix_roster_import_enterprise_org"))

    op.drop_table("roster_import")
