"""活动设置 — the campaign settings page: supervisors and administrators see the archive look-up
deadlines, the term for community assets and the milestones; the provincial office and
administrators change them (``engine.campaigns`` checks, stores and audits)."""

from __future__ import annotations

from .views import bp

__all__ = ["bp"]
