"""流程 — the deployed procedures, read-only, for designers and supervisors (issue 16 builds the
designer's editing on this page)."""

from __future__ import annotations

from functools import wraps

from flask import Blueprint, abort, render_template
from flask_login import current_user, login_required

from ..context import db_session, engine

bp = Blueprint("processes", __name__, url_prefix="/processes")

#: who may read the list of deployed procedures
READER_ROLES = ("designer", "supervisor", "admin")


def readers_only(view):
    @wraps(view)
    @login_required
    def guarded(*args, **kwargs):
        if not current_user.has_role(*READER_ROLES):
            abort(403)
        return view(*args, **kwargs)

    return guarded


@bp.get("")
@readers_only
def index():
    """Every deployed procedure's newest version: its name, version and deploy time."""
    session = db_session()
    with session.begin():
        processes = engine().processes(session)
        return render_template("processes/index.html", processes=processes)


from . import migrating, modeler, versions  # noqa: E402, F401  (routes on bp)
