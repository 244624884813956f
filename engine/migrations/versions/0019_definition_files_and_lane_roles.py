"""deployed files kept byte for byte, lanes mapped to roles, forms versioned with their bundle (issue 16)

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "definition_file",
        sa.Column("sha256", sa.String(64), primary_key=True),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
    )
    op.add_column("process_definition", sa.Column("files", sa.JSON(), nullable=True))
    op.add_column("process_definition", sa.Column("lane_roles", sa.JSON(), nullable=True))
    op.add_column("process_definition", sa.Column("forms", sa.JSON(), nullable=True))


def downgrade() -> None:
    # natively (SQLite 3.35+): recreating the table would trip the cases' foreign keys on it
    with op.batch_alter_table("process_definition", recreate="never") as table:
        table.drop_column("forms")
        table.drop_column("lane_roles")
        table.drop_column("files")
    op.drop_table("definition_file")
