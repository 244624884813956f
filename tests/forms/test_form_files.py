"""The form files themselves: valid JSON Schemas that keep our conventions, and the forms we need."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from jsonschema import Draft202012Validator

import forms

from .helpers import FORM_FIXTURES, TEST_FORMS

#: the user-task forms of the hand-over procedures (processes/README.md)
FORM_KEYS = """
    survey_retirees register_roster framework_agreement_draft agreement_review specific_agreement_draft
    verify_retiree_data correct_retiree_data allocate_to_communities allocate_interim_people receive_retirees
    transfer_party_relations receive_party_relations hand_over_staff receive_staff record_management_fee
    disburse_fee_instalment confirm_fee_received confirm_county_handover overall_completion
    archive_transfer_list check_archives supplement_archives archive_receipt store_archives
    review_lookup_request provide_archive_copy acknowledge community_agreement_draft
    decide_community_arrangement establish_community merge_into_community hand_over_assets receive_assets
    review_overdue_cases
    allocate_new_retiree receive_new_retiree
    start_death_report confirm_death acknowledge_death stop_pension assist_survivor_application
    decide_survivor_grants tell_family
    start_certification_campaign certify_retirees follow_up_certification suspend_pensions
    start_festival_visits record_visits review_festival_visits
    start_community_transfer accept_community_transfer
    start_county_transfer accept_county_transfer receive_county_transfer send_transfer_archive
    receive_transfer_archive
    start_retiree_handover_programme start_community_org_handover
    start_archive_lookup start_milestone_schedule
""".split()


def test_every_form_of_the_procedures_exists():
    assert forms.keys() == sorted(FORM_KEYS)


@pytest.mark.parametrize("key", forms.keys())
def test_form_file_is_a_valid_json_schema(key):
    Draft202012Validator.check_schema(forms.load(key).schema)


@pytest.mark.parametrize("key", forms.keys())
def test_form_file_keeps_our_conventions(key):
    assert forms.validate_file(forms.SCHEMAS / f"{key}.json") == []


def test_all_form_files_are_good():
    assert forms.validate_all() == {}


@pytest.mark.parametrize("key", TEST_FORMS)
def test_test_only_form_file_keeps_our_conventions_too(key):
    assert forms.validate_file(FORM_FIXTURES / f"{key}.schema.json") == []


def objects_of(schema: dict):
    """The form and every table row schema in it."""
    yield schema
    for prop in schema.get("properties", {}).values():
        if prop.get("items", {}).get("type") == "object":
            yield from objects_of(prop["items"])


@pytest.mark.parametrize("key", forms.keys())
def test_ui_order_lists_exactly_the_fields(key):
    for schema in objects_of(forms.load(key).schema):
        assert schema["x-ui"]["order"] == list(schema["properties"])


@pytest.mark.parametrize("key", forms.keys())
def test_every_object_refuses_unknown_fields(key):
    assert all(schema["additionalProperties"] is False for schema in objects_of(forms.load(key).schema))


def write_schema(tmp_path, schema) -> list[str]:
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(schema, ensure_ascii=False), encoding="utf-8")
    return forms.validate_file(path)


def test_a_schema_that_breaks_the_meta_schema_is_reported(tmp_path):
    problems = write_schema(tmp_path, {"$schema": forms.schema_check.DRAFT, "type": "objekt"})
    assert problems and all(p.startswith("broken.json: ") for p in problems)


def test_convention_breaches_are_each_reported(tmp_path):
    schema = {
        "$schema": forms.schema_check.DRAFT,
        "title": "坏表单",
        "type": "object",
        "properties": {
            "done": {"type": "boolean"},
            "when": {"type": "string", "title": "日期", "format": "day"},
            "kind": {"type": "string", "title": "类别", "enum": ["city"]},
        },
        "x-ui": {"order": ["done"], "widgets": {"kind": "dropdown"}},
    }
    problems = "\n".join(write_schema(tmp_path, schema))
    for expected in [
        "additionalProperties",
        "x-ui.order",
        "done: 缺少中文 title",
        "done: 控件 text",
        "未知格式 day",
        "kind: 控件 dropdown",
        "取值 city 缺少中文标签",
    ]:
        assert expected in problems


def test_a_file_that_is_not_json_is_reported(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text("{", encoding="utf-8")
    assert forms.validate_file(path)[0].startswith("broken.json: 不是有效的 JSON")


def test_forms_package_does_not_import_flask():
    code = "import sys, forms; forms.validate('acknowledge', {}); assert 'flask' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)
