"""Deployed procedures: list them; validate and deploy a bundle of BPMN/DMN files (designers)."""

from __future__ import annotations

import json
from pathlib import PurePosixPath

from flask import jsonify, request

from engine import InvalidDefinition, Problem
from engine.workflow import definitions, deploying

from ..context import db_session, engine
from ..errors import problem_body
from . import serialise
from .auth import caller, token_required
from .blueprint import bp
from .refusals import ApiError, invalid

DEPLOYER_ROLES = ("designer", "admin")


@bp.get("/processes")
@token_required
def list_processes():
    session = db_session()
    with session.begin():
        startable = {d.key for d in definitions.startable(session, caller().organisation_kind)}
        body = [serialise.process(d, d.key in startable) for d in engine().processes(session)]
    return jsonify({"processes": body})


@bp.post("/processes")
@token_required
def deploy():
    """Deploy a bundle: every ``file`` part (BPMN, DMN) as one version; ``lane_roles`` (JSON)
    maps the lanes of files drawn elsewhere to roles."""
    files, lane_roles = _bundle()
    session = db_session()
    with session.begin():
        done = engine().deploy(session, files, actor=caller().actor, lane_roles=lane_roles)
    return jsonify({"deployments": [serialise.deployment(d) for d in done]}), 201


@bp.post("/processes/validate")
@token_required
def validate():
    """What deploying the bundle would refuse; nothing is deployed."""
    files, lane_roles = _bundle()
    session = db_session()
    with session.begin():
        problems = engine().check(session, files, lane_roles)
    return jsonify({"valid": not problems, "problems": [problem_body(p) for p in problems]})


def _bundle() -> tuple[dict[str, bytes], dict[str, dict[str, str]]]:
    if not caller().has_role(*DEPLOYER_ROLES):
        raise ApiError(403, "forbidden", "只有流程设计人员或系统管理员可以部署流程。")
    uploads = [upload for upload in request.files.getlist("file") if upload.filename]
    if not uploads:
        raise invalid("请上传要部署的流程文件。", {"file": ["请选择一个或多个 .bpmn 或 .dmn 文件"]})
    files: dict[str, bytes] = {}
    for upload in uploads:
        # Only the base name (a path means nothing); files are known by the ids they define.
        name = PurePosixPath(upload.filename.replace("\\", "/")).name
        if not name.endswith(deploying.BUNDLE_SUFFIXES):
            raise InvalidDefinition([Problem(name, "只能部署 .bpmn、.dmn 文件和表单（.json）")])
        if name in files:
            raise invalid(f"一次部署中有两个文件都叫 {name}，请改名后再上传。", {"file": [name]})
        files[name] = upload.read()
    return files, _lane_roles(request.form.get("lane_roles"))


def _lane_roles(text: str | None) -> dict[str, dict[str, str]]:
    """``{"process id": {"lane name": "role"}}``, or a 422 saying what shape it must have."""
    if not text:
        return {}
    try:
        value = json.loads(text)
    except ValueError:
        value = None
    if not deploying.is_lane_roles(value):
        raise invalid(
            'lane_roles 应为 JSON：{"流程 id": {"泳道名称": "角色"}}。',
            {"lane_roles": ['格式应为 {"流程 id": {"泳道名称": "角色"}}']},
        )
    return value
