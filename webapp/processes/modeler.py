"""The designer's modeler (bpmn-js, dmn-js): edit, validate and deploy a process in the browser.

The page carries everything the script needs in data attributes (the files of the newest version,
the roles lanes stand for, the forms, the deployed processes and decisions, and its texts, translated
here); the script posts the whole bundle back as JSON to ``validate`` or ``deploy``.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any, NoReturn

from flask import abort, jsonify, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import Session

import forms
from engine import InvalidDefinition
from engine.directory.roles import ROLE_NAMES
from engine.workflow import bundles, definitions, deploying
from engine.workflow.models import ProcessDefinition
from engine.workflow.overdue import MILESTONES

from ..context import db_session, engine
from ..errors import problem_body
from .blueprint import bp, editors_only
from .forms import editor_page


@bp.get("/<key>/edit")
@editors_only
def edit(key: str):
    """The newest version of ``key`` in the modeler: its own file first, then the files it calls."""
    session = db_session()
    with session.begin():
        definition = definitions.latest_definition(session, key, required=False)
        if definition is None:
            abort(404)
        files = definitions.version_texts(session, definition)
        page = _page(session, files, main=_file_defining(files, key), definition=definition)
        return render_template("processes/modeler.html", definition=definition, page=page)


@bp.get("/new")
@editors_only
def new():
    """An empty diagram, or files the designer opens from their computer (read by the browser)."""
    session = db_session()
    with session.begin():
        return render_template("processes/modeler.html", definition=None, page=_page(session, {}, main=None))


@bp.post("/validate")
@editors_only
def validate():
    """Every problem deploying the bundle would meet: 200 with none, 422 with some."""
    files, lane_roles = _bundle()
    session = db_session()
    with session.begin():
        problems = engine().check(session, files, lane_roles)
    return jsonify({"problems": [problem_body(p) for p in problems]}), 422 if problems else 200


@bp.post("/deploy")
@editors_only
def deploy():
    """Deploy every file of the bundle as one: a new version of what changed, or 422 and nothing."""
    files, lane_roles = _bundle()
    session = db_session()
    try:
        with session.begin():
            done = engine().deploy(session, files, actor=current_user.actor, lane_roles=lane_roles)
            names = {d.key: definitions.latest_definition(session, d.key).name for d in done}
    except InvalidDefinition as refused:
        return jsonify({"problems": [problem_body(p) for p in refused.problems]}), 422
    deployments = [
        {"key": d.key, "name": names[d.key], "version": d.version, "changed": d.changed} for d in done
    ]
    return jsonify({"deployments": deployments}), 201 if any(d.changed for d in done) else 200


# -- the request -------------------------------------------------------------------------------


def _bundle() -> tuple[dict[str, bytes], dict[str, dict[str, str]]]:
    """``files`` (name → XML text) and ``lane_roles`` of the JSON body; 400 naming what is wrong."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        _refuse(_("The request must be a JSON object with the files to check."))
    files = body.get("files")
    if not isinstance(files, dict) or not files:
        _refuse(_("files: give at least one file, as name → XML text."))
    bundle: dict[str, bytes] = {}
    for name, text in files.items():
        base = PurePosixPath(str(name).replace("\\", "/")).name
        if not base.endswith(deploying.BUNDLE_SUFFIXES) or not isinstance(text, str):
            _refuse(_("files: %(name)s must be a .bpmn, .dmn or form (.json) file given as text.", name=name))
        if base in bundle:
            _refuse(_("files: %(name)s is given twice.", name=base))
        bundle[base] = text.encode("utf-8")
    return bundle, _lane_roles(body.get("lane_roles") or {})


def _lane_roles(value: Any) -> dict[str, dict[str, str]]:
    if not deploying.is_lane_roles(value):
        _refuse(_("lane_roles: give process id → {lane name → role}."))
    return value


def _refuse(message: str) -> NoReturn:
    response = jsonify({"error": {"code": "bad_request", "message": message}})
    response.status_code = 400
    abort(response)


# -- the page ----------------------------------------------------------------------------------


def _page(
    session: Session, files: dict[str, str], main: str | None, definition: ProcessDefinition | None = None
) -> dict[str, Any]:
    """What the page's script reads from its data attributes."""
    deployed = definitions.deployed_sources(session)
    return {
        "files": files,
        "main": main,
        "roles": [{"value": code, "label": f"{name}（{code}）"} for code, name in ROLE_NAMES.items()],
        "forms": [{"value": key, "label": f"{forms.load(key).title}（{key}）"} for key in forms.keys()],
        "milestones": [{"value": m, "label": m} for m in MILESTONES],
        "processes": [
            {"value": d.key, "label": f"{d.name}（{d.key}）"} for d in definitions.latest_definitions(session)
        ],
        "decisions": [{"value": d, "label": d} for d in sorted(_defined_by(deployed, ".dmn"))],
        "texts": _texts(),
        "library": _library_texts(),
        "urls": {"validate": url_for("processes.validate"), "deploy": url_for("processes.deploy")},
        "form_editor": editor_page(session, definition),
    }


def _defined_by(files: dict[str, str], suffix: str) -> set[str]:
    """The process or decision ids the files ending with ``suffix`` define."""
    return set().union(*(bundles.defined_ids(text) for name, text in files.items() if name.endswith(suffix)))


def _file_defining(files: dict[str, str], key: str) -> str | None:
    return next((name for name in files if key in _defined_by({name: files[name]}, ".bpmn")), None)


def _texts() -> dict[str, str]:
    """The script's texts, in the reader's language (English message ids, as in the templates)."""
    return {
        "group": _("Yijiao settings"),
        "none": _("(none)"),
        "role": _("Role of the lane"),
        "formSelect": _("Form"),
        "form": _("Form key"),
        "formHint": _("A form of forms/schemas, or a key typed here."),
        "instructions": _("Instructions"),
        "milestoneSelect": _("Milestone"),
        "due": _("Due date"),
        "dueHint": _("An expression giving the date; without one the milestone's deadline applies."),
        "owner": _("Owner of each item"),
        "ownerHint": _('An expression giving the organisation, e.g. allocation["community_org"].'),
        "data_key": _("Where the form's answers go"),
        "collection": _("Collection"),
        "collectionHint": _("The variable holding the list: one task per item."),
        "elementVariable": _("Item variable"),
        "outputCollection": _("Output collection"),
        "outputElement": _("Output item variable"),
        "calledProcess": _("Called procedure"),
        "decision": _("Decision table"),
        "operator": _("Service"),
        "resultVariable": _("Result variable"),
        "script": _("Script"),
        "preScript": _("Script before the task"),
        "postScript": _("Script after the task"),
        "condition": _("Condition"),
        "conditionHint": _("A Python expression over the case data."),
        "timerKind": _("Timer"),
        "timeDuration": _("After a duration"),
        "timeDate": _("At a date"),
        "timeCycle": _("Repeatedly"),
        "timerExpression": _("Timer expression"),
        "timerHint": _('A Python expression: quote fixed values, e.g. "PT24H".'),
        "messageVariable": _("Variable receiving the message"),
        "validating": _("Checking…"),
        "valid": _("No problems found: the procedure can be deployed."),
        "problemsFound": _("%(count)s problems found; deploy refused until they are fixed."),
        "deploying": _("Deploying…"),
        "deployed": _("Deployed:"),
        "deployedVersion": _("%(name)s version %(number)s"),
        "unchanged": _("Nothing changed: the versions stay as they are."),
        "failed": _("The request failed; reload the page and try again."),
        "cannotOpen": _("Cannot open"),
    }


def _library_texts() -> dict[str, str]:
    """bpmn-js, its properties panel and bpmnlint speak English: the texts a designer sees most,
    translated here (keyed by the library's own English text)."""
    return {
        "Activate hand tool": _("Activate hand tool"),
        "Activate lasso tool": _("Activate lasso tool"),
        "Activate create/remove space tool": _("Activate create/remove space tool"),
        "Activate global connect tool": _("Activate global connect tool"),
        "Create start event": _("Create start event"),
        "Create intermediate/boundary event": _("Create intermediate/boundary event"),
        "Create end event": _("Create end event"),
        "Create gateway": _("Create gateway"),
        "Create task": _("Create task"),
        "Create expanded sub-process": _("Create expanded sub-process"),
        "Create data object reference": _("Create data object reference"),
        "Create data store reference": _("Create data store reference"),
        "Create pool/participant": _("Create pool/participant"),
        "Create group": _("Create group"),
        "Append task": _("Append task"),
        "Append end event": _("Append end event"),
        "Append gateway": _("Append gateway"),
        "Append intermediate/boundary event": _("Append intermediate/boundary event"),
        "Append text annotation": _("Append text annotation"),
        "Add text annotation": _("Add text annotation"),
        "Change element": _("Change element"),
        "Connect to other element": _("Connect to other element"),
        "Connect using association": _("Connect using association"),
        "Delete": _("Delete"),
        "Add lane above": _("Add lane above"),
        "Add lane below": _("Add lane below"),
        "Divide into two lanes": _("Divide into two lanes"),
        "Divide into three lanes": _("Divide into three lanes"),
        "General": _("General"),
        "Name": _("Name"),
        "ID": _("ID"),
        "Documentation": _("Documentation"),
        "Element documentation": _("Element documentation"),
        "Process documentation": _("Process documentation"),
        "Executable": _("Executable"),
        "Multi-instance": _("Multi-instance"),
        "Loop cardinality": _("Loop cardinality"),
        "Completion condition": _("Completion condition"),
        "Message": _("Message"),
        "Global message reference": _("Global message reference"),
        "Signal": _("Signal"),
        "Global signal reference": _("Global signal reference"),
        "Create new ...": _("Create new ..."),
        "<none>": _("<none>"),
        "Element must have an unique id.": _("Element must have an unique id."),
        "Id must be a valid QName.": _("Id must be a valid QName."),
        "Id must not contain spaces.": _("Id must not contain spaces."),
        "Process": _("Process"),
        "Collaboration": _("Collaboration"),
        "Participant": _("Participant"),
        "Lane": _("Lane"),
        "Task": _("Task"),
        "User Task": _("User Task"),
        "Service Task": _("Service Task"),
        "Script Task": _("Script Task"),
        "Business Rule Task": _("Business Rule Task"),
        "Call Activity": _("Call Activity"),
        "Sub Process": _("Sub Process"),
        "Start Event": _("Start Event"),
        "End Event": _("End Event"),
        "Intermediate Catch Event": _("Intermediate Catch Event"),
        "Exclusive Gateway": _("Exclusive Gateway"),
        "Parallel Gateway": _("Parallel Gateway"),
        "Sequence Flow": _("Sequence Flow"),
        "Toggle linting overlays": _("Toggle linting overlays"),
        "Issues for child elements": _("Issues for child elements"),
        "{errors} Errors, {warnings} Warnings": _("{errors} Errors, {warnings} Warnings"),
        "No Issues": _("No Issues"),
    }
