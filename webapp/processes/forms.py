"""表单 — the forms of a version's user tasks, drawn as the officials' task page draws them, and the
live preview of a form a designer writes in the modeler (its JSON Schema checked as a deploy would).

The form is drawn by the macro of ``processes/form_preview.html``, which draws the fields with the
task page's own ``_form.html``: one renderer, so what the designer sees is what the official gets.
"""

from __future__ import annotations

import json
from contextlib import suppress
from typing import Any, NoReturn

from flask import abort, get_template_attribute, jsonify, make_response, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy.orm import Session

import forms
from engine.directory.roles import ROLE_NAMES
from engine.versions import history
from engine.workflow import definitions
from engine.workflow.models import ProcessDefinition

from ..context import reading
from .blueprint import bp, editors_only, readers_only


def _forms_of(session: Session, definition: ProcessDefinition) -> dict[str, dict[str, Any]]:
    """Form key → schema of the forms the version's user tasks use: the version's own copies where
    the engine keeps them, else (a version deployed before forms were versioned) forms/schemas'."""
    found = {}
    for task in history.user_tasks(session, definition):
        if task.form_key:
            with suppress(forms.UnknownForm):
                found[task.form_key] = forms.load(task.form_key).schema
    return found | definitions.version_forms(session, definition)


def editor_page(session: Session, definition: ProcessDefinition | None) -> dict[str, Any]:
    """What the modeler's form editor reads: the text of every form a task may be given (the
    version's own copy of those its tasks use), the preview's URL, its texts. Texts, not objects:
    the page's JSON sorts keys, and a form's fields are in its keys' order."""
    schemas = {key: forms.load(key).schema for key in forms.keys()}
    if definition is not None:
        schemas.update(_forms_of(session, definition))
    return {
        "schemas": {
            key: json.dumps(schema, ensure_ascii=False, indent=2) + "\n" for key, schema in schemas.items()
        },
        "previewUrl": url_for("processes.preview_form"),
        # the task page's own styles: the preview looks as the official's form does
        "stylesheets": [url_for("static", filename=name) for name in ("task.css", "form_preview.css")],
        "texts": _texts(),
    }


@bp.get("/<key>/versions/<int:number>/forms")
@readers_only
def version_forms(key: str, number: int):
    """Every user task of a version with its form, as the official holding the task sees it."""
    with reading() as session:
        definition = history.version(session, key, number)
        tasks = history.user_tasks(session, definition)
        schemas = _forms_of(session, definition)
        return render_template(
            "processes/forms.html",
            definition=definition,
            tasks=tasks,
            forms={form_key: forms.Form(form_key, schema) for form_key, schema in schemas.items()},
            role_names=ROLE_NAMES,
        )


@bp.post("/forms/preview")
@editors_only
def preview_form():
    """``{"key", "schema": text}`` → the schema's problems, and when there are none the form drawn."""
    key, text = _preview_request()
    problems = forms.validate_text(f"{key}.json", text)
    html = None if problems else str(_draw(forms.Form(key, json.loads(text))))
    return jsonify({"problems": problems, "html": html})


def _draw(form: forms.Form):
    return get_template_attribute("processes/form_preview.html", "preview")(form)


def _preview_request() -> tuple[str, str]:
    """The form key and the schema's text of the JSON body; 400 naming what is wrong."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        _refuse(_("The request must be a JSON object with the form's key and schema."))
    key, text = body.get("key"), body.get("schema")
    if not isinstance(key, str) or not forms.KEY.fullmatch(key):
        _refuse(_("key: give the form key, in lower-case letters, digits and underscores."))
    if not isinstance(text, str):
        _refuse(_("schema: give the form's JSON Schema as text."))
    return key, text


def _refuse(message: str) -> NoReturn:
    abort(make_response(jsonify({"error": {"code": "bad_request", "message": message}}), 400))


def _texts() -> dict[str, str]:
    """The form editor's texts, in the reader's language."""
    return {
        "preview": _("Preview form"),
        "edit": _("Edit form"),
        "create": _("New form"),
        "close": _("Close"),
        "title": _("Form %(key)s"),
        "schema": _("JSON Schema of the form"),
        "previewHeading": _("As the official sees it"),
        "checking": _("Checking the form…"),
        "good": _("No problems: the form is sent with the next check and deploy."),
        "problems": _("Problems of the form"),
        "stale": _("The preview shows the form as it was before these problems."),
        "unchanged": _("Unchanged: the deployed form stays."),
        "badKey": _("A form key is lower-case letters, digits and underscores, starting with a letter."),
        "failed": _("The request failed; reload the page and try again."),
    }
