"""A process's versions over the API: list, files (the exact bytes deployed), diff.

Read by designers, supervisors and administrators (the processes area's readers); others 403."""

from __future__ import annotations

from typing import Any

from flask import jsonify, request, url_for

from engine.versions import history
from engine.versions.decisions import Rule
from engine.versions.diagrams import Comparison
from engine.versions.diff import Change, DecisionDiff, ElementDiff
from engine.workflow import definitions

from ..context import reading
from ..processes import READER_ROLES
from ..processes.downloads import file_download
from .auth import caller, token_required
from .blueprint import bp
from .refusals import ApiError, invalid
from .serialise import iso


def _readers_only() -> None:
    if not caller().has_role(*READER_ROLES):
        raise ApiError(403, "forbidden", "只有流程设计人员、督办人员或系统管理员可以查看流程的版本。")


@bp.get("/processes/<key>/versions")
@token_required
def list_versions(key: str):
    _readers_only()
    with reading() as session:
        body = [
            _version(v, definitions.version_file_names(session, v.definition))
            for v in history.versions(session, key)
        ]
    return jsonify({"key": key, "versions": body})


@bp.get("/processes/<key>/versions/<int:number>/files/<path:name>")
@token_required
def get_version_file(key: str, number: int, name: str):
    _readers_only()
    with reading() as session:
        content = history.version_file(session, history.version(session, key, number), name)
    return file_download(name, content)


@bp.get("/processes/<key>/diff")
@token_required
def diff_process_versions(key: str):
    _readers_only()
    numbers = {name: history.version_number(request.args.get(name)) for name in ("from", "to")}
    wrong = {name: ["须为版本号（正整数）"] for name, number in numbers.items() if number is None}
    if wrong:
        raise invalid("请用 from 和 to 给出要比较的两个版本号。", wrong)
    with reading() as session:
        diff = Comparison.load(session, key, numbers["from"], numbers["to"]).diff
    return jsonify(
        {
            "key": key,
            "from": numbers["from"],
            "to": numbers["to"],
            "elements": [_element(e) for e in diff.elements],
            "decisions": [_decision(d) for d in diff.decisions],
        }
    )


def _version(version: history.Version, files: list[str]) -> dict[str, Any]:
    d = version.definition
    return {
        "version": d.version,
        "name": d.name,
        "deployed_by": d.deployed_by,
        "deployed_at": iso(d.deployed_at),
        "content_hash": d.content_hash,
        "lanes": list(d.lanes),
        "lane_roles": (d.lane_roles or {}).get(d.key, {}),
        "cases": {"running": version.running, "completed": version.completed},
        "files": [
            {"name": name, "url": url_for("api.get_version_file", key=d.key, number=d.version, name=name)}
            for name in files
        ],
    }


def _changes(changes: tuple[Change, ...]) -> list[dict[str, Any]]:
    return [{"attribute": c.attribute, "old": c.old, "new": c.new} for c in changes]


def _element(element: ElementDiff) -> dict[str, Any]:
    return {
        "process": element.process,
        "id": element.id,
        "kind": element.kind,
        "name": element.name,
        "status": element.status,
        "changes": _changes(element.changes),
    }


def _rule(rule: Rule | None) -> dict[str, Any] | None:
    if rule is None:
        return None
    return {
        "when": list(rule.when),
        "then": list(rule.then),
        "description": rule.description,
        "text": rule.text,
    }


def _decision(decision: DecisionDiff) -> dict[str, Any]:
    return {
        "id": decision.id,
        "name": decision.name,
        "status": decision.status,
        "changes": _changes(decision.changes),
        "rules": [
            {"id": r.id, "status": r.status, "old": _rule(r.old), "new": _rule(r.new)} for r in decision.rules
        ],
    }
