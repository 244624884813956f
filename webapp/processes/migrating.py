"""迁移案件 — move a procedure's running cases from one version to another: pick the versions,
read each case's preview, tick the cases, confirm, see what moved (designers and administrators)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import wraps

from flask import abort, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext
from flask_login import current_user, login_required
from werkzeug.datastructures import MultiDict

from engine.versions.migration import OUTCOMES, Migration
from engine.workflow import definitions

from ..context import db_session, engine, reading
from ..ids import MAX_ID
from .blueprint import bp

#: who may move cases between versions (as who may deploy them)
MIGRATOR_ROLES = ("designer", "admin")
#: what migrating does to a task a case waits on (engine.versions.migration.TaskMove.outcome)
OUTCOME_NAMES = dict(
    zip(
        OUTCOMES,
        (
            lazy_gettext("Kept"),
            lazy_gettext("Kept, changed in the new version"),
            lazy_gettext("Moved"),
            lazy_gettext("Cancelled"),
            lazy_gettext("Opened"),
        ),
        strict=True,
    )
)


def migrators_only(view):
    @wraps(view)
    @login_required
    def guarded(*args, **kwargs):
        if not current_user.has_role(*MIGRATOR_ROLES):
            abort(403)
        return view(*args, **kwargs)

    return guarded


@dataclass(frozen=True)
class Choice:
    """The two versions the page compares (``None``: the procedure has only one)."""

    from_version: int | None
    to_version: int | None


@bp.get("/<key>/migrate")
@migrators_only
def migrate(key: str):
    """The preview of every running case on the older version: which can move, and how."""
    with reading() as session:
        numbers = _version_numbers(session, key)
        choice = _choice(request.args, numbers)
        return _preview_page(session, key, numbers, choice)


@bp.post("/<key>/migrate")
@migrators_only
def apply_migration(key: str):
    """Move the ticked cases (the confirmation box must be ticked too); show what moved."""
    form = request.form
    session = db_session()
    with session.begin():
        numbers = _version_numbers(session, key)
        choice = _choice(form, numbers)
        if choice.from_version is None:
            abort(404)
        chosen = [
            int(i) for i in form.getlist("instance") if i.isascii() and i.isdigit() and int(i) <= MAX_ID
        ]
        error = _refusal(chosen, form, choice)
        if error:
            return _preview_page(session, key, numbers, choice, error, set(chosen)), 422
        revisions = {
            i: int(form[f"revision-{i}"]) for i in chosen if form.get(f"revision-{i}", "").isdecimal()
        }
        plan = Migration(key, choice.from_version, choice.to_version, tuple(chosen), revisions)
        result = engine().migrate(session, plan, current_user.actor)
        name = definitions.latest_definition(session, key).name
        return render_template(
            "processes/migrate_result.html", key=key, name=name, result=result, outcomes=OUTCOME_NAMES
        )


def _version_numbers(session, key: str) -> list[int]:
    numbers = [d.version for d in definitions.versions(session, key)]
    if not numbers:
        abort(404)
    return numbers


def _choice(values: MultiDict, numbers: list[int]) -> Choice:
    """The versions asked for, else the newest and the one before it; unknown ones are a 404."""
    if len(numbers) < 2:
        return Choice(None, None)
    to_version = values.get("to", type=int) or numbers[0]
    from_version = values.get("from", type=int) or next((n for n in numbers if n < to_version), numbers[-1])
    if from_version not in numbers or to_version not in numbers:
        abort(404)
    return Choice(from_version, to_version)


def _refusal(chosen: list[int], form: MultiDict, choice: Choice) -> str | None:
    if choice.from_version == choice.to_version:
        return _("Pick two different versions.")
    if not chosen:
        return _("Tick the cases to migrate.")
    if form.get("confirm") != "yes":
        return _("Tick the box confirming that you have checked the preview.")
    return None


def _preview_page(
    session, key: str, numbers: list[int], choice: Choice, error: str | None = None, ticked: set | None = None
) -> str:
    """The page; ``ticked`` are the cases ticked when it was sent back (first time: every movable one)."""
    cases = []
    if choice.from_version is not None and choice.from_version != choice.to_version:
        plan = Migration(key, choice.from_version, choice.to_version)
        cases = engine().migration_preview(session, plan)
    return render_template(
        "processes/migrate.html",
        key=key,
        name=definitions.latest_definition(session, key).name,
        numbers=numbers,
        choice=choice,
        cases=cases,
        error=error,
        ticked=ticked if ticked is not None else {case.instance_id for case in cases if case.migratable},
        outcomes=OUTCOME_NAMES,
    )
