"""comments (issue 15): comments on a task or a case and their attachments

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "comment",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("instance_id", sa.Integer(), sa.ForeignKey("process_instance.id"), nullable=False),
        sa.Column("work_item_id", sa.Integer(), sa.ForeignKey("task.id"), nullable=True),
        sa.Column("author", sa.String(80), nullable=False),
        sa.Column("organisation_id", sa.String(100), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("mentions", sa.JSON(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_comment_instance", "comment", ["instance_id", "id"])
    op.create_index("ix_comment_work_item_id", "comment", ["work_item_id"])
    op.create_table(
        "comment_attachment",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("comment_id", sa.Integer(), sa.ForeignKey("comment.id"), nullable=False),
        sa.Column("filename", sa.String(300), nullable=False),
        sa.Column("content_type", sa.String(100), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
    )
    op.create_index("ix_comment_attachment_comment_id", "comment_attachment", ["comment_id"])


def downgrade() -> None:
    op.drop_index("ix_comment_attachment_comment_id", table_name="comment_attachment")
    op.drop_table("comment_attachment")
    op.drop_index("ix_comment_work_item_id", table_name="comment")
    op.drop_index("ix_comment_instance", table_name="comment")
    op.drop_table("comment")
