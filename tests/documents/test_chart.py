"""The progress report's bar chart: one scale for all bars, round ticks, figures beside bars."""

from __future__ import annotations

import pytest

from webapp.documents.chart import LABEL, WIDTH, bar_chart


@pytest.mark.parametrize(
    ("largest", "ticks"),
    [
        (1, "0 1"),
        (4, "0 1 2 3 4"),
        (6, "0 2 4 6"),
        (12, "0 5 10 15"),
        (300, "0 100 200 300"),
        (5000, "0 1000 2000 3000 4000 5000"),
    ],
)
def test_ticks_are_round_and_cover_the_largest_figure(largest, ticks):
    chart = bar_chart([{"name": "郑州市", "planned": largest, "handed_over": 0}])
    assert " ".join(t["label"] for t in chart["ticks"]) == ticks


def test_bars_share_one_scale_and_stay_inside_the_text_block():
    chart = bar_chart(
        [
            {"name": "郑州市", "planned": 12, "handed_over": 4},
            {"name": "平顶山市", "planned": 6, "handed_over": 6},
        ]
    )
    zhengzhou, pingdingshan = chart["bars"]
    assert zhengzhou["planned"] == 2 * pingdingshan["planned"] == 2 * pingdingshan["done"]
    assert zhengzhou["planned"] == pytest.approx(3 * zhengzhou["done"], abs=0.02)
    assert LABEL + zhengzhou["planned"] <= WIDTH and zhengzhou["value"] == "4/12"
    assert chart["ticks"][-1]["x"] <= LABEL + chart["plot_width"]


def test_no_prefectures_draws_an_empty_scale():
    assert bar_chart([])["bars"] == []
