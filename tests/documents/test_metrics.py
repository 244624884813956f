"""The lists' pages are laid out from the fonts' own widths (``metrics``): they must be the widths
WeasyPrint sets the text in, or cells would drift off their columns and rows off their pages."""

from __future__ import annotations

import pytest
import weasyprint
from weasyprint.formatting_structure import boxes

from webapp.documents import metrics, render

SAMPLES = (
    "王建国",
    "410105195001010011",
    "1994年12月18日",
    "农科路3号院2号楼",
    "0371-63210003",
    "高龄、残疾",
    "（街道/社区）",
)


#: as paged_list.css prints rows: no kerning, no ligatures (a line is the sum of its characters)
UNSHAPED = "font-kerning: none; font-variant-ligatures: none"


def laid_out_width(stack: str, text: str) -> float:
    """How wide WeasyPrint sets ``text`` in 10 px of the stack, as list.css sets rows: in em."""
    style = f"font-family: {stack}; font-size: 10px; white-space: pre; {UNSHAPED}"
    page = weasyprint.HTML(string=f'<p style="{style}">{text}</p>').render().pages[0]
    return _text_width(page._page_box) / 10


def _text_width(box) -> float:
    if isinstance(box, boxes.TextBox):
        return box.width
    return sum(_text_width(child) for child in getattr(box, "children", []))


@pytest.mark.parametrize(
    "stack, families", [(render.FONTS["body"], render.BODY), (render.FONTS["bold"], render.BOLD)]
)
@pytest.mark.parametrize("text", SAMPLES)
def test_measured_widths_are_the_widths_weasyprint_sets(stack, families, text):
    measured = metrics.of_stack(families).width(text)
    assert laid_out_width(stack.replace('"', "'"), text) == pytest.approx(measured, abs=0.01)


def test_the_stack_is_measured_in_the_fonts_the_machine_has():
    """The project installs Noto CJK (scripts/install-system-deps.sh); 宋体 and 黑体 come first
    where a server is licensed for them."""
    assert metrics.of_stack(render.BODY).families[-1] == "Noto Serif CJK SC"
    assert metrics.of_stack(render.BOLD).families[-1] == "Noto Sans CJK SC"


def test_text_wraps_before_the_character_that_would_overflow():
    body = metrics.of_stack(render.BODY)
    assert body.wrap("文化路街道农科路社区", 4) == ("文化路街", "道农科路", "社区")
    assert body.wrap("去向\n（街道/社区）", 20) == ("去向", "（街道/社区）")
    assert all(body.width(line) <= 6.5 for line in body.wrap("410105195001010011", 6.5))


def test_spacing_comes_within_half_the_narrowest_blank_of_the_gap():
    body = metrics.of_stack(render.BODY)
    narrowest = body.char_width(" ")
    for gap in (0.1, 0.7, 3.3, 12.9):
        _, width = body.spacing(gap)
        assert abs(width - gap) <= narrowest / 2 + 1e-9
