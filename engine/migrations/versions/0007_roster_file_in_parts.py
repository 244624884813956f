"""roster files in parts

An import read its whole file into memory (and SQLite copied the blob once more on each read and
write): a 100k-row roster raised the importing process's memory by tens of MB. The file now lives
in ``roster_file_part``, 1 MB a row, written and read back one part at a time. Files stored
before become their import's part 0.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "roster_file_part",
        sa.Column("import_id", sa.Integer(), nullable=False),
        sa.Column("part", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(["import_id"], ["roster_import.id"]),
        sa.PrimaryKeyConstraint("import_id", "part"),
    )
    op.execute(
        "INSERT INTO roster_file_part (import_id, part, content) "
        "SELECT import_id, 0, content FROM roster_file"
    )
    op.drop_table("roster_file")


def downgrade() -> None:
    roster_file = op.create_table(
        "roster_file",
        sa.Column("import_id", sa.Integer(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(["import_id"], ["roster_import.id"]),
        sa.PrimaryKeyConstraint("import_id"),
    )
    # SQL has no portable way to join blobs in order: each file is put together here, one at a time
    connection = op.get_bind()
    parts = sa.table("roster_file_part", sa.column("import_id"), sa.column("part"), sa.column("content"))
    import_ids = connection.scalars(sa.select(parts.c.import_id).distinct()).all()
    for import_id in import_ids:
        contents = connection.scalars(
            sa.select(parts.c.content).where(parts.c.import_id == import_id).order_by(parts.c.part)
        )
        connection.execute(sa.insert(roster_file).values(import_id=import_id, content=b"".join(contents)))
    op.drop_table("roster_file_part")
