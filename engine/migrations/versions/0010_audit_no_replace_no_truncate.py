"""audit log: no INSERT OR REPLACE (SQLite), no TRUNCATE (PostgreSQL)

Revision 0001 refused UPDATE and DELETE on ``audit_event``. SQLite's ``INSERT OR REPLACE`` deletes
the row it replaces without firing the DELETE trigger (recursive triggers are off), and
PostgreSQL's ``TRUNCATE`` fires no row trigger: both rewrote history. An insert naming an id that
exists is now refused before any conflict resolution, and TRUNCATE is refused by a statement
trigger.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03
"""

from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event "
            "FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only()"
        )
    else:
        op.execute(
            "CREATE TRIGGER audit_event_no_replace BEFORE INSERT ON audit_event "
            "WHEN EXISTS (SELECT 1 FROM audit_event WHERE id = NEW.id) "
            "BEGIN SELECT RAISE(ABORT, 'audit_event is append-only'); END"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER audit_event_no_truncate ON audit_event")
    else:
        op.execute("DROP TRIGGER audit_event_no_replace")
