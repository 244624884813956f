"""The processes area's blueprint and who may read it (designers, supervisors, administrators)."""

from __future__ import annotations

from functools import wraps

from flask import Blueprint, abort
from flask_login import current_user, login_required

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
