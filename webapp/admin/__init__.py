"""Administration (系统管理): organisations, users, the audit log, the application clock.
Administrators only."""

from __future__ import annotations

from flask import redirect, url_for

from . import audit_log, clock, organisations, users  # noqa: F401  (their routes are on bp)
from .blueprint import admin_required, bp

__all__ = ["admin_required", "bp"]


@bp.get("/")
@admin_required
def index():
    return redirect(url_for("admin.organisations"))
