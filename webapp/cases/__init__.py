"""Cases (案件): my cases, a case's page, starting one, its documents, messages it waits for."""

from __future__ import annotations

from io import BytesIO

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required
from markupsafe import Markup

from engine.diagram import CaseDiagrams
from engine.directory import access
from engine.directory.organisations import organisation_names
from engine.directory.roles import ROLE_NAMES
from engine.registry import search
from engine.workflow import definitions
from engine.workflow.deadlines import CHINA_TZ
from engine.workflow.documents import Document
from engine.workflow.worklist import InboxFilter, cases_filtered

from .. import documents, form_data
from ..case_forms import version_form
from ..comments import thread as comment_thread
from ..context import db_session, engine, reading
from ..paging import page_number
from . import summary
from .starting import organisation_choices, start_defaults, start_from_form, startable_definition

bp = Blueprint("cases", __name__)


@bp.get("/cases")
@login_required
def index():
    """My cases (案件), found by number, title, county, community or person, procedure and status."""
    page = page_number(request.args)
    per_page = current_app.config["PER_PAGE"]
    args = {key: request.args[key] for key in ("q", "process", "status") if request.args.get(key)}
    filters = InboxFilter(process=args.get("process"), q=args.get("q", "").strip()[:100] or None)
    with reading() as session:
        filters = search.with_people(session, current_user.actor, filters)
        query = cases_filtered(access.cases_query(session, current_user.actor), filters, args.get("status"))
        cases = list(session.scalars(query.limit(per_page).offset((page - 1) * per_page)))
        processes = {d.key: d.name for d in definitions.latest_definitions(session)}
    return render_template(
        "cases/index.html", cases=cases, page=page, per_page=per_page, processes=processes, args=args
    )


@bp.get("/cases/<int:instance_id>")
@login_required
def show(instance_id: int):
    with reading() as session:
        view = engine().case_view(session, instance_id, current_user.actor)
        holders = {i.owner_org for i in view.open_items + view.done_items} | set(view.case.parties.values())
        names = organisation_names(session, holders)
        may_send = {
            name
            for name, lane in view.waiting_for
            if view.case.parties.get(lane) == current_user.organisation_id
        }
        generated = documents.case_links(session, instance_id)
        diagrams = CaseDiagrams.load(session, engine(), instance_id)
        overview, drill_downs = diagrams.overview(), diagrams.drill_downs()
        diagram = Markup(overview) if overview else None  # lxml escaped every name in the SVG
        overview_figures = summary.summary(session, instance_id, view.data)
        admin_data = summary.masked(view.data) if current_user.has_role("admin") else None
        thread = comment_thread.load(session, engine(), current_user.actor, instance_id)
    return render_template(
        "cases/show.html",
        thread=thread,
        view=view,
        summary=overview_figures,
        admin_data=admin_data,
        names=names,
        role_names=ROLE_NAMES,
        may_send=may_send,
        generated=generated,
        diagram=diagram,
        drill_downs=drill_downs,
    )


@bp.get("/cases/<int:instance_id>/diagram.svg")
@login_required
def diagram_svg(instance_id: int):
    """The case's diagram as SVG; ``process`` (a called process), ``plane`` (a subprocess of it) and
    ``run`` (the item one run is for, e.g. a county's code) open the diagrams below it."""
    with reading() as session:
        access.visible_case(session, instance_id, current_user.actor)
        svg = CaseDiagrams.load(session, engine(), instance_id).svg(
            request.args.get("process") or None,
            request.args.get("plane") or None,
            request.args.get("run") or None,
        )
    return Response(svg, mimetype="image/svg+xml")


@bp.post("/cases/<int:instance_id>/messages/<name>")
@login_required
def send_message(instance_id: int, name: str):
    session = db_session()
    with session.begin():
        access.visible_case(session, instance_id, current_user.actor)
        today = engine().clock.now().astimezone(CHINA_TZ).date().isoformat()
        payload = {
            "reported_on": today,
            "reported_by": current_user.username,
            # the day the awaited event happened (改造完成之日), from which later deadlines run
            "finished_on": request.form.get("finished_on", "").strip() or today,
            "note": request.form.get("note", ""),
        }
        engine().send_message(session, instance_id, name, payload, actor=current_user.actor)
    flash(_("Reported. The case moves on."))
    return redirect(url_for("cases.show", instance_id=instance_id))


@bp.get("/documents/<int:document_id>")
@login_required
def document(document_id: int):
    session = db_session()
    with session.begin():
        found = documents.stored(session, engine(), current_user.actor, document_id)
        content = session.get(Document, found.id).content
        return send_file(
            BytesIO(content), mimetype=found.content_type, as_attachment=True, download_name=found.filename
        )


@bp.get("/cases/new")
@login_required
def choose_process():
    session = db_session()
    with session.begin():
        startable = definitions.startable(session, current_user.organisation_kind)
    return render_template("cases/new.html", startable=startable)


def _startable_or_404(session, process: str):
    return startable_definition(session, process, current_user.organisation_kind) or abort(404)


def _start_form(session, definition):
    return version_form(session, definition, f"start_{definition.key}")


#: procedures started on a page of their own, which picks the person from the registry (the
#: generic start form would ask for a registry id)
OWN_START_PAGES = {"new_retiree": "aftercare.newcomers_page", "death_report": "aftercare.report_death"}


@bp.route("/cases/new/<process>", methods=["GET", "POST"])
@login_required
def start(process: str):
    if process in OWN_START_PAGES:
        return redirect(url_for(OWN_START_PAGES[process]))
    session = db_session()
    with session.begin():
        definition = _startable_or_404(session, process)
        form = _start_form(session, definition)
        choices = {
            f.name: organisation_choices(session, f.organisation_kind)
            for f in form.fields
            if f.organisation_kind
        }
        values, errors = start_defaults(session, process, current_user.organisation_name), {}
    if request.method == "POST":
        values = form_data.parse(form.fields, request.form)
        errors = form.validate(values)
        if not errors:
            return _start_case(session, process, values)
    return render_template(
        "cases/start.html", definition=definition, form=form, values=values, errors=errors, choices=choices
    ), (422 if errors else 200)


def _start_case(session, process: str, values: dict):
    with session.begin():
        case = start_from_form(session, engine(), process, values, current_user)
    flash(_("Case started."))
    return redirect(url_for("cases.show", instance_id=case.id))


    return {}
