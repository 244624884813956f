"""The JSON API (``/api/v1``): what the pages do, for other systems, with bearer tokens.

Every object is looked up through ``engine.access`` (an outsider is told "not found"), engine
errors become statuses in ``webapp/errors.py``, and ``/api/v1/openapi.json`` describes it all.
"""

from __future__ import annotations

from ..extensions import csrf
from . import (  # noqa: F401  (routes on bp)
    auth,
    campaign,
    certification,
    changes,
    clock,
    comments,
    community,
    deaths,
    documents,
    handing,
    instances,
    migrations,
    notifications,
    openapi,
    people,
    process_versions,
    processes,
    progress,
    refusals,
    reminders,
    retirees,
    rosters,
    saved_filters,
    service_figures,
    tasks,
    visits,
)
from .blueprint import bp

# Callers prove who they are with a bearer token, not a session cookie: no CSRF token to send.
csrf.exempt(bp)

__all__ = ["bp"]
