"""Cases (案件): start one, read one, deliver a message it waits for, fetch its documents."""

from __future__ import annotations

from io import BytesIO
from typing import Any

from flask import jsonify, send_file, url_for
from sqlalchemy import select
from sqlalchemy.orm import Session

import forms
from engine import InvalidParties, NotFound, NotYourTask, procedures
from engine.directory import access
from engine.directory.organisations import Organisation
from engine.workflow import definitions
from engine.workflow.documents import Document
from engine.workflow.models import ProcessDefinition
from engine.workflow.routing import check_parties

from ..cases.starting import start_from_form, startable_definition
from ..context import db_session, engine, reading
from ..documents import case_documents
from . import comments, documents, serialise
from .auth import caller, token_required
from .blueprint import bp
from .params import json_object
from .refusals import invalid


@bp.post("/instances")
@token_required
def start():
    body = json_object()
    if "form" in body:
        return _start_from_form(body)
    process, title, data = body.get("process"), body.get("title"), body.get("data", {})
    problems = {}
    if not isinstance(process, str) or not process:
        problems["process"] = ["必填，流程标识（如 retiree_handover_programme）"]
    if not isinstance(data, dict):
        problems["data"] = ["必须是对象"]
    if title is not None and not isinstance(title, str):
        problems["title"] = ["必须是文本"]
    if problems:
        raise invalid("请求有误。", problems)
    session = db_session()
    with session.begin():
        definition = startable_definition(session, process, caller().organisation_kind)
        if definition is None:  # the same rule as the page: the start event's lane, by hand
            raise NotFound(f"process '{process}' cannot be started by this organisation")
        declared = procedures.procedure(process)
        if declared is not None and declared.start is not None:
            raise invalid(
                "此流程须以开办表单开办：各方和组织目录由系统按单位名录确定。",
                {"form": ['请提交 {"process", "form": {开办表单各项}}']},
            )
        parties = _known_parties(session, body.get("parties"))
        _check_party_kinds(session, parties, definitions.starter_role(session, definition))
        case = engine().start(session, process, parties, data, actor=caller().actor, title=title)
        answer = serialise.instance(case, session.get(ProcessDefinition, case.definition_id))
    return jsonify(answer), 201, {"Location": url_for("api.instance", instance_id=answer["id"])}


def _start_from_form(body: dict[str, Any]):
    """A case from its start form's answers, as the page starts it (the procedure maps them to
    parties, data and title); only processes the caller's organisation may start by hand."""
    process, answers = body.get("process"), body.get("form")
    if not isinstance(process, str) or not process:
        raise invalid("请求有误。", {"process": ["必填，流程标识（如 retiree_handover_programme）"]})
    if not isinstance(answers, dict):
        raise invalid("请求有误。", {"form": ["必须是对象（开办表单的各项）"]})
    session = db_session()
    with session.begin():
        if startable_definition(session, process, caller().organisation_kind) is None:
            raise NotFound(f"process '{process}' cannot be started by this organisation")
        problems = forms.validate(f"start_{process}", answers)
        if problems:
            raise invalid("开办表单有误。", {f"form.{k}" if k else "form": v for k, v in problems.items()})
        case = start_from_form(session, engine(), process, answers, caller())
        answer = serialise.instance(case, session.get(ProcessDefinition, case.definition_id))
    return jsonify(answer), 201, {"Location": url_for("api.instance", instance_id=answer["id"])}


def _check_party_kinds(session: Session, parties: dict[str, str], starter: str | None) -> None:
    """Each party plays its own role (an organisation of that kind), and the caller's
    organisation is the party of the start event's lane: nobody starts a case as someone else."""
    query = select(Organisation.id, Organisation.kind).where(Organisation.id.in_(list(parties.values())))
    kinds = dict(session.execute(query).tuples().all())
    wrong = sorted(role for role, org in parties.items() if kinds.get(org) != role)
    if wrong:
        raise InvalidParties(f"parties of another kind than their role: {', '.join(wrong)}")
    if starter is None or parties.get(starter) != caller().organisation_id:
        raise NotYourTask("the caller's organisation must be the party that starts the case")


def _known_parties(session: Session, parties: Any) -> dict[str, str]:
    """Parties in the engine's shape, each an active organisation of the directory."""
    parties = check_parties(parties)
    known = set(
        session.scalars(
            select(Organisation.id).where(
                Organisation.id.in_(sorted(set(parties.values()))), Organisation.active.is_(True)
            )
        )
    )
    unknown = sorted(set(parties.values()) - known)
    if unknown:
        raise InvalidParties(f"unknown organisation(s) in parties: {', '.join(unknown)}")
    return parties


@bp.get("/instances/<int:instance_id>")
@token_required
def instance(instance_id: int):
    return jsonify(_detail(instance_id))


def _detail(instance_id: int) -> dict[str, Any]:
    with reading() as session:
        view = engine().case_view(session, instance_id, caller().actor)
        detail = serialise.case_detail(view, engine().clock.now())
        detail["history"] = comments.history(session, view)
        detail["documents"] += documents.generated(session, instance_id)
        return detail


@bp.post("/instances/<int:instance_id>/messages/<name>")
@token_required
def send_message(instance_id: int, name: str):
    payload = json_object(required=False).get("payload", {})
    session = db_session()
    with session.begin():
        access.visible_case(session, instance_id, caller().actor)
        engine().send_message(session, instance_id, name, payload, actor=caller().actor)
    return jsonify(_detail(instance_id))


@bp.get("/documents/<int:document_id>")
@token_required
def document(document_id: int):
    session = db_session()
    with session.begin():
        found = case_documents.stored(session, engine(), caller().actor, document_id)
        content = session.scalar(select(Document.content).where(Document.id == found.id))
        return send_file(
            BytesIO(content), mimetype=found.content_type, as_attachment=True, download_name=found.filename
        )
