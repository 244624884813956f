"""roster files apart from their import's row

An import updates its row after every batch of 1000 rows, and SQLite rewrites a whole row on each
update: with the uploaded file in the row, importing a file cost time in proportion to its size
squared. The file now lives in ``roster_file``.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "roster_file",
        sa.Column("import_id", sa.Integer(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(["import_id"], ["roster_import.id"]),
        sa.PrimaryKeyConstraint("import_id"),
    )
    op.execute("INSERT INTO roster_file (import_id, content) SELECT id, content FROM roster_import")
    # a plain ALTER TABLE … DROP COLUMN (SQLite ≥ 3.35): rebuilding the table in batch mode would
    # drop it, and with it, under foreign keys, every retiree's reference to it
    op.drop_column("roster_import", "content")


def downgrade() -> None:
    op.add_column("roster_import", sa.Column("content", sa.LargeBinary(), nullable=True))
    op.execute(
        "UPDATE roster_import SET content = "
        "(SELECT content FROM roster_file WHERE roster_file.import_id = roster_import.id)"
    )
    op.drop_table("roster_file")
