"""Deployed procedures: list them; validate and deploy a BPMN/DMN file (designers)."""

from __future__ import annotations

from pathlib import PurePosixPath

from flask import jsonify, request

from engine import InvalidDefinition, Problem
from engine.workflow import definitions

from ..context import db_session, engine
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
    if not caller().has_role(*DEPLOYER_ROLES):
        raise ApiError(403, "forbidden", "只有流程设计人员或系统管理员可以部署流程。")
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        raise invalid("请上传要部署的流程文件。", {"file": ["请选择一个 .bpmn 或 .dmn 文件"]})
    # Only the base name: it is the file's key among the deployed sources (a path means nothing).
    name = PurePosixPath(upload.filename.replace("\\", "/")).name
    if not name.endswith(definitions.DEFINITION_SUFFIXES):
        raise InvalidDefinition([Problem(name, "只能部署 .bpmn 或 .dmn 文件")])
    session = db_session()
    with session.begin():
        done = engine().deploy(session, {name: upload.read()}, actor=caller().actor)
    return jsonify({"deployments": [serialise.deployment(d) for d in done]}), 201
