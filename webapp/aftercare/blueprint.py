"""The blueprint of the services after the hand-over (移交后服务) and who may use which page, by
the kind of the caller's organisation (community, receiving county, social insurance agency,
enterprise) or their oversight (supervisor office)."""

from __future__ import annotations

from functools import wraps

from flask import Blueprint, abort, g
from flask_login import current_user, login_required

from engine.registry.access import viewer_of

from ..context import db_session

bp = Blueprint("aftercare", __name__, url_prefix="/aftercare")


def kinds_only(*kinds: str, overseers: bool = False):
    """A view for officials of organisations of these kinds only (and supervisors when
    ``overseers``); 403 for everyone else. The view finds the caller as ``g.viewer``."""

    def wrap(view):
        @wraps(view)
        @login_required
        def guarded(*args, **kwargs):
            session = db_session()
            with session.begin():
                viewer = viewer_of(session, current_user.actor)
            if viewer.kind not in kinds and not (overseers and viewer.overseer):
                abort(403)
            g.viewer = viewer
            return view(*args, **kwargs)

        return guarded

    return wrap
