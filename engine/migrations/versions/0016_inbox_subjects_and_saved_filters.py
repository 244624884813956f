"""inbox subjects and saved filters (issue 15)

Each work item names the process it belongs to — a called process's own (县（市、区）具体移交),
not the programme's — and whom it is about (``subject``, ``subject_code``: a county, community,
enterprise or person), so the inbox can show and search them without loading workflows.
``saved_filter`` keeps an official's named inbox searches.

Existing items: the process of each task is found in the definition's own BPMN files (cheap: once
per definition and task id); the subject is read from the task's data in the stored state of the
cases still running. Items of finished cases keep no subject (their rows show the case title).

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-03
"""

import json
import xml.etree.ElementTree as ET

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

BPMN = "{http://www.omg.org/spec/BPMN/20100524/MODEL}"
COLUMNS = (
    ("task_process", sa.String(200)),
    ("task_process_name", sa.String(300)),
    ("subject", sa.String(300)),
    ("subject_code", sa.String(12)),
)

task = sa.table(
    "task",
    sa.column("id", sa.Integer),
    sa.column("instance_id", sa.Integer),
    sa.column("spec_id", sa.String),
    sa.column("task_guid", sa.String),
    *(sa.column(name, kind) for name, kind in COLUMNS),
)
instance = sa.table(
    "process_instance",
    sa.column("id", sa.Integer),
    sa.column("definition_id", sa.Integer),
    sa.column("status", sa.String),
    sa.column("state", sa.Text),
)
definition = sa.table("process_definition", sa.column("id", sa.Integer), sa.column("sources", sa.JSON))


def upgrade() -> None:
    with op.batch_alter_table("task") as table:
        for name, kind in COLUMNS:
            table.add_column(sa.Column(name, kind, nullable=True))
    op.create_table(
        "saved_filter",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("username", sa.String(80), nullable=False),
        sa.Column("name", sa.String(60), nullable=False),
        sa.Column("query", sa.String(1000), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.UniqueConstraint("username", "name", name="uq_saved_filter_name"),
    )
    op.create_index("ix_saved_filter_username", "saved_filter", ["username"])
    connection = op.get_bind()
    _backfill_processes(connection)
    _backfill_subjects(connection)


def downgrade() -> None:
    op.drop_index("ix_saved_filter_username", table_name="saved_filter")
    op.drop_table("saved_filter")
    with op.batch_alter_table("task") as table:
        for name, _kind in reversed(COLUMNS):
            table.drop_column(name)


def _backfill_processes(connection) -> None:
    """Each item's process, from the BPMN files of its case's definition version."""
    pairs = connection.execute(
        sa.select(instance.c.definition_id, task.c.spec_id)
        .select_from(task.join(instance, task.c.instance_id == instance.c.id))
        .distinct()
    ).all()
    by_definition: dict[int, set[str]] = {}
    for definition_id, spec_id in pairs:
        by_definition.setdefault(definition_id, set()).add(spec_id)
    for definition_id, spec_ids in by_definition.items():
        sources = connection.scalar(sa.select(definition.c.sources).where(definition.c.id == definition_id))
        places = _processes_of(json.loads(sources) if isinstance(sources, str) else sources or {})
        cases = sa.select(instance.c.id).where(instance.c.definition_id == definition_id)
        for spec_id in spec_ids & places.keys():
            key, name = places[spec_id]
            connection.execute(
                task.update()
                .where(task.c.spec_id == spec_id, task.c.instance_id.in_(cases))
                .values(task_process=key, task_process_name=name)
            )


def _processes_of(sources: dict[str, str]) -> dict[str, tuple[str, str]]:
    """Element id → (process id, process name) of every element of every process in the files."""
    found = {}
    for text in sources.values():
        try:
            root = ET.fromstring(text.encode("utf-8"))
        except ET.ParseError:
            continue
        for process in root.iter(f"{BPMN}process"):
            key = process.get("id")
            for element in process.iter():
                if element.get("id"):
                    found.setdefault(element.get("id"), (key, process.get("name") or key))
    return found


def _backfill_subjects(connection) -> None:
    """Each item of a running case: its subject, from its task's data in the stored state."""
    from engine.workflow.subjects import subject_of  # the rule new items are made with

    running = connection.execute(
        sa.select(instance.c.id, instance.c.state).where(
            instance.c.status == "running",
            sa.exists().where(task.c.instance_id == instance.c.id),
        )
    )
    for instance_id, state in running:
        data_by_guid = _task_data(json.loads(state))
        items = connection.execute(
            sa.select(task.c.id, task.c.task_guid).where(task.c.instance_id == instance_id)
        ).all()
        for item_id, guid in items:
            data = data_by_guid.get(guid)
            subject = subject_of(data) if isinstance(data, dict) else None
            if subject is not None and subject.label:
                connection.execute(
                    task.update()
                    .where(task.c.id == item_id)
                    .values(subject=subject.label, subject_code=subject.code)
                )


def _task_data(state: dict) -> dict[str, dict]:
    """Task guid → its data, in a serialised workflow and its subprocesses."""
    found = {guid: t.get("data") for guid, t in (state.get("tasks") or {}).items()}
    for subprocess in (state.get("subprocesses") or {}).values():
        found.update({guid: t.get("data") for guid, t in (subprocess.get("tasks") or {}).items()})
    return found
