"""流程 — the deployed procedures, read-only, for designers and supervisors (issue 16 builds the
designer's editing on this page)."""

from __future__ import annotations

from flask import render_template

from engine.versions import history

from ..context import db_session
from .blueprint import READER_ROLES, bp, readers_only

__all__ = ["READER_ROLES", "bp", "readers_only"]


@bp.get("")
@readers_only
def index():
    """Every deployed procedure: its newest version's name, who deployed it and when, its versions."""
    session = db_session()
    with session.begin():
        procedures = history.procedures(session)
        return render_template("processes/index.html", procedures=procedures)


from . import forms, migrating, modeler, versions  # noqa: E402, F401  (routes on bp)
