"""A retiree's record is declared once (``RETIREE_FIELDS``); every other list of its fields is
that one less some, for a stated reason."""

from __future__ import annotations

import pytest

import forms
from engine.policy import rules
from engine.policy.rules import RETIREE_FIELDS, retiree_fields_without
from engine.registry import status
from engine.registry.retirees import Retiree
from engine.registry.rosters import importing
from engine.registry.rosters.validation import HEADER_OF


def test_a_roster_row_is_read_into_every_field_in_column_order():
    assert tuple(HEADER_OF) == RETIREE_FIELDS


def test_the_register_roster_form_asks_for_every_field_in_the_same_order():
    person = forms.load("register_roster").schema["properties"]["roster"]["items"]
    assert tuple(person["x-ui"]["order"]) == RETIREE_FIELDS
    assert set(person["properties"]) == set(RETIREE_FIELDS)


def test_the_registry_keeps_every_field():
    assert [name for name in RETIREE_FIELDS if name not in Retiree.__table__.columns] == []


@pytest.mark.parametrize(
    ("subset", "left_out"),
    [
        (status.ROSTER_KEYS, {"phone"}),  # added only when there is one
        (rules._COMPACT_KEYS, {"category", "phone"}),  # a county's list: ordinary retirees, no contact
        (importing._COMPARED, {"id_number"}),  # the key a re-uploaded person is found by
    ],
)
def test_each_list_of_fields_leaves_out_only_what_it_means_to(subset, left_out):
    assert set(RETIREE_FIELDS) - set(subset) == left_out


def test_leaving_out_a_field_the_record_lacks_is_an_error():
    with pytest.raises(ValueError, match="telephone"):
        retiree_fields_without("telephone")
