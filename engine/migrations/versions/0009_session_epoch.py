"""session epoch: logging out, a password reset and a deactivation end every session

A session cookie names the user and the epoch it was issued in; raising ``app_user.session_epoch``
makes every older cookie invalid (Flask's cookies live on the client, so they cannot be deleted).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("app_user") as table:
        table.add_column(sa.Column("session_epoch", sa.Integer(), nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("app_user") as table:
        table.drop_column("session_epoch")
