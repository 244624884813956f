"""The command line: schema upgrades, deploys with clear refusals, the timer worker, the audit check."""

from __future__ import annotations

import shutil
from datetime import datetime

from sqlalchemy import select

from engine.directory import audit
from engine.directory.audit import AuditEvent
from engine.fees import FeeCycle
from engine.workflow.deadlines import CHINA_TZ
from engine.workflow.models import WorkItem
from tests.engine.helpers import ENGINE_FIXTURES
from tests.engine.test_audit_chain import around_the_app

BAD = ENGINE_FIXTURES.parent / "bad"


def test_upgrade_db_is_repeatable(runner):
    for _ in range(2):
        result = runner.invoke(args=["upgrade-db"])
        assert result.exit_code == 0, result.output
        assert "up to date" in result.output


def test_deploy_reports_versions_then_unchanged(runner):
    files = [str(ENGINE_FIXTURES / name) for name in ("sample_handover.bpmn", "sample_roster.json")]
    first = runner.invoke(args=["deploy", *files])
    again = runner.invoke(args=["deploy", *files])
    assert first.exit_code == 0 and "sample_handover v1 deployed" in first.output
    assert again.exit_code == 0 and "sample_handover v1 unchanged" in again.output


def test_deploy_refuses_a_bad_file_naming_file_element_and_line(runner):
    result = runner.invoke(args=["deploy", str(BAD / "unsafe-open.bpmn")])
    assert result.exit_code == 1
    assert "refused: unsafe-open.bpmn:" in result.output
    assert "call to 'open' is not allowed" in result.output


def test_seed_demo_deploys_the_processes_folder(app, runner):
    shutil.copytree(ENGINE_FIXTURES.parents[2] / "processes", app.config["PROCESSES_DIR"])
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    assert "16 个流程" in result.output


def test_worker_once_fires_timers_due_on_the_app_clock(app, runner, officials, clock):
    yijiao = app.extensions["yijiao"]
    yijiao["engine"].clock = clock  # 2017-03-01: the deadline is still ahead
    with yijiao["sessions"]() as session, session.begin():
        yijiao["engine"].deploy_directory(session, ENGINE_FIXTURES)
        case = yijiao["engine"].start(
            session, "sample_milestone", officials.parties, {"deadline": "2017-03-31T23:59:59+08:00"}
        )
    assert runner.invoke(args=["worker", "--once"]).output == ""
    clock.set(datetime(2017, 4, 1, 0, 0, 1, tzinfo=CHINA_TZ))
    result = runner.invoke(args=["worker", "--once"])
    assert result.exit_code == 0, result.output
    assert "fired timers of 1 case(s)" in result.output
    with yijiao["sessions"]() as session:
        specs = session.scalars(select(WorkItem.spec_id).where(WorkItem.instance_id == case.id)).all()
    assert specs == ["review_overdue"]


def test_worker_once_opens_each_county_s_yearly_management_fee_case(app, runner, clock):
    """六(二)2 "分期拨付": a county whose hand-over recorded its plan gets its year's fee case from
    the worker that `make run` starts, once."""
    yijiao = app.extensions["yijiao"]
    yijiao["engine"].clock = clock
    with yijiao["sessions"]() as session, session.begin():
        yijiao["engine"].deploy_directory(session, ENGINE_FIXTURES.parents[2] / "processes")
        session.add(
            FeeCycle(
                programme_id=1, county_code="410105", first_year=2017, opened_at=clock.now(),
                basis={
                    "county": {"code": "410105", "name": "郑州市金水区", "prefecture_code": "410100"},
                    "enterprise": {"name": "平煤神马"}, "fee_payer": "provincial",
                    "parties": {"receiving_government": "org-gov-410105", "finance_bureau": "org-finance"},
                },
                first_plan={"budget_document": "豫财社〔2017〕12号",
                            "instalments": [{"due_on": "2017-05-15", "amount": 4000}]},
            )
        )  # fmt: skip
    result = runner.invoke(args=["worker", "--once"])
    assert result.exit_code == 0, result.output
    assert "opened 1 yearly management fee case(s)" in result.output
    assert "opened" not in runner.invoke(args=["worker", "--once"]).output
    with yijiao["sessions"]() as session:
        item = session.scalar(select(WorkItem).where(WorkItem.spec_id == "disburse_fee_instalment"))
    assert item.owner_org == "org-finance"


def test_verify_audit_command_reports_the_first_broken_link(app, runner, db_engine):
    sessions = app.extensions["yijiao"]["sessions"]
    with sessions() as session, session.begin():
        for action in ("one", "two", "three"):
            audit.record(session, action, "system", app.extensions["yijiao"]["engine"].clock.now())
    result = runner.invoke(args=["verify-audit"])
    assert result.exit_code == 0, result.output
    assert "intact" in result.output and "3 event(s)" in result.output

    with sessions() as session:
        second = session.scalar(select(AuditEvent.id).where(AuditEvent.action == "two"))
    around_the_app(db_engine, f"UPDATE audit_event SET detail = '{{\"forged\": true}}' WHERE id = {second}")
    result = runner.invoke(args=["verify-audit"])
    assert result.exit_code == 1
    assert f"event {second}" in result.output and "seq 2" in result.output
