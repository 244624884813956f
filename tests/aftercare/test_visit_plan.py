"""走访慰问对象: the decision table (processes/visit_plan.dmn) run by SpiffWorkflow's DMN engine, and
who it puts in the plan — 特困、鳏寡、重病、残疾 as typed, 高龄 from the table's age (or typed)."""

from __future__ import annotations

from datetime import date

import pytest

from engine.aftercare.visits import plan as visit_plan
from engine.aftercare.visits.plan import Criterion, age_on, reasons_of

TABLE = visit_plan.SHIPPED.read_text(encoding="utf-8")
DAY = date(2017, 10, 28)


def test_the_table_lists_the_five_kinds_and_old_age_from_80():
    assert visit_plan.decide(TABLE, "春节") == [
        Criterion("特困"),
        Criterion("高龄", 80),
        Criterion("鳏寡"),
        Criterion("重病"),
        Criterion("残疾"),
    ]


@pytest.mark.parametrize(
    ("born", "statuses", "reasons"),
    [
        (date(1937, 10, 28), [], ["高龄"]),  # 80 that day
        (date(1937, 10, 29), [], []),  # 79 until the next day
        (date(1920, 1, 1), [], ["高龄"]),
        (date(1960, 1, 1), ["高龄"], ["高龄"]),  # typed 高龄 counts whatever the age
        (date(1950, 1, 1), ["特困"], ["特困"]),
        (date(1950, 1, 1), ["鳏寡"], ["鳏寡"]),
        (date(1950, 1, 1), ["重病"], ["重病"]),
        (date(1950, 1, 1), ["残疾"], ["残疾"]),
        (date(1930, 1, 1), ["残疾", "特困"], ["特困", "高龄", "残疾"]),  # in the table's order
        (date(1950, 1, 1), ["党员"], []),  # not a reason the table names
        (date(1950, 1, 1), [], []),
    ],
)
def test_who_is_visited_and_why(born, statuses, reasons):
    assert reasons_of(born, statuses, DAY, visit_plan.decide(TABLE)) == reasons


def test_a_designer_lowering_the_age_in_the_table_changes_the_plan():
    edited = TABLE.replace("<text>80</text>", "<text>75</text>")
    assert reasons_of(date(1942, 1, 1), [], DAY, visit_plan.decide(edited)) == ["高龄"]
    assert reasons_of(date(1942, 1, 1), [], DAY, visit_plan.decide(TABLE)) == []


def test_a_row_for_one_festival_applies_to_that_festival_only():
    row = """<rule id="chongyang_old">
        <inputEntry id="chongyang_festival"><text>"重阳"</text></inputEntry>
        <outputEntry id="chongyang_reason"><text>"高龄"</text></outputEntry>
        <outputEntry id="chongyang_age"><text>70</text></outputEntry>
      </rule>
    </decisionTable>"""
    edited = TABLE.replace("</decisionTable>", row)
    born = date(1946, 1, 1)
    assert reasons_of(born, [], DAY, visit_plan.decide(edited, "重阳")) == ["高龄"]
    assert reasons_of(born, [], DAY, visit_plan.decide(edited, "春节")) == []


@pytest.mark.parametrize(
    ("born", "day", "age"),
    [
        (date(1937, 10, 28), DAY, 80),
        (date(1937, 10, 29), DAY, 79),
        (date(1940, 2, 29), date(2017, 2, 28), 76),
    ],
)
def test_age_in_full_years(born, day, age):
    assert age_on(born, day) == age
