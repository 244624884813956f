"""Any screen (issue 15), in Chromium on the demo campaign: a phone shows the inbox, a task and the
dashboard without sideways page scroll and without one-character columns; the header folds into a
menu; a skip link leads to the content; a failed submit puts the focus on its error summary; a
printed page has no navigation."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .live import login, open_page

PHONE = {"width": 390, "height": 844}
#: pages officials open on a phone: who, where, what must be on it
PHONE_PAGES = [
    ("county", "/inbox", "main table"),
    ("county", "/tasks/13", "main h1"),
    # a case with its official documents, their XLSX links and lines of progress
    ("county", "/cases/1", "main h1"),
    ("supervisor", "/progress", "table.progress"),
]
#: the narrowest a column of text may be, in CSS pixels: text in a box narrower than this that wraps
#: onto several lines is the one-character column officials saw
NARROWEST = 40

SQUEEZED_TEXT = """(narrowest) => {
  const found = [];
  for (const element of document.body.querySelectorAll("*")) {
    const texts = [...element.childNodes]
      .filter((n) => n.nodeType === Node.TEXT_NODE && n.textContent.trim());
    if (!texts.length) continue;
    const box = element.getBoundingClientRect();
    // 1 px or less: visually hidden, for screen readers
    if (box.width <= 1 || box.width >= narrowest) continue;
    const lines = new Set();
    for (const text of texts) {
      const range = document.createRange();
      range.selectNodeContents(text);
      for (const rect of range.getClientRects()) if (rect.width > 0) lines.add(Math.round(rect.top));
    }
    const name = `${element.tagName.toLowerCase()} ${Math.round(box.width)}px`;
    if (lines.size > 1) found.push(`${name}: ${element.textContent.trim()}`);
  }
  return found;
}"""

@pytest.fixture
def phone(browser, live_server):
    pages = []

    def make():
        page = open_page(browser, live_server, PHONE["width"], PHONE["height"])
        pages.append(page)
        return page

    yield make
    for page in pages:
        page.context.close()


@pytest.mark.parametrize(("username", "path", "ready"), PHONE_PAGES)
def test_a_phone_shows_the_page_without_sideways_scroll(phone, username, path, ready):
    page = phone()
    login(page, username)
    page.goto(path)
    page.wait_for_selector(ready)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"]


@pytest.mark.parametrize(("username", "path", "ready"), PHONE_PAGES)
def test_a_phone_wraps_no_text_into_columns_narrower_than_40_px(phone, username, path, ready):
    page = phone()
    login(page, username)
    page.goto(path)
    page.wait_for_selector(ready)
    assert page.evaluate(SQUEEZED_TEXT, NARROWEST) == []


def test_the_header_folds_into_a_menu_on_a_phone(phone):
    page = phone()
    login(page, "county")
    header = page.locator("header.top")
    assert header.bounding_box()["height"] < 100
    inbox_link = header.get_by_role("link", name="待办事项")
    expect(inbox_link).to_be_hidden()
    toggle = header.get_by_role("button", name="菜单")
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(inbox_link).to_be_visible()
    inbox_link.click()
    expect(page.locator("h1")).to_have_text("待办事项")


def test_the_task_page_is_one_column_on_a_phone(phone):
    page = phone()
    login(page, "county")
    page.goto("/tasks/13")
    section, aside = page.locator("main .grid > section"), page.locator("main .grid > aside")
    assert aside.bounding_box()["y"] >= section.bounding_box()["y"] + section.bounding_box()["height"]


def test_the_skip_link_is_the_first_stop_and_leads_to_the_content(page):
    login(page, "county")
    page.keyboard.press("Tab")
    skip = page.locator("a.skip-link")
    expect(skip).to_be_focused()
    expect(skip).to_have_text("跳到正文")
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()


def test_the_dashboard_is_not_clipped_at_1280_px(page):
    login(page, "supervisor")
    page.goto("/progress")
    scroller = page.locator(".table-scroll").first
    assert scroller.evaluate("box => box.scrollWidth <= box.clientWidth")


PRINTED = [("county", "/tasks/13"), ("county", "/cases/1"), ("supervisor", "/progress")]
#: how a table prints: whole, never a box scrolling sideways
TABLE_STYLE = "ts => ts.map(t => getComputedStyle(t).display + ' ' + getComputedStyle(t).overflowX)"


@pytest.mark.parametrize(("username", "path"), PRINTED)
def test_a_printed_page_has_no_navigation_the_full_width_and_whole_tables(page, username, path):
    login(page, username)
    page.set_viewport_size({"width": 700, "height": 1000})  # about an A4 page's width
    page.goto(path)
    page.emulate_media(media="print")
    expect(page.locator("header.top")).to_be_hidden()
    assert page.locator("main").evaluate("main => getComputedStyle(main).maxWidth") == "none"
    shown = page.locator("main table").evaluate_all(TABLE_STYLE)
    assert shown and set(shown) == {"table visible"}


def test_a_failed_submit_focuses_the_error_summary_and_marks_the_fields(new_page, private_server):
    page = new_page(private_server)
    login(page, "county")
    page.goto("/inbox")
    page.locator("main table tbody tr a[href^='/tasks/']").first.click()
    page.locator("form[action$='/claim'] button").first.click()
    page.locator("form.task-form, form[action$='/complete']").first.evaluate("form => form.submit()")
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    invalid = page.locator("[aria-invalid=true]").first
    described_by = invalid.get_attribute("aria-describedby")
    expect(page.locator(f"[id='{described_by}']")).to_have_class("error")
