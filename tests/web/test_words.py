"""Chinese pages speak Chinese (issue 15): a crawl of the demo as every demo user finds no process
code, data key, organisation id, login name or English message id on any page reachable from the
menu and from the first links of each list; figures carry thousands separators; a milestone whose
units are all done is not flagged red once its deadline has passed."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import lxml.html
import pytest

from tests.web.test_demo import seeded_app  # noqa: F401  (fixture: one app seeded once)
from webapp.demo import USERS

from .conftest import login

#: the links of each list page followed (besides the menu's)
FIRST_LINKS = 3
#: pages whose links are downloads, switches or actions, not pages to read
SKIPPED = re.compile(r"\.(pdf|xlsx|csv|json|svg|png)$|/export|/documents/|/logout|/api/")
#: Latin words an official reads on a Chinese page without a second thought
#: (English: the language switch names itself; GBK, UTF-8: a roster file's encodings; JSON: the
#: case data an administrator may open)
ALLOWED = {
    "PDF", "API", "ID", "JSON", "Excel", "CSV", "XLSX", "JPG", "PNG", "KB", "MB", "English", "GBK", "UTF-8",
}
ALLOWED_PATTERNS = (
    re.compile(r"M[1-4]"),  # the milestones 节点 M1–M4, as the campaign's documents name them
)
#: what is stripped before looking for words: addresses, ID numbers (masked or whole), file names
STRIPPED = (
    re.compile(r"https?://\S+"),
    re.compile(r"\d{2,6}[\d*]{8,15}[\dXx]"),
    re.compile(r"GB/T"),  # standards: GB/T 2260 division codes
    re.compile(r"[\w\-（）()\u4e00-\u9fff]+\.(?:pdf|xlsx|csv|jpg|png)", re.IGNORECASE),
)
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_@.\-]*")
#: organisation ids are the administrators' keys of the directory: shown on its pages only
ORGANISATION_ID = re.compile(r"org(-[a-z0-9]+)+")
ADMINISTRATION = "/admin/"
#: process keys, their files and content hashes are the designers' handles on a procedure: shown on
#: the procedures' pages only (issue 16)
PROCEDURE_CODE = re.compile(r"[a-z][a-z0-9]*(_[a-z0-9]+)+(\.(bpmn|dmn))?|[0-9a-f]*[0-9][0-9a-f]*")
PROCEDURES = "/processes"
#: attributes a reader sees or hears
SHOWN_ATTRIBUTES = ("title", "placeholder", "aria-label", "alt")


def shown_text(html: str) -> str:
    """The text of a page a reader sees or hears: body text and the attributes read aloud."""
    document = lxml.html.fromstring(html)
    for hidden in document.xpath("//script|//style|//head|//*[@hidden]|//pre[contains(@class,'data')]"):
        hidden.drop_tree()
    attributes = [value for name in SHOWN_ATTRIBUTES for value in document.xpath(f"//@{name}")]
    buttons = document.xpath("//input[@type='submit' or @type='button']/@value")
    return " ".join([*document.itertext(), *attributes, *buttons])


def latin_words(text: str) -> set[str]:
    """Latin words of ``text`` that are not on the allow-list."""
    for pattern in STRIPPED:
        text = pattern.sub(" ", text)
    words = {word.rstrip(".-") for word in LATIN_WORD.findall(text)}
    return {
        word
        for word in words
        if word and word not in ALLOWED and not any(p.fullmatch(word) for p in ALLOWED_PATTERNS)
    }


def words_on(path: str, html: str) -> set[str]:
    words = latin_words(shown_text(html))
    if path.startswith(ADMINISTRATION):
        words = {word for word in words if not ORGANISATION_ID.fullmatch(word)}
    if path.startswith(PROCEDURES):
        words = {word for word in words if not PROCEDURE_CODE.fullmatch(word)}
    return words


def page_links(html: str, where: str) -> list[str]:
    """Same-site page links inside ``where`` (an XPath), in page order, without repeats."""
    links = []
    for href in lxml.html.fromstring(html).xpath(f"{where}//a/@href"):
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or not parts.path.startswith("/") or "lang=" in parts.query:
            continue
        if SKIPPED.search(parts.path) or href in links:
            continue
        links.append(href)
    return links


def crawl(client) -> dict[str, str]:
    """The landing page, every menu page, and the first links of each list on them: path → HTML of
    every page that answered 200 with HTML."""
    landing = client.get("/").headers["Location"]
    pages: dict[str, str] = {}
    visit(client, landing, pages)
    menu = [path for path in page_links(pages[landing], "//header") if visit(client, path, pages)]
    for path in menu:
        for link in page_links(pages[path], "//main//table")[:FIRST_LINKS]:
            visit(client, link, pages)
    return pages


def visit(client, path: str, pages: dict[str, str]) -> bool:
    if path not in pages:
        answer = client.get(path)
        if answer.status_code != 200 or answer.mimetype != "text/html":
            return False
        pages[path] = answer.get_data(as_text=True)
    return True


@pytest.mark.parametrize("username", [user[0] for user in USERS])
def test_no_page_a_demo_user_reaches_shows_codes_keys_or_english(seeded_app, username):  # noqa: F811
    client = seeded_app.test_client()
    login(client, username)
    pages = crawl(client)
    assert len(pages) > 3
    found = {path: sorted(words) for path, html in pages.items() if (words := words_on(path, html))}
    assert found == {}


def test_the_crawl_s_word_check_catches_codes_keys_org_ids_and_login_names():
    text = "节点 M1 完成 fee_annual org-gov-410105 demo@example.cn county_handover Due 410105********123X PDF"
    assert latin_words(text) == {"fee_annual", "org-gov-410105", "demo@example.cn", "county_handover", "Due"}


def test_dashboard_figures_have_thousands_separators(seeded_app):  # noqa: F811
    client = seeded_app.test_client()
    login(client, "supervisor")
    page = client.get("/progress").get_data(as_text=True)
    assert re.search(r">\d{1,3}(,\d{3})+</a>", page)
    assert not re.search(r">\d{5,}</a>", page)


def test_a_milestone_all_done_is_not_flagged_overdue_after_its_deadline(seeded_app):  # noqa: F811
    """The demo app's clock is 2017-04-02: M1's deadline (03-31) has passed and its units are done."""
    client = seeded_app.test_client()
    login(client, "supervisor")
    document = lxml.html.fromstring(client.get("/progress").get_data(as_text=True))
    m1 = document.xpath("//table[contains(@class,'progress')]//th[@data-milestone='M1']")[0]
    assert "全部完成" in m1.text_content()
    assert "已过期" not in m1.text_content()


def test_pages_name_the_official_who_did_a_step_not_their_login(seeded_app):  # noqa: F811
    """Demo task 13 (金水区's allocation) was claimed and completed by ``county``, 李娜."""
    client = seeded_app.test_client()
    login(client, "county")
    words = latin_words(shown_text(client.get("/tasks/13").get_data(as_text=True)))
    assert "county" not in words
    assert "李娜" in client.get("/tasks/13").get_data(as_text=True)
