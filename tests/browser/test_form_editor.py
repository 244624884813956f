"""The modeler's form editor in Chromium: the designer opens the form of a county task, retitles
it and sees the preview follow, breaks the form and sees the problem listed, fixes it and deploys;
a task given a new form key starts from a template that already keeps our conventions."""

from __future__ import annotations

import json

from playwright.sync_api import Page, expect

import forms

from .live import login
from .test_modeler import PANEL, built_modeler, exported, open_modeler, open_yijiao_group, select  # noqa: F401

TASK = "verify_retiree_data"
EDITOR = "[data-form-panel]"


def form_text(schema: dict) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def write(page: Page, schema: dict) -> None:
    """Replace the schema in the editor, as a designer's typing would (the preview follows it)."""
    page.locator(f"{EDITOR} [data-form-schema]").fill(form_text(schema))


def open_task(page: Page, task: str) -> None:
    """As the designer: the county procedure in the modeler, ``task`` selected, its settings open."""
    login(page, "designer")
    open_modeler(page, "county_handover")
    select(page, task)
    open_yijiao_group(page)


def form_action(page: Page, name: str):
    return page.locator(f"{PANEL} .yijiao-form-actions").get_by_role("button", name=name, exact=True)


def test_the_designer_edits_a_form_sees_the_preview_and_its_problems_and_deploys_it(new_page, private_server):
    page = new_page(private_server)
    open_task(page, TASK)
    form_action(page, "编辑表单").click()

    editor = page.locator(EDITOR)
    preview = editor.locator("[data-form-preview]")
    problems = editor.locator("[data-form-problems]")
    schema_box = editor.locator("[data-form-schema]")
    expect(editor).to_be_visible()
    assert json.loads(schema_box.input_value()) == forms.load(TASK).schema  # the deployed form
    expect(preview.locator(".form-title")).to_have_text("核实退休人员基本信息")
    expect(preview).to_contain_text("需更正事项")
    expect(preview.locator('input[name="all_correct"]')).to_be_disabled()  # read only

    schema = json.loads(json.dumps(forms.load(TASK).schema))
    schema["title"] = "核实退休人员信息（试行）"
    write(page, schema)
    expect(preview.locator(".form-title")).to_have_text("核实退休人员信息（试行）")
    expect(problems).to_be_hidden()

    schema["x-ui"]["order"].remove("corrections")
    write(page, schema)
    expect(problems).to_be_visible()
    expect(problems.locator("li")).to_have_count(1)
    expect(problems.locator("li")).to_contain_text("x-ui.order")
    expect(preview).to_have_class("form-editor-preview stale")

    schema["x-ui"]["order"].append("corrections")
    write(page, schema)
    expect(problems).to_be_hidden()
    expect(preview).not_to_have_class("form-editor-preview stale")
    assert json.loads(exported(page, f"{TASK}.json"))["title"] == "核实退休人员信息（试行）"

    page.get_by_role("button", name="部署", exact=True).click()
    expect(page.locator("[data-status]")).to_contain_text("县（市、区）具体移交 第2版")
    page.goto("/processes/county_handover/versions/2/forms")
    expect(page.locator(f'[data-task="{TASK}"] .form-title')).to_have_text("核实退休人员信息（试行）")


def test_a_task_given_a_new_form_key_starts_from_a_template_that_keeps_the_conventions(new_page, live_server):
    page = new_page(live_server)
    open_task(page, TASK)
    expect(form_action(page, "预览表单")).to_be_visible()
    key = page.locator(f"{PANEL} #bio-properties-panel-yijiao-form")
    key.fill("Verify-2")
    key.press("Tab")
    expect(page.locator(f"{PANEL} .yijiao-form-actions")).to_have_text(
        "表单标识只能由小写字母、数字和下划线组成，并以字母开头。"
    )
    key.fill("verify_retiree_data_v2")
    key.press("Tab")

    form_action(page, "新建表单").click()
    editor = page.locator(EDITOR)
    expect(editor.locator("[data-form-preview] .form-title")).to_have_text("核实退休人员基本信息")
    expect(editor.locator("[data-form-problems]")).to_be_hidden()
    template = json.loads(editor.locator("[data-form-schema]").input_value())
    assert template["properties"] == {} and template["x-ui"] == {"order": []}
    assert template["additionalProperties"] is False and template["type"] == "object"
    # the new form goes with the bundle, and the task now offers to preview and edit it
    assert json.loads(exported(page, "verify_retiree_data_v2.json")) == template
    expect(form_action(page, "编辑表单")).to_be_visible()


def test_previewing_a_form_shows_it_without_the_schema(page):
    open_task(page, "sign_specific_agreement")
    form_action(page, "预览表单").click()
    editor = page.locator(EDITOR)
    expect(editor.locator("[data-form-preview] .form-title")).to_have_text(
        forms.load("agreement_review").title
    )
    expect(editor.locator("[data-form-schema]")).to_be_hidden()
    expect(editor.locator("[data-form-preview]")).to_contain_text("退回")  # a review: its two buttons
    editor.get_by_role("button", name="编辑表单", exact=True).click()
    expect(editor.locator("[data-form-schema]")).to_be_visible()
