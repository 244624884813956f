"""handing work on and notifications (issue 15)

Substitutes (``substitution``: a person's colleague for a period), follow-up dates
(``task_follow_up``: one per task and person), notifications to a person or an organisation
(``notification``), read per person (``notification_read``), the mail outbox (``mail_outbox``)
and an e-mail address per user (``app_user.email``) to mail them to.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("app_user", sa.Column("email", sa.String(length=200), nullable=True))
    op.create_table(
        "substitution",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=80), nullable=False),
        sa.Column("substitute", sa.String(length=80), nullable=False),
        sa.Column("organisation_id", sa.String(length=100), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("cancelled_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisation.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_substitution_user", "substitution", ["username", "ends_on"], unique=False)
    op.create_table(
        "task_follow_up",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("work_item_id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=80), nullable=False),
        sa.Column("follow_up_on", sa.Date(), nullable=False),
        sa.Column("set_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["work_item_id"], ["task.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("work_item_id", "username"),
    )
    op.create_table(
        "notification",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("organisation_id", sa.String(length=100), nullable=False),
        sa.Column("username", sa.String(length=100), nullable=True),
        sa.Column("user_role", sa.String(length=50), nullable=True),
        sa.Column("on_behalf_of", sa.String(length=100), nullable=True),
        sa.Column("work_item_id", sa.Integer(), nullable=True),
        sa.Column("instance_id", sa.Integer(), nullable=True),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["instance_id"], ["process_instance.id"]),
        sa.ForeignKeyConstraint(["work_item_id"], ["task.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_notification_organisation", "notification", ["organisation_id", "created_at"], unique=False
    )
    op.create_index("ix_notification_user", "notification", ["username", "created_at"], unique=False)
    op.create_table(
        "notification_read",
        sa.Column("notification_id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=100), nullable=False),
        sa.Column("read_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["notification_id"], ["notification.id"]),
        sa.PrimaryKeyConstraint("notification_id", "username"),
    )
    op.create_table(
        "mail_outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("notification_id", sa.Integer(), nullable=True),
        sa.Column("recipient", sa.String(length=200), nullable=False),
        sa.Column("username", sa.String(length=100), nullable=False),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["notification_id"], ["notification.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_mail_outbox_pending", "mail_outbox", ["sent_at", "id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_mail_outbox_pending", table_name="mail_outbox")
    op.drop_table("mail_outbox")
    op.drop_table("notification_read")
    op.drop_index("ix_notification_user", table_name="notification")
    op.drop_index("ix_notification_organisation", table_name="notification")
    op.drop_table("notification")
    op.drop_table("task_follow_up")
    op.drop_index("ix_substitution_user", table_name="substitution")
    op.drop_table("substitution")
    with op.batch_alter_table("app_user") as batch:
        batch.drop_column("email")
