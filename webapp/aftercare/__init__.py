"""移交后服务 — the pages of the services after the hand-over: a community's own page, death
reports and 民政's death lists, certification campaigns, visits, information changes and
transfers, the people a community records without their being handed over, and the figures."""

from __future__ import annotations

from .blueprint import bp

__all__ = ["bp"]

from . import certification, changes, community, deaths, figures, newcomers, records, visits  # noqa: E402, F401  (routes on bp)
