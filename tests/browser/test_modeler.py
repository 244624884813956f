"""The designer's modeler in Chromium: our processes open and export unchanged, and the designer
renames a task of the county procedure, sees the validation error on the canvas, fixes it, deploys
version 2, and a new county case shows the new name."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import etree
from playwright.sync_api import Page, expect

from engine import Actor
from engine.policy.rules import group_tallies
from webapp import demo

from .live import LiveServer, login

COUNTY_FILE = "county_handover.bpmn"
TASK = "draft_specific_agreement"
RENAMED_TASK = "draft_county_agreement"
NEW_NAME = "拟定并签署本县具体移交协议"
PANEL = "[data-panels] .modeler-properties:not([hidden])"
MARKER = re.compile(r"\byijiao-problem\b")
BUNDLE = Path(__file__).parents[2] / "webapp" / "static" / "build" / "modeler.js"


@pytest.fixture(autouse=True)
def built_modeler() -> None:
    if not BUNDLE.exists():
        pytest.fail(f"{BUNDLE} is missing: `make setup` builds it (npm ci, node webapp/modeler/build.mjs)")


def open_modeler(page: Page, key: str) -> None:
    page.goto(f"/processes/{key}/edit")
    expect(page.locator("#modeler")).to_have_attribute("data-ready", "true", timeout=20_000)


def select(page: Page, element_id: str, **click) -> None:
    page.locator(f'g.djs-element[data-element-id="{element_id}"]').click(force=True, **click)
    expect(page.locator(f"{PANEL} .bio-properties-panel-header-label")).to_be_visible()


def type_into(page: Page, entry: str, text: str) -> None:
    """Type into a General entry of the properties panel (name, id) and let its debounce pass."""
    general = page.locator(f'{PANEL} [data-group-id="group-general"]')
    if "open" not in (general.locator(".bio-properties-panel-group-entries").get_attribute("class") or ""):
        general.locator(".bio-properties-panel-group-header").click()
    field = page.locator(f"{PANEL} #bio-properties-panel-{entry}")
    field.fill(text)
    field.press("Tab")
    page.wait_for_timeout(600)


def check(page: Page) -> list[dict]:
    """Press 校验 and answer the problems listed beside the canvas."""
    status = page.locator("[data-status]")
    page.get_by_role("button", name="校验", exact=True).click()
    expect(status).not_to_have_text("正在校验……")
    expect(status).not_to_have_text("")
    items = page.locator("[data-problems] li")
    return [
        {"element": items.nth(i).get_attribute("data-element"), "text": items.nth(i).inner_text()}
        for i in range(items.count())
    ]


# -- our own files make the round trip --------------------------------------------------------------


#: attributes whose absence means the same to SpiffWorkflow (editors leave defaults out)
DEFAULTS = {("isSequential", "false"), ("hitPolicy", "UNIQUE")}
PLANE = "{http://www.omg.org/spec/BPMN/20100524/DI}BPMNPlane"


def _shape(xml: bytes) -> tuple:
    """A file as the engine reads it: elements, attributes and text, whatever the formatting
    (comments, blank text, default attributes, and the order shapes are drawn in aside)."""
    parser = etree.XMLParser(remove_blank_text=True, remove_comments=True, resolve_entities=False)
    return _element(etree.fromstring(xml, parser))


def _element(element) -> tuple:
    attributes = tuple(sorted(a for a in element.attrib.items() if a not in DEFAULTS))
    children = [_element(child) for child in element.iterchildren(etree.Element)]
    if element.tag == PLANE:
        children.sort()
    return (element.tag, attributes, (element.text or "").strip(), tuple(children))


EXPORT_ALL = """async () => {
  const modeler = window.yijiaoModeler;
  const exported = {};
  for (const file of modeler.files) exported[file.name] = await (await modeler.open(file.name)).xml();
  const original = Object.fromEntries(modeler.files.map((f) => [f.name, f.text]));
  return { exported, original };
}"""

VALIDATE = """async (files) => {
  const root = document.getElementById("modeler");
  const response = await fetch(root.dataset.validateUrl, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-CSRFToken": root.dataset.csrf },
    body: JSON.stringify({ files }),
  });
  return [response.status, await response.json()];
}"""


@pytest.mark.parametrize(
    "key",
    [
        "retiree_handover_programme",
        "community_org_handover",
        "management_fee",
        "archive_lookup",
        "milestone_schedule",
    ],
)
def test_our_processes_export_unchanged_but_for_formatting_and_still_validate(new_page, live_server, key):
    page = new_page(live_server)
    login(page, "designer")
    open_modeler(page, key)
    files = page.evaluate(EXPORT_ALL)
    for name, original in files["original"].items():
        assert _shape(files["exported"][name].encode()) == _shape(original.encode()), name
    assert page.evaluate(VALIDATE, files["exported"]) == [200, {"problems": []}]
    # every tab opened, nothing edited: deploying sends the files as deployed, and changes nothing
    page.get_by_role("button", name="部署", exact=True).click()
    expect(page.locator("[data-status]")).to_have_text("内容没有变化，版本不变。")


# -- rename, refused, fixed, deployed ---------------------------------------------------------------


def start_county_case(server: LiveServer, title: str) -> None:
    """A county hand-over case as the prefecture's call activity starts one: its county item
    built by the roster rule (group_tallies) from the demo directory, on the newest version."""
    yijiao = server.app.extensions["yijiao"]
    tally = {"code": "410105", "retiree_count": 5, "party_member_count": 1, "out_of_province_hukou": 0}
    county = group_tallies({"destinations": [tally]}, demo.directory())["counties"][0]
    parties = {"enterprise": demo.ENTERPRISE, "supervisor": demo.OFFICE}
    data = {"county": county, "enterprise": demo.ENTERPRISE_INFO, **demo.MILESTONES, "parties": parties}
    starter = Actor("enterprise", demo.ENTERPRISE, frozenset({"official"}))
    with yijiao["sessions"]() as session, session.begin():
        yijiao["engine"].start(session, "county_handover", parties, data, starter, title)


def test_the_designer_renames_a_task_fixes_the_error_shown_on_the_canvas_and_deploys_version_2(
    new_page, private_server
):
    page = new_page(private_server)
    login(page, "designer")
    open_modeler(page, "county_handover")

    select(page, TASK)
    type_into(page, "name", NEW_NAME)
    type_into(page, "id", RENAMED_TASK)
    problems = check(page)
    if problems:
        # the deploy check refuses losing a task id Python depends on: marked on the renamed task
        assert [p["element"] for p in problems] == [TASK], problems
        marked, fix = RENAMED_TASK, lambda: type_into(page, "id", TASK)
    else:
        # without that check: a lane no role is named after is the error to show and fix
        select(page, "lane_enterprise", position={"x": 12, "y": 12})
        type_into(page, "name", "企业")
        problems = check(page)
        assert [p["element"] for p in problems] == ["lane_enterprise"], problems
        marked, fix = "lane_enterprise", lambda: type_into(page, "name", "enterprise")
    shape = page.locator(f'g.djs-element[data-element-id="{marked}"]')
    expect(shape).to_have_class(MARKER)
    expect(page.locator(".yijiao-problem-badge")).to_have_count(1)

    select(page, "county_start")  # elsewhere; clicking the problem selects its element again
    page.locator("[data-problems] li button").click()
    expect(page.locator(f"{PANEL} #bio-properties-panel-id")).to_have_value(marked)
    fix()
    assert check(page) == []
    expect(page.locator("g.djs-element.yijiao-problem")).to_have_count(0)

    page.get_by_role("button", name="部署", exact=True).click()
    expect(page.locator("[data-status]")).to_contain_text("县（市、区）具体移交 第2版")

    start_county_case(private_server, "金水区 试验移交")
    official = new_page(private_server)
    login(official, "enterprise")
    official.goto("/inbox?q=试验移交")
    expect(official.locator("main")).to_contain_text(NEW_NAME)


# -- the properties panel's "Yijiao" group, lane roles, decision tables, files from elsewhere ---------


def open_yijiao_group(page: Page) -> None:
    group = page.locator(f'{PANEL} [data-group-id="group-yijiao"]')
    if "open" not in (group.locator(".bio-properties-panel-group-entries").get_attribute("class") or ""):
        group.locator(".bio-properties-panel-group-header").click()


def exported(page: Page, name: str) -> str:
    return page.evaluate("async (name) => (await window.yijiaoModeler.exportFiles())[name]", name)


def test_the_yijiao_group_shows_and_edits_what_the_engine_reads(new_page, live_server):
    page = new_page(live_server)
    login(page, "designer")
    open_modeler(page, "county_handover")
    select(page, "receive_retirees")
    open_yijiao_group(page)
    expect(page.locator(f"{PANEL} #bio-properties-panel-yijiao-form-select")).to_have_value(
        "receive_retirees"
    )
    expect(page.locator(f"{PANEL} #bio-properties-panel-yijiao-owner")).to_have_value(
        'allocation["community_org"]'
    )
    expect(page.locator(f"{PANEL} #bio-properties-panel-yijiao-loop-input")).to_have_value("allocations")
    expect(page.locator(f"{PANEL} #bio-properties-panel-yijiao-loop-input-item")).to_have_value("allocation")

    page.locator(f"{PANEL} #bio-properties-panel-yijiao-milestone-select").select_option("M3")
    due = page.locator(f"{PANEL} #bio-properties-panel-yijiao-due")
    due.fill("date(2017, 6, 30)")
    due.press("Tab")
    page.wait_for_timeout(600)
    task = etree.fromstring(exported(page, COUNTY_FILE).encode()).find(
        ".//{*}userTask[@id='receive_retirees']"
    )
    properties = {p.get("name"): p.get("value") for p in task.iterfind(".//{*}property")}
    assert properties["milestone"] == "M3" and properties["due"] == "date(2017, 6, 30)"
    assert properties["form"] == "receive_retirees"
    assert task.find(".//{*}loopDataInputRef").text == "allocations"
    assert check(page) == []

    select(page, "decide_fee_payer")
    expect(page.locator(f"{PANEL} #bio-properties-panel-yijiao-decision")).to_have_value("fee_payer")
    select(page, "archive_handover_call")
    expect(page.locator(f"{PANEL} #bio-properties-panel-yijiao-called-element")).to_have_value(
        "archive_handover"
    )
    page.locator('[data-tabs] [data-file="interim_management.bpmn"]').click()
    select(page, "interim_ends_soon")
    open_yijiao_group(page)
    expect(page.locator(f"{PANEL} #bio-properties-panel-yijiao-timer-kind")).to_have_value("timeDate")
    expect(page.locator(f"{PANEL} #bio-properties-panel-yijiao-timer-expression")).to_have_value(
        'interim["notice_at"]'
    )


def test_a_lane_named_otherwise_is_mapped_to_a_role_and_then_validates(new_page, live_server):
    page = new_page(live_server)
    login(page, "designer")
    open_modeler(page, "county_handover")
    select(page, "lane_community", position={"x": 12, "y": 12})
    type_into(page, "name", "社区")
    assert [p["element"] for p in check(page)] == ["lane_community"]
    open_yijiao_group(page)
    page.locator(f"{PANEL} #bio-properties-panel-yijiao-lane-role").select_option("community")
    assert check(page) == []


def test_a_decision_table_opens_editable_in_its_tab(new_page, live_server):
    page = new_page(live_server)
    login(page, "designer")
    open_modeler(page, "county_handover")
    page.locator('[data-tabs] [data-file="fee_payer.dmn"]').click()
    table = page.locator(".modeler-canvas:not([hidden]) .tjs-table")
    expect(table).to_contain_text("原中央下放")
    cell = table.locator('td.output-cell[data-row-id="devolved_listed_industry"]').get_by_role("textbox")
    cell.click()
    page.keyboard.press("Control+A")
    page.keyboard.type('"provincial"')
    cell.press("Tab")
    rule = etree.fromstring(exported(page, "fee_payer.dmn").encode()).find(
        ".//{*}rule[@id='devolved_listed_industry']"
    )
    assert rule.find("{*}outputEntry/{*}text").text == '"provincial"'
    assert exported(page, "fee_payer.dmn").startswith(
        '<?xml version="1.0" encoding="UTF-8"?>\n<!-- 管理费用承担'
    )


def test_a_new_procedure_opens_files_from_the_computer(new_page, live_server, tmp_path):
    page = new_page(live_server)
    login(page, "designer")
    page.goto("/processes/new")
    expect(page.locator("#modeler")).to_have_attribute("data-ready", "true")
    expect(page.locator("[data-tabs] button")).to_have_text(["new_process.bpmn"])
    drawn = tmp_path / "my_procedure.bpmn"
    drawn.write_text(
        (Path(__file__).parents[2] / "processes" / "archive_lookup.bpmn").read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    page.locator("[data-upload]").set_input_files(str(drawn))
    expect(page.locator('[data-tabs] [data-file="my_procedure.bpmn"]')).to_have_attribute(
        "aria-selected", "true"
    )
    expect(
        page.locator('.modeler-canvas:not([hidden]) g[data-element-id="review_lookup_request"]')
    ).to_be_visible()
