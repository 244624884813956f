"""audit hash chain: every event's hash covers its content and the event before it

``audit_event`` gets its place in the chain (``seq``, unique) and its hash (``chain_hash``);
``audit_chain`` keeps the head (the newest event's place and hash), so removing the newest events
shows too. The events already in the log are chained here, in the order of their ids.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

from engine.directory.audit_chain import GENESIS, content_of, link_hash

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

_BATCH = 1000
_SQLITE_TRIGGER = (
    "CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event "
    "BEGIN SELECT RAISE(ABORT, 'audit_event is append-only'); END"
)


def upgrade() -> None:
    op.add_column("audit_event", sa.Column("seq", sa.Integer(), nullable=True))
    op.add_column("audit_event", sa.Column("chain_hash", sa.String(length=64), nullable=True))
    op.create_index("ix_audit_event_seq", "audit_event", ["seq"], unique=True)
    op.create_table(
        "audit_chain",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    seq, previous = _chain_existing_events()
    op.execute(
        sa.text("INSERT INTO audit_chain (id, seq, hash) VALUES (1, :seq, :hash)").bindparams(
            seq=seq, hash=previous
        )
    )


def _chain_existing_events() -> tuple[int, str]:
    """Chain the events logged so far, in id order (the append-only trigger stands aside)."""
    bind = op.get_bind()
    postgresql = bind.dialect.name == "postgresql"
    if postgresql:
        op.execute("ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only")
    else:
        op.execute("DROP TRIGGER audit_event_no_update")
    events = sa.table(
        "audit_event",
        *(sa.column(name) for name in ("id", "actor", "organisation_id", "action", "instance_id")),
        *(sa.column(name) for name in ("work_item_id", "task_guid", "definition_key", "definition_version")),
        sa.column("data_hash"),
        sa.column("detail", sa.JSON),
        sa.column("at", sa.DateTime),
        sa.column("seq"),
        sa.column("chain_hash"),
    )
    seq, previous, after = 0, GENESIS, 0
    while rows := bind.execute(
        sa.select(events).where(events.c.id > after).order_by(events.c.id).limit(_BATCH)
    ).all():
        for row in rows:
            seq += 1
            previous = link_hash(previous, content_of(seq, row))
            bind.execute(events.update().where(events.c.id == row.id).values(seq=seq, chain_hash=previous))
        after = rows[-1].id
    if postgresql:
        op.execute("ALTER TABLE audit_event ENABLE TRIGGER audit_event_append_only")
    else:
        op.execute(_SQLITE_TRIGGER)
    return seq, previous


def downgrade() -> None:
    op.drop_table("audit_chain")
    op.drop_index("ix_audit_event_seq", table_name="audit_event")
    # not a batch: copying audit_event on SQLite would drop its append-only triggers
    op.execute("ALTER TABLE audit_event DROP COLUMN chain_hash")
    op.execute("ALTER TABLE audit_event DROP COLUMN seq")
