"""A procedure's versions: who deployed each, its cases, its diagram, its files, the diff between two."""

from __future__ import annotations

from flask import Response, abort, make_response, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext
from markupsafe import Markup

from engine.directory.roles import ROLE_NAMES
from engine.errors import NotFound
from engine.versions import history
from engine.versions.diagrams import Comparison, VersionDrawing

from ..context import reading
from .blueprint import bp, readers_only
from .downloads import file_download

#: BPMN element kinds as a diff names them (any other: its BPMN name)
KIND_NAMES = {
    "process": lazy_gettext("Process"),
    "lane": lazy_gettext("Lane"),
    "sequenceFlow": lazy_gettext("Sequence flow"),
    "task": lazy_gettext("Task"),
    "userTask": lazy_gettext("User task"),
    "manualTask": lazy_gettext("Manual task"),
    "scriptTask": lazy_gettext("Script task"),
    "serviceTask": lazy_gettext("Service task"),
    "businessRuleTask": lazy_gettext("Business rule task"),
    "sendTask": lazy_gettext("Send task"),
    "receiveTask": lazy_gettext("Receive task"),
    "callActivity": lazy_gettext("Call activity"),
    "subProcess": lazy_gettext("Subprocess"),
    "startEvent": lazy_gettext("Start event"),
    "endEvent": lazy_gettext("End event"),
    "intermediateCatchEvent": lazy_gettext("Intermediate catch event"),
    "intermediateThrowEvent": lazy_gettext("Intermediate throw event"),
    "boundaryEvent": lazy_gettext("Boundary event"),
    "exclusiveGateway": lazy_gettext("Exclusive gateway"),
    "parallelGateway": lazy_gettext("Parallel gateway"),
    "inclusiveGateway": lazy_gettext("Inclusive gateway"),
    "eventBasedGateway": lazy_gettext("Event-based gateway"),
}
#: what changed on an element or a decision table (engine/versions: elements.ATTRIBUTES, decisions)
ATTRIBUTE_NAMES = {
    "name": lazy_gettext("Name"),
    "kind": lazy_gettext("Element kind"),
    "lane": lazy_gettext("Lane"),
    "role": lazy_gettext("Role"),
    "form": lazy_gettext("Form"),
    "instructions": lazy_gettext("Instructions"),
    "due": lazy_gettext("Due date"),
    "milestone": lazy_gettext("Milestone"),
    "owner": lazy_gettext("Owner"),
    "timer": lazy_gettext("Timer"),
    "message": lazy_gettext("Message"),
    "condition": lazy_gettext("Condition"),
    "called_process": lazy_gettext("Called process"),
    "decision": lazy_gettext("Decision"),
    "script": lazy_gettext("Script"),
    "pre_script": lazy_gettext("Pre-script"),
    "post_script": lazy_gettext("Post-script"),
    "loop": lazy_gettext("Multi-instance"),
    "default": lazy_gettext("Default flow"),
    "attached_to": lazy_gettext("Attached to"),
    "source": lazy_gettext("From"),
    "target": lazy_gettext("To"),
    "incoming": lazy_gettext("Incoming flows"),
    "outgoing": lazy_gettext("Outgoing flows"),
    "documentation": lazy_gettext("Documentation"),
    "hit_policy": lazy_gettext("Hit policy"),
    "inputs": lazy_gettext("Inputs"),
    "outputs": lazy_gettext("Outputs"),
    "expression": lazy_gettext("Expression"),
}


@bp.get("/<key>")
@readers_only
def show(key: str):
    """The versions of one procedure, newest first, with the cases on each."""
    with reading() as session:
        versions = history.versions(session, key)
        return render_template(
            "processes/show.html",
            key=key,
            newest=versions[0].definition,
            versions=versions,
        )


@bp.get("/<key>/versions/<int:number>")
@readers_only
def version(key: str, number: int):
    """One version: its diagram (without a case's marks), its lanes, its files."""
    with reading() as session:
        definition = history.version(session, key, number)
        drawing = VersionDrawing.load(session, definition)
        overview = drawing.overview()
        return render_template(
            "processes/version.html",
            definition=definition,
            diagram=Markup(overview) if overview else None,  # lxml escaped every name in the SVG
            openings=drawing.openings(),
            files=sorted(drawing.files),
            role_names=ROLE_NAMES,
        )


@bp.get("/<key>/versions/<int:number>/diagram.svg")
@readers_only
def version_svg(key: str, number: int):
    """A diagram of the version: of a process it calls (``process``), of a subprocess (``plane``)."""
    with reading() as session:
        drawing = VersionDrawing.load(session, history.version(session, key, number))
        svg = drawing.svg(request.args.get("process") or None, request.args.get("plane") or None)
    return Response(svg, mimetype="image/svg+xml")


@bp.get("/<key>/versions/<int:number>/files/<path:name>")
@readers_only
def version_file(key: str, number: int, name: str):
    """A file of the version, byte for byte as it was deployed."""
    with reading() as session:
        content = history.version_file(session, history.version(session, key, number), name)
    return file_download(name, content)


@bp.get("/<key>/diff")
@readers_only
def diff(key: str):
    """What changed from version ``from`` to version ``to``: lists, and both diagrams marked."""
    old_number, new_number = _compared_numbers()
    with reading() as session:
        comparison = Comparison.load(session, key, old_number, new_number)
        old, new = comparison.svg("old"), comparison.svg("new")
        return render_template(
            "processes/diff.html",
            comparison=comparison,
            diff=comparison.diff,
            old_diagram=Markup(old) if old else None,
            new_diagram=Markup(new) if new else None,
            kind_names=KIND_NAMES,
            attribute_names=ATTRIBUTE_NAMES,
        )


@bp.get("/<key>/diff.svg")
@readers_only
def diff_svg(key: str):
    """One side (``side``: old, new) of a diff, drawn for a process of the bundle (``process``)."""
    old_number, new_number = _compared_numbers()
    side, process = request.args.get("side"), request.args.get("process") or None
    if side not in ("old", "new"):
        abort(400)
    with reading() as session:
        svg = Comparison.load(session, key, old_number, new_number).svg(side, process)
    if svg is None:
        raise NotFound(f"no diagram of '{process or key}' in that version")
    return Response(svg, mimetype="image/svg+xml")


def _compared_numbers() -> tuple[int, int]:
    """The versions ``from`` and ``to`` of the query; else a page naming what is wrong (400)."""
    numbers = {name: history.version_number(request.args.get(name)) for name in ("from", "to")}
    wrong = [name for name, number in numbers.items() if number is None]
    if wrong:
        message = _("Give the two versions to compare as whole numbers: from and to.")
        detail = "、".join(f"{name}={request.args.get(name, '')!r}" for name in wrong)
        abort(make_response(render_template("error.html", status=400, message=message, detail=detail), 400))
    return numbers["from"], numbers["to"]
