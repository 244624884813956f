"""The geometry of the progress report's bar chart (planned vs handed over, per prefecture).

The template draws it as inline SVG (WeasyPrint renders SVG, no script): here only numbers, in
millimetres of the page, rounded so the same figures give the same drawing.
"""

from __future__ import annotations

import math
from typing import Any

WIDTH = 156.0  # the text block of a GB/T 9704 page
LABEL = 30.0  # prefecture names left of the bars
VALUES = 16.0  # "123/456" right of the bars
ROW = 9.0
BAR = 5.0
TOP = 10.0  # room for the legend
AXIS = 8.0  # tick labels below the bars


def bar_chart(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Bars for ``rows`` of ``{"name", "planned", "handed_over"}``, on a shared scale."""
    plot = WIDTH - LABEL - VALUES
    top = max([row["planned"] for row in rows] + [row["handed_over"] for row in rows] + [1])
    step = round_step(top)
    scale_max = step * math.ceil(top / step)
    per_unit = plot / scale_max
    bars = [
        {
            "label": row["name"],
            "y": _mm(TOP + index * ROW),
            "planned": _mm(row["planned"] * per_unit),
            "done": _mm(row["handed_over"] * per_unit),
            "value": f"{row['handed_over']}/{row['planned']}",
        }
        for index, row in enumerate(rows)
    ]
    bottom = TOP + len(rows) * ROW
    ticks = [
        {"x": _mm(LABEL + value * per_unit), "label": str(value)} for value in range(0, scale_max + 1, step)
    ]
    return {
        "width": WIDTH,
        "height": _mm(bottom + AXIS),
        "label_width": LABEL,
        "plot_width": _mm(plot),
        "bar": BAR,
        "bottom": _mm(bottom),
        "bars": bars,
        "ticks": ticks,
    }


def round_step(top: int) -> int:
    """A round tick step (1, 2 or 5 × 10ⁿ) giving at most five intervals."""
    magnitude = 10 ** max(int(math.log10(top)) - 1, 0)
    for factor in (1, 2, 5, 10, 20, 50, 100):
        if top / (factor * magnitude) <= 5:
            return factor * magnitude
    return 100 * magnitude


def _mm(value: float) -> float:
    return round(value, 2)
