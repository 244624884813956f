"""people by name: address, reception, archive rows on the registry

The hand-over carries people by reference: the county allocates each person to a community
(``community_org``, now indexed), the community confirms or returns them (``received_on``,
``returned_reason``), the archive transfer list is one registry row per person
(``archive_volumes``, ``archive_items``, ``archive_missing``, ``archive_note``), and the roster's
optional 常住地址 column is kept (``address``). Indexes serve a county's lists (in the order
they are shown), its communities' sums and its party members' count.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

COLUMNS = (
    ("address", sa.String(200)),
    ("received_on", sa.Date()),
    ("returned_reason", sa.String(300)),
    ("archive_volumes", sa.Integer()),
    ("archive_items", sa.Integer()),
    ("archive_missing", sa.String(300)),
    ("archive_note", sa.String(300)),
)


def upgrade() -> None:
    with op.batch_alter_table("retiree") as table:
        for name, kind in COLUMNS:
            table.add_column(sa.Column(name, kind, nullable=True))
    op.create_index("ix_retiree_community_org", "retiree", ["community_org"])
    op.create_index(
        "ix_retiree_county_list",
        "retiree",
        ["instance_id", "destination_code", "excluded", "residence_code", "address", "id"],
    )
    op.create_index(
        "ix_retiree_county_community", "retiree", ["instance_id", "destination_code", "community_org"]
    )
    op.create_index(
        "ix_retiree_county_party", "retiree", ["instance_id", "destination_code", "excluded", "party_member"]
    )


def downgrade() -> None:
    op.drop_index("ix_retiree_county_party", table_name="retiree")
    op.drop_index("ix_retiree_county_community", table_name="retiree")
    op.drop_index("ix_retiree_county_list", table_name="retiree")
    op.drop_index("ix_retiree_community_org", table_name="retiree")
    with op.batch_alter_table("retiree") as table:
        for name, _kind in reversed(COLUMNS):
            table.drop_column(name)
