"""The processes area's blueprint, who may read it (designers, supervisors, administrators) and
who may edit and deploy (designers, administrators)."""

from __future__ import annotations

from functools import wraps

from flask import Blueprint, abort
from flask_login import current_user, login_required

bp = Blueprint("processes", __name__, url_prefix="/processes")

#: who may read the list of deployed procedures
READER_ROLES = ("designer", "supervisor", "admin")
#: who may edit and deploy procedures (supervisors only read them)
EDITOR_ROLES = ("designer", "admin")


def readers_only(view):
    return _only(READER_ROLES, view)


def editors_only(view):
    return _only(EDITOR_ROLES, view)


def _only(roles: tuple[str, ...], view):
    @wraps(view)
    @login_required
    def guarded(*args, **kwargs):
        if not current_user.has_role(*roles):
            abort(403)
        return view(*args, **kwargs)

    return guarded
