"""A retiree's record is declared once (``RETIREE_FIELDS``); every other list of its fields is
that one less some, for a stated reason."""

from __future__ import annotations

import pytest

from engine.policy.rules import RETIREE_FIELDS, retiree_fields_without
from engine.registry.retirees import Retiree
from engine.registry.rosters import importing
from engine.registry.rosters.validation import HEADER_OF


def test_a_roster_row_is_read_into_every_field_in_column_order():
    assert tuple(HEADER_OF) == RETIREE_FIELDS


def test_the_roster_template_has_a_column_for_every_field_in_the_same_order():
    from engine.registry.rosters.columns import HEADERS

    assert [h for h in HEADERS if h in HEADER_OF.values()] == [HEADER_OF[name] for name in RETIREE_FIELDS]


def test_the_registry_keeps_every_field():
    assert [name for name in RETIREE_FIELDS if name not in Retiree.__table__.columns] == []


@pytest.mark.parametrize(
    ("subset", "left_out"),
    [
        (importing._COMPARED, {"id_number"}),  # the key a re-uploaded person is found by
    ],
)
def test_each_list_of_fields_leaves_out_only_what_it_means_to(subset, left_out):
    assert set(RETIREE_FIELDS) - set(subset) == left_out


def test_leaving_out_a_field_the_record_lacks_is_an_error():
    with pytest.raises(ValueError, match="telephone"):
        retiree_fields_without("telephone")
