"""Loading forms: titles, fields in display order with widgets, labels and table columns."""

from __future__ import annotations

import pytest

import forms

from .helpers import TEST_FORMS, load_form


def test_a_form_is_loaded_once():
    assert forms.load("register_roster") is forms.load("register_roster")


def test_form_has_its_key_title_and_ui():
    form = forms.load("agreement_review")
    assert (form.key, form.title) == ("agreement_review", "审核并签订协议")
    assert form.ui["order"] == ["approved", "signed_by", "signed_on", "reasons"]


def test_fields_follow_the_ui_order_with_titles_widgets_and_required():
    fields = forms.load("agreement_review").fields
    assert [(f.name, f.title, f.widget, f.required) for f in fields] == [
        ("approved", "审核通过", "checkbox", True),
        ("signed_by", "签订人", "text", False),
        ("signed_on", "签订日期", "date", False),
        ("reasons", "退回理由", "textarea", False),
    ]


def test_a_table_field_has_its_columns():
    [roster] = load_form("retiree_rows").fields
    assert (roster.type, roster.widget, roster.required) == ("array", "table", True)
    assert [c.name for c in roster.items][:3] == ["name", "sex", "id_number"]
    sex = roster.items[1]
    assert (sex.widget, sex.enum) == ("select", (("男", "男"), ("女", "女")))


def test_a_multiple_select_offers_its_items_values():
    special = next(c for c in load_form("retiree_rows").fields[0].items if c.name == "special_status")
    assert special.multiple and [value for value, _ in special.enum] == [
        "特困",
        "高龄",
        "鳏寡",
        "重病",
        "残疾",
    ]


def test_coded_enum_values_have_chinese_labels():
    fields = {f.name: f for f in forms.load("decide_community_arrangement").fields}
    assert fields["arrangement"].enum == (("standalone", "单独设立"), ("merged", "并入其他社区"))
    assert fields["setting"].enum == (("city", "城市"), ("town", "城镇（县城）"))


def test_placeholders_and_descriptions_reach_the_fields():
    phone = next(f for f in forms.load("receive_retirees").fields if f.name == "service_phone")
    assert phone.widget == "phone" and phone.placeholder and "公示" in phone.description


@pytest.mark.parametrize("key", [*forms.keys(), *TEST_FORMS])
def test_every_field_has_a_chinese_title(key):
    for field in load_form(key).fields:
        assert field.title != field.name
        assert all(column.title != column.name for column in field.items)


@pytest.mark.parametrize("key", ["no_such_form", "../register_roster", "Register_Roster"])
def test_an_unknown_form_key_is_refused(key):
    with pytest.raises(forms.UnknownForm, match=f"未知表单 {key}"):
        forms.load(key)
