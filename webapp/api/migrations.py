"""Migrating a process's running cases to another version (designers): preview, then apply."""

from __future__ import annotations

from typing import Any

from flask import jsonify

from engine.versions.migration import CasePreview, Migration, MigrationResult

from ..context import db_session, engine, reading
from ..ids import MAX_ID
from .auth import caller, token_required
from .blueprint import bp
from .params import json_object
from .processes import DEPLOYER_ROLES
from .refusals import ApiError, invalid

#: the most cases one request names (a page of cases picked by hand is far fewer)
MOST_CASES = 1000


@bp.post("/processes/<key>/migrations/preview")
@token_required
def preview_migration(key: str):
    plan = _plan(key)
    with reading() as session:
        cases = engine().migration_preview(session, plan)
        body = {**_versions(plan), "cases": [case_preview(case) for case in cases]}
    return jsonify(body)


@bp.post("/processes/<key>/migrations")
@token_required
def migrate(key: str):
    plan = _plan(key)
    session = db_session()
    with session.begin():
        result = engine().migrate(session, plan, caller().actor)
    return jsonify(migration_result(result))


def _plan(key: str) -> Migration:
    """The caller may migrate, and the body says from which version to which, and which cases."""
    if not caller().has_role(*DEPLOYER_ROLES):
        raise ApiError(403, "forbidden", "只有流程设计人员或系统管理员可以迁移案件。")
    body = json_object()
    problems: dict[str, list[str]] = {}
    versions = {name: _positive(body.get(name), name, problems) for name in ("from_version", "to_version")}
    if not problems and versions["from_version"] == versions["to_version"]:
        problems["to_version"] = ["必须与 from_version 不同"]
    instances = _instances(body.get("instances"), problems)
    revisions = _revisions(body.get("revisions"), problems)
    if problems:
        raise invalid("迁移请求有误。", problems)
    return Migration(key, versions["from_version"], versions["to_version"], instances, revisions)


def _positive(value: Any, name: str, problems: dict[str, list[str]]) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_ID:
        problems[name] = [f"必须是 1 到 {MAX_ID} 之间的整数"]
        return 0
    return value


def _instances(value: Any, problems: dict[str, list[str]]) -> tuple[int, ...] | None:
    if value is None:
        return None
    if not isinstance(value, list) or not value or len(value) > MOST_CASES:
        problems["instances"] = [f"必须是 1 到 {MOST_CASES} 个案件编号的列表"]
        return None
    return tuple(_positive(item, f"instances.{index}", problems) for index, item in enumerate(value))


def _revisions(value: Any, problems: dict[str, list[str]]) -> dict[int, int]:
    """Case id → the revision the caller previewed (JSON object keys are strings)."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        problems["revisions"] = ["必须是 {案件编号: 版本号} 对象"]
        return {}
    revisions = {}
    for case, revision in value.items():
        if (
            not case.isascii()
            or not case.isdigit()
            or isinstance(revision, bool)
            or not isinstance(revision, int)
        ):
            problems[f"revisions.{case}"] = ["必须是案件编号对应的整数版本号"]
        else:
            revisions[int(case)] = revision
    return revisions


def _versions(plan: Migration) -> dict[str, Any]:
    return {"process": plan.key, "from_version": plan.from_version, "to_version": plan.to_version}


def case_preview(case: CasePreview) -> dict[str, Any]:
    """One case as the preview and the result show it."""
    return {
        "id": case.instance_id,
        "title": case.title,
        "revision": case.revision,
        "migratable": case.migratable,
        "refusals": list(case.refusals),
        "tasks": [
            {"process": t.process, "element": t.element, "old": t.old, "new": t.new, "outcome": t.outcome}
            for t in case.tasks
        ],
    }


def migration_result(result: MigrationResult) -> dict[str, Any]:
    return {
        "process": result.key,
        "from_version": result.from_version,
        "to_version": result.to_version,
        "migrated": [case_preview(case) for case in result.migrated],
        "refused": [case_preview(case) for case in result.refused],
    }
