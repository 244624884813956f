"""The dashboard on the demo campaign (`yijiao seed-demo`): the demo supervisor sees the units the
seeded cases made, with the same numbers as ``progress()``."""

from __future__ import annotations

from engine.progress.figures import progress
from engine.progress.selection import Selection
from tests.web.test_demo import seeded_app  # noqa: F401  (fixture: one app seeded once)

from .pages import expected_cells, page, row_keys, shown_cells, visit


def test_the_demo_supervisor_s_dashboard_shows_the_seeded_campaign(seeded_app):  # noqa: F811
    document = page(visit(seeded_app, "supervisor"), "/progress")
    yijiao = seeded_app.extensions["yijiao"]
    with yijiao["sessions"]() as session:
        view = progress(session, yijiao["engine"].clock.now(), Selection())
    assert row_keys(document) == [*(row.key or "-" for row in view.rows), "total"]
    assert {"410100", "410300"} <= set(row_keys(document))  # 郑州市 and 洛阳市
    assert view.total.cells["M1"].due >= 2 and view.total.figures.retirees_planned > 0
    assert shown_cells(document) == expected_cells(view)
