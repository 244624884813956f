"""Units rebuilt from the cases' completed work equal the units the live steps wrote."""

from __future__ import annotations

from sqlalchemy import delete, select

from engine.progress.rebuild import rebuild
from engine.progress.units import MilestoneUnit
from engine.workflow.models import ProcessInstance, WorkItem
from tests.processes import submissions as form
from tests.processes.test_retiree_handover import drive_county, sign_framework_agreements

FIELDS = (
    "campaign", "milestone", "kind", "instance_id", "scope_code", "enterprise_org", "prefecture_code",
    "county_code", "title", "due_at", "done_at", "retirees_planned", "retirees_received",
    "archives_planned", "archives_received", "fee_due", "fee_disbursed",
)  # fmt: skip


def units_now(session) -> list[tuple]:
    rows = session.scalars(select(MilestoneUnit).order_by(MilestoneUnit.instance_id, MilestoneUnit.kind,
                                                          MilestoneUnit.scope_code))  # fmt: skip
    return [tuple(getattr(u, f) for f in FIELDS) for u in rows]


def test_rebuilding_gives_the_units_the_steps_wrote(drive, cases, tx, procedures):
    case = cases["pingmei"]
    sign_framework_agreements(drive, case)
    drive_county(drive, case, "410102")
    drive.complete(cases["community"], "draft_community_agreement", {
        "agreement_number": "豫社移〔2017〕3号", "content": "整体移交", "assets": [],
        "signed_by": "李总", "signed_on": "2017-05-10",
    })  # fmt: skip
    drive.complete(cases["community"], "sign_community_agreement", form.approve())
    with tx() as session:
        written = units_now(session)
        session.execute(delete(MilestoneUnit))
    with tx() as session:
        assert rebuild(session, procedures.script_engine) == 3
    with tx() as session:
        assert units_now(session) == written
    assert any(row[10] is not None for row in written)  # some units done


def test_the_command_rebuilds_the_demo_cases_units(tmp_path, sqlite_template):
    from tests.web.test_demo_clock import fresh_app

    app = fresh_app(tmp_path, sqlite_template)
    runner = app.test_cli_runner()
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    sessions = app.extensions["yijiao"]["sessions"]
    with sessions() as session, session.begin():
        seeded = units_now(session)
        session.execute(delete(MilestoneUnit))
    result = runner.invoke(args=["rebuild-progress"])
    assert result.exit_code == 0 and "已重建 2 个案件" in result.output
    with sessions() as session:
        assert units_now(session) == seeded and len(seeded) == 9
    app.extensions["yijiao"]["db_engine"].dispose()


def test_a_roster_grouped_again_keeps_the_units_it_has(drive, cases, tx):
    from engine.progress.units import _Step, roster_grouped

    with tx() as session:
        before = units_now(session)
        registered = [WorkItem.instance_id == cases["pingmei"], WorkItem.spec_id == "register_roster"]
        item = session.scalars(select(WorkItem).where(*registered)).one()
        instance = session.get(ProcessInstance, cases["pingmei"])
        workflow = drive.engine.workflow(session, cases["pingmei"])
        roster_grouped(_Step(session, instance, item, {}, {}, workflow))
    with tx() as session:
        assert units_now(session) == before
