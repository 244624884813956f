"""The supervisors' pages in Chromium, on the demo campaign (its clock at 2017-03-20)."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from .live import login

ZHENGZHOU, LUOYANG = "410100", "410300"
#: the fill of an active step's shape (engine/diagram/svg.py STYLE: #ffe8cc)
ACTIVE_FILL = "rgb(255, 232, 204)"


def row(page, key: str):
    return page.locator(f"table.progress tr[data-row='{key}']")


def test_the_supervisor_opens_the_dashboard_from_the_menu_and_sees_both_prefectures(page):
    login(page, "supervisor")
    page.get_by_role("link", name="进度督办").click()
    expect(page).to_have_url(re.compile(r"/progress$"))
    expect(page.locator("h1")).to_have_text(re.compile(r"^进度督办"))
    expect(row(page, ZHENGZHOU).locator("th")).to_have_text("郑州市")
    expect(row(page, LUOYANG).locator("th")).to_have_text("洛阳市")
    expect(page.locator("table.progress thead th.milestone")).to_have_count(4)


def test_a_number_of_the_dashboard_opens_the_units_behind_it_and_their_cases(page):
    login(page, "supervisor")
    page.goto("/progress")
    due = row(page, ZHENGZHOU).locator("td[data-milestone='M2'] a[data-status='due']")
    count = int(due.inner_text())
    assert count > 0
    due.click()
    expect(page).to_have_url(re.compile(r"/progress/units\?.*milestone=M2"))
    expect(page.locator("h1")).to_contain_text("M2 · 应完成")
    lines = page.locator("table.units tbody tr")
    expect(lines).to_have_count(count)
    for line in lines.all():
        expect(line.locator("td").nth(4)).to_have_text("郑州市")
    lines.first.locator("td a").click()
    expect(page).to_have_url(re.compile(r"/cases/\d+$"))


def test_the_case_page_s_diagram_marks_the_active_steps(page):
    login(page, "supervisor")
    page.goto("/progress")
    row(page, ZHENGZHOU).locator("td[data-milestone='M2'] a[data-status='due']").click()
    page.locator("table.units tbody tr td a").first.click()
    diagram = page.locator(".case-diagram svg.bpmn-diagram")
    expect(diagram).to_be_visible()
    elements = "g[id^='el-']"  # the diagram's elements (the legend's swatches carry the classes too)
    active = diagram.locator(f"{elements}.active")
    expect(active).to_have_count(1)
    # the M2 agreements run in the prefectures' hand-overs
    expect(active.locator("title")).to_have_text("各省辖市、省直管县（市）框架协议及所辖县（市、区）具体移交")
    done = diagram.locator(f"{elements}.completed > title").evaluate_all("ts => ts.map(t => t.textContent)")
    assert {"调查摸底", "登记造册"} <= set(done)
    expect(diagram.locator(f"{elements}.overdue")).to_have_count(0)  # nothing is late on 2017-03-20
    fill = active.locator(".shape").first.evaluate("shape => getComputedStyle(shape).fill")
    assert fill == ACTIVE_FILL


def test_an_enterprise_official_has_no_progress_link_and_is_refused_the_dashboard(page):
    login(page, "enterprise")
    expect(page.locator("header nav")).to_contain_text("待办事项")
    expect(page.locator("header nav").get_by_role("link", name="进度督办")).to_have_count(0)
    response = page.goto("/progress")
    assert response.status == 403
    expect(page.locator("table.progress")).to_have_count(0)


def test_the_dashboard_speaks_english_with_lang_en(page):
    login(page, "supervisor")
    page.goto("/progress?lang=en")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_have_text(re.compile(r"^Progress supervision"))
    expect(page.locator("header nav")).to_contain_text("Progress supervision")
    cell = row(page, ZHENGZHOU).locator("td[data-milestone='M2']")
    expect(cell).to_contain_text("Units due")
    expect(cell).to_contain_text("On track")
    expect(row(page, "total").locator("th")).to_have_text("Total")
