"""进度督办 — the supervisors' pages: the campaign against its milestones by prefecture, county
and enterprise, the units behind every number, charts, and the table as a spreadsheet.

``query`` reads what a page is asked for within the caller's scope, ``trail`` names the
drill-down, ``charts`` computes the SVG geometry, ``export`` writes the .xlsx; ``views`` are thin.
The PDF report (``/reports/progress.pdf``) reads the same query and the same figures.
"""

from __future__ import annotations

from .views import bp

__all__ = ["bp"]
