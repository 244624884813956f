"""Migrating running cases from one version of a process to the next (engine.versions.migration)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from engine import NotFound
from engine.directory.audit import AuditEvent
from engine.versions import migration
from engine.versions.migration import Migration
from engine.workflow import instances
from engine.workflow.models import ProcessDefinition, ProcessInstance, TimerEvent, WorkItem
from tests import migration_sample as sample
from tests.migration_sample import KEY, PARENT, Cases


@pytest.fixture
def cases(engine, tx, clock, officials) -> Cases:
    sample.deploy(engine, tx, 1)
    actors = {"enterprise": officials.enterprise, "receiving_government": officials.county}
    return Cases(engine, tx, clock, officials.parties, actors)


def version_of(tx, case: int) -> int:
    """The version of its process a case runs on."""
    with tx() as session:
        return session.get(ProcessDefinition, session.get(ProcessInstance, case).definition_id).version


def previews(engine, tx, **kwargs):
    with tx() as session:
        return {p.instance_id: p for p in engine.migration_preview(session, Migration(KEY, 1, 2, **kwargs))}


def migrate(engine, tx, actor="designer", **kwargs):
    with tx() as session:
        return engine.migrate(session, Migration(KEY, 1, 2, **kwargs), actor)


def test_a_case_not_migrated_finishes_on_the_version_it_started_on(engine, tx, cases):
    [case] = cases.at("review")
    sample.deploy(engine, tx, 2)
    cases.complete(case, "review")
    assert cases.open_steps(case) == ["old_check"]
    cases.complete(case, "old_check")
    with tx() as session:
        assert session.get(ProcessInstance, case).status == "completed"
    assert version_of(tx, case) == 1


def test_a_new_case_starts_on_the_new_version(engine, tx, cases):
    sample.deploy(engine, tx, 2)
    [case] = cases.at("prepare")
    assert version_of(tx, case) == 2
    cases.complete(case, "prepare")
    assert cases.open_steps(case) == ["new_sign"]


def test_the_preview_refuses_a_case_waiting_at_a_task_the_new_version_removed(engine, tx, cases):
    [case] = cases.at("old_check")
    sample.deploy(engine, tx, 2)
    preview = previews(engine, tx)[case]
    assert not preview.migratable
    assert preview.refusals == ("停在第 2 版已删除的任务 '旧版复核'",)


def test_the_preview_names_what_each_case_keeps_and_what_changed(engine, tx, cases):
    [at_review], [at_timer], [at_prepare] = cases.at("review"), cases.at("wait_reply"), cases.at("prepare")
    sample.deploy(engine, tx, 2)
    found = previews(engine, tx)
    assert all(p.migratable for p in found.values())
    assert [(t.element, t.outcome) for t in found[at_prepare].tasks] == [("prepare", "kept")]
    # the timer's predecessor changed, not the timer itself
    assert [(t.element, t.outcome) for t in found[at_timer].tasks] == [("wait_reply", "kept")]
    [review] = found[at_review].tasks
    assert (review.outcome, review.old, review.new) == ("changed", "审核材料", "审核材料（新版）")


def test_a_preview_changes_nothing(engine, tx, cases):
    [case] = cases.at("review")
    sample.deploy(engine, tx, 2)
    with tx() as session:
        revision = session.get(ProcessInstance, case).revision
    previews(engine, tx)
    with tx() as session:
        assert session.get(ProcessInstance, case).revision == revision
        assert session.scalars(select(AuditEvent).where(AuditEvent.action == "migrate")).all() == []
    assert version_of(tx, case) == 1


def test_fifty_cases_migrate_at_once_and_those_at_a_removed_task_stay(engine, tx, cases):
    stuck = cases.at("old_check", 5)
    at_review = cases.at("review", 15)
    at_timer = cases.at("wait_reply", 15)
    at_prepare = cases.at("prepare", 15)
    sample.deploy(engine, tx, 2)
    found = previews(engine, tx)
    assert sorted(found) == sorted(stuck + at_review + at_timer + at_prepare)
    assert {c for c, p in found.items() if not p.migratable} == set(stuck)

    result = migrate(engine, tx)

    assert sorted(p.instance_id for p in result.migrated) == sorted(at_review + at_timer + at_prepare)
    assert [p.instance_id for p in result.refused] == stuck
    assert {version_of(tx, c) for c in stuck} == {1}
    assert {version_of(tx, c) for c in at_review + at_timer + at_prepare} == {2}
    with tx() as session:
        [event] = session.scalars(select(AuditEvent).where(AuditEvent.action == "migrate")).all()
    assert (event.actor, event.definition_key, event.definition_version) == ("designer", KEY, 2)
    assert sorted(event.detail["migrated"]) == sorted(at_review + at_timer + at_prepare)
    assert event.detail["refused"] == {str(c): ["停在第 2 版已删除的任务 '旧版复核'"] for c in stuck}


def test_migrated_cases_go_on_by_the_new_version(engine, tx, cases):
    [stuck], [at_review], [at_prepare] = cases.at("old_check"), cases.at("review"), cases.at("prepare")
    sample.deploy(engine, tx, 2)
    migrate(engine, tx)
    cases.complete(at_prepare, "prepare")
    assert cases.open_steps(at_prepare) == ["new_sign"]
    cases.complete(at_review, "review")  # version 1 would go on to 旧版复核
    with tx() as session:
        assert session.get(ProcessInstance, at_review).status == "completed"
    cases.complete(stuck, "old_check")  # the refused case finishes on version 1
    with tx() as session:
        assert session.get(ProcessInstance, stuck).status == "completed"


def test_a_migrated_case_keeps_its_work_item_and_its_claim(engine, tx, cases, officials):
    [case] = cases.at("review")
    item = cases.open_item(case, "review")
    with tx() as session:
        engine.claim(session, item.id, officials.county)
    sample.deploy(engine, tx, 2)
    migrate(engine, tx)
    with tx() as session:
        items = engine.work_items(session, case)
    assert [(i.id, i.state, i.claimed_by) for i in items if i.spec_id == "review"] == [
        (item.id, "open", officials.county.user_id)
    ]
    assert [i for i in items if i.state == "open"] == [i for i in items if i.id == item.id]
    assert items[-1].name == "审核材料（新版）"  # the item shows the task as the new version names it
    cases.complete(case, "review")


def test_a_case_waiting_at_a_task_whose_routing_changed_waits_until_it_is_done(engine, tx, cases):
    [case] = cases.at("review")
    due = '<spiffworkflow:property name="due" value="date(2017, 5, 1)" />'
    changed = sample.version_file(2)[f"{KEY}.bpmn"].replace(
        '<bpmn:userTask id="review" name="审核材料（新版）">'.encode(),
        f'<bpmn:userTask id="review" name="审核材料（新版）"><bpmn:extensionElements>'
        f"<spiffworkflow:properties>{due}</spiffworkflow:properties></bpmn:extensionElements>".encode(),
    )
    with tx() as session:
        engine.deploy(session, {f"{KEY}.bpmn": changed})
    assert previews(engine, tx)[case].refusals == (
        "待办任务 '审核材料' 在第 2 版中改了办理泳道或表单等，须先办完再迁移",
    )


def test_a_waiting_timer_keeps_its_deadline_through_migration(engine, tx, cases, clock):
    [case] = cases.at("wait_reply")
    with tx() as session:
        [timer] = session.scalars(select(TimerEvent).where(TimerEvent.instance_id == case)).all()
        due = timer.due_at
    sample.deploy(engine, tx, 2)
    clock.advance(timedelta(days=1))
    migrate(engine, tx)
    with tx() as session:
        timers = session.scalars(select(TimerEvent).where(TimerEvent.instance_id == case)).all()
    assert [(t.state, t.due_at) for t in timers] == [("waiting", due)]
    clock.advance(timedelta(days=1, hours=1))
    cases.fire_timers()
    assert cases.open_steps(case) == ["review"]
    with tx() as session:
        [item] = session.scalars(
            select(WorkItem).where(WorkItem.instance_id == case, WorkItem.state == "open")
        )
        assert item.name == "审核材料（新版）"


def test_a_timer_the_new_version_changed_starts_afresh_on_the_migration_day(engine, tx, cases, clock):
    [case] = cases.at("wait_reply")
    with tx() as session:
        engine.deploy(
            session, {f"{KEY}.bpmn": sample.version_file(2)[f"{KEY}.bpmn"].replace(b'"P2D"', b'"P5D"')}
        )
    clock.advance(timedelta(days=1))
    [timer] = previews(engine, tx)[case].tasks
    assert (timer.element, timer.outcome) == ("wait_reply", "changed")
    migrate(engine, tx)
    with tx() as session:
        timers = session.scalars(select(TimerEvent).where(TimerEvent.instance_id == case)).all()
    assert [(t.state, t.due_at) for t in timers] == [("waiting", clock.now() + timedelta(days=5))]


def test_a_task_renamed_in_place_is_moved_onto_its_new_element(engine, tx, cases):
    [case] = cases.at("old_check")
    renamed = sample.version_file(1)[f"{KEY}.bpmn"].replace(b"old_check", b"final_check")
    with tx() as session:
        engine.deploy(session, {f"{KEY}.bpmn": renamed})
    [task] = previews(engine, tx)[case].tasks
    assert (task.element, task.outcome) == ("old_check", "moved")
    migrate(engine, tx)
    assert cases.open_steps(case) == ["final_check"]  # the work item follows its task
    cases.complete(case, "final_check")
    with tx() as session:
        assert session.get(ProcessInstance, case).status == "completed"


def test_a_case_waiting_in_a_called_process_migrates_with_it(engine, tx, cases):
    sample.deploy_parent(engine, tx)
    [stuck], [moving] = cases.at("old_check", process=PARENT), cases.at("review", process=PARENT)
    sample.deploy(engine, tx, 2)  # the calling process gets a version 2 with it
    with tx() as session:
        found = {p.instance_id: p for p in engine.migration_preview(session, Migration(PARENT, 1, 2))}
    assert found[stuck].refusals == ("停在第 2 版已删除的任务 '旧版复核'",)
    assert [(t.process, t.element, t.outcome) for t in found[moving].tasks] == [
        (PARENT, "call_sample", "kept"),
        (KEY, "review", "changed"),
    ]
    with tx() as session:
        result = engine.migrate(session, Migration(PARENT, 1, 2), "designer")
    assert [p.instance_id for p in result.migrated] == [moving]
    cases.complete(moving, "review")  # version 2 of the called process ends here, and so the case
    with tx() as session:
        assert session.get(ProcessInstance, moving).status == "completed"


def test_only_the_chosen_cases_migrate(engine, tx, cases):
    first, second = cases.at("prepare", 2)
    sample.deploy(engine, tx, 2)
    result = migrate(engine, tx, instance_ids=(second,))
    assert [p.instance_id for p in result.migrated] == [second]
    assert (version_of(tx, first), version_of(tx, second)) == (1, 2)


def test_a_case_changed_since_its_preview_is_refused(engine, tx, cases):
    [case] = cases.at("prepare")
    sample.deploy(engine, tx, 2)
    seen = previews(engine, tx)[case].revision
    cases.complete(case, "prepare")
    result = migrate(engine, tx, instance_ids=(case,), revisions={case: seen})
    assert [p.refusals for p in result.refused] == [("预览之后案件又有变化，请重新预览",)]
    assert version_of(tx, case) == 1


def test_a_case_another_step_changes_while_migrating_is_refused_and_the_others_move(engine, tx, cases, clock):
    first, second = cases.at("prepare", 2)
    sample.deploy(engine, tx, 2)
    with tx() as session:

        def meanwhile_changed(instance, workflow, change):
            if instance.id == first:  # another request saves the case between its load and this write
                bump = ProcessInstance.revision + 1
                stale = update(ProcessInstance).where(ProcessInstance.id == first).values(revision=bump)
                session.execute(stale.execution_options(synchronize_session=False))
            change()
            instances.store_state(instance, workflow, clock.now())
            instances.flush_or_conflict(session, "changed meanwhile")

        result = migration.apply(
            session, engine.script_engine, clock, Migration(KEY, 1, 2), "designer", meanwhile_changed
        )
    assert [(p.instance_id, p.refusals) for p in result.refused] == [
        (first, ("迁移时案件正被他人办理，请重新预览",))
    ]
    assert [p.instance_id for p in result.migrated] == [second]
    assert (version_of(tx, first), version_of(tx, second)) == (1, 2)


def test_a_finished_case_or_one_on_another_version_is_refused(engine, tx, cases):
    [done] = cases.at("old_check")
    cases.complete(done, "old_check")
    sample.deploy(engine, tx, 2)
    [newer] = cases.at("prepare")
    found = previews(engine, tx, instance_ids=(done, newer))
    assert found[done].refusals == ("案件已办结",)
    assert found[newer].refusals == ("案件不在第 1 版上",)


def test_an_unknown_version_or_case_is_not_found(engine, tx, cases):
    with tx() as session, pytest.raises(NotFound, match="no version 2"):
        engine.migration_preview(session, Migration(KEY, 1, 2))
    sample.deploy(engine, tx, 2)
    with tx() as session, pytest.raises(NotFound, match="no case 999"):
        engine.migration_preview(session, Migration(KEY, 1, 2, instance_ids=(999,)))
