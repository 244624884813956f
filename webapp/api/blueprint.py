"""The JSON API's blueprint, apart from its routes so every route module can import it."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")


@bp.record_once
def _json_as_written(state) -> None:
    # Chinese names and messages are sent as UTF-8 text, not as \uXXXX escapes; the app's
    # JSON provider also answers the engine errors of webapp/errors.py for these paths.
    state.app.json.ensure_ascii = False
