"""The administration blueprint and its guard: administrators only, everyone else gets 403."""

from __future__ import annotations

from functools import wraps

from flask import Blueprint, abort, request, url_for
from flask_login import current_user, login_required

bp = Blueprint("admin", __name__, url_prefix="/admin")


def admin_required(view):
    @wraps(view)
    @login_required
    def guarded(*args, **kwargs):
        if not current_user.has_role("admin"):
            abort(403)
        return view(*args, **kwargs)

    return guarded


def back_to(endpoint: str, **values) -> str:
    """Where a button's form asks to go back to (a ``next`` field inside the administration),
    else ``endpoint``: the list keeps its filters and page after an action."""
    target = request.form.get("next", "")
    if target.startswith(bp.url_prefix + "/") and "//" not in target and "\\" not in target:
        return target
    return url_for(endpoint, **values)
