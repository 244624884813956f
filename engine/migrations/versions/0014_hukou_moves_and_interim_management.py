"""hukou moves and interim management on the registry

户籍迁移 (二(二)2 "户口所在地与常年居住地不一致的,尽量将户籍迁入居住地"): per person whose hukou
and residence differ, the wish to move the hukou to the residence and what came of it
(``hukou_move_intention``, ``hukou_move_outcome``, ``hukou_moved_on``, ``hukou_move_reason``).

过渡期管理 (三 "可暂由原企业退休管理机构或社会保险经办机构…提供相关管理服务"): who manages a person
until a community can, and until when (``interim_manager_org``, indexed: the manager's view of
its people; ``interim_until``).

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

COLUMNS = (
    ("hukou_move_intention", sa.String(10)),
    ("hukou_move_outcome", sa.String(10)),
    ("hukou_moved_on", sa.Date()),
    ("hukou_move_reason", sa.String(300)),
    ("interim_manager_org", sa.String(100)),
    ("interim_until", sa.Date()),
)


def upgrade() -> None:
    with op.batch_alter_table("retiree") as table:
        for name, kind in COLUMNS:
            table.add_column(sa.Column(name, kind, nullable=True))
    op.create_index("ix_retiree_interim_manager_org", "retiree", ["interim_manager_org"])


def downgrade() -> None:
    op.drop_index("ix_retiree_interim_manager_org", table_name="retiree")
    with op.batch_alter_table("retiree") as table:
        for name, _kind in reversed(COLUMNS):
            table.drop_column(name)
