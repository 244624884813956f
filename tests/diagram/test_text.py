"""Names fitted into boxes: Chinese wraps anywhere but around its punctuation."""

from __future__ import annotations

import pytest

from engine.diagram.text import NOT_AT_LINE_END, NOT_AT_LINE_START, fit, line_height, text_width, wrap

NAMES = [
    "与各省辖市、省直管县（市）签订框架协议",
    "分解落实到街道（乡镇）和社区",
    "各接收县（市、区）具体移交",
    "审核并签订具体移交协议",
    "等待“三供一业”改造完成",
]


def test_chinese_characters_are_one_em_and_latin_narrower():
    assert text_width("调查摸底", 12) == 48
    assert text_width("M2", 12) < 24


@pytest.mark.parametrize("name", NAMES)
def test_wrapped_lines_keep_every_character_and_fit(name):
    lines = wrap(name, 90, 12)
    assert "".join(lines) == name
    assert all(text_width(line, 12) <= 90 + 12 for line in lines)  # closing punctuation may hang


@pytest.mark.parametrize("name", NAMES)
def test_no_line_starts_with_closing_or_ends_with_opening_punctuation(name):
    lines = wrap(name, 60, 12)
    assert all(line[0] not in NOT_AT_LINE_START for line in lines)
    assert all(line[-1] not in NOT_AT_LINE_END for line in lines[:-1])


def test_fit_balances_lines_instead_of_leaving_one_character_alone():
    assert fit("更正退休人员信息", 90, 64) == (["更正退休", "人员信息"], 12)


def test_fit_shrinks_the_font_then_cuts_the_last_line_short():
    lines, size = fit("一二三四五六七八九十" * 3, 50, 3 * line_height(12))
    assert size < 12 and len(lines) * line_height(size) <= 3 * line_height(12)
    lines, size = fit("一二三四五六七八九十" * 6, 50, 2 * line_height(10))
    assert len(lines) == 2 and lines[-1].endswith("…")
