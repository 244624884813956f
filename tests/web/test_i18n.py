"""Chinese first, English available: the catalog translates every message the app shows, pages
are Chinese by default, and ``?lang=en`` switches to English for the rest of the visit."""

from __future__ import annotations

from pathlib import Path

from babel import Locale
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "webapp" / "translations"
CATALOG = TRANSLATIONS / "zh_Hans_CN" / "LC_MESSAGES" / "messages.po"
#: the keywords `pybabel extract -k _ -k gettext -k lazy_gettext` looks for
KEYWORDS = {**DEFAULT_KEYWORDS, "lazy_gettext": None}


def _catalog():
    with CATALOG.open("rb") as po:
        return read_po(po)


def _used_msgids() -> dict[str, str]:
    """Every msgid in the app's Python and templates, as babel.cfg tells pybabel to extract them."""
    with (ROOT / "babel.cfg").open(encoding="utf-8") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    found = {}
    for filename, _lineno, message, _comments, _context in extract_from_dir(
        ROOT, method_map, options_map, keywords=KEYWORDS
    ):
        msgid = message[0] if isinstance(message, tuple) else message
        found.setdefault(msgid, filename)
    return found


def test_the_chinese_catalog_is_where_flask_babel_looks_for_zh_cn():
    assert str(Locale.parse("zh_CN")) == "zh_Hans_CN"
    assert CATALOG.is_file()


def test_every_message_is_translated_and_none_is_fuzzy():
    catalog = _catalog()
    untranslated = [m.id for m in catalog if m.id and (not m.string or m.fuzzy)]
    assert untranslated == []
    assert not catalog.fuzzy


def test_translations_keep_the_placeholders_of_their_msgid():
    problems = [(message.id, [str(e) for e in errors]) for message, errors in _catalog().check()]
    assert problems == []


def test_every_message_the_app_uses_is_in_the_catalog():
    used = _used_msgids()
    assert len(used) > 50  # the extraction found the templates, not nothing
    catalog = _catalog()
    missing = {msgid: where for msgid, where in used.items() if catalog.get(msgid) is None}
    assert missing == {}, "run pybabel extract/update (see babel.cfg) and translate the new messages"


def test_the_compiled_catalog_is_up_to_date():
    compiled = CATALOG.with_suffix(".mo")
    assert compiled.is_file(), "run `make setup` (pybabel compile -d webapp/translations)"
    assert compiled.stat().st_mtime >= CATALOG.stat().st_mtime, "messages.po changed: run `make setup`"


def test_pages_are_in_chinese_by_default(client):
    page = client.get("/login").get_data(as_text=True)
    assert "<h1>登录</h1>" in page
    assert 'lang="zh-CN"' in page


def test_lang_en_switches_to_english_for_the_rest_of_the_visit(client):
    assert "<h1>Log in</h1>" in client.get("/login?lang=en").get_data(as_text=True)
    page = client.get("/login").get_data(as_text=True)
    assert "<h1>Log in</h1>" in page and 'lang="en"' in page
    assert "<h1>登录</h1>" in client.get("/login?lang=zh_Hans_CN").get_data(as_text=True)


def test_an_unknown_language_is_ignored(client):
    assert "<h1>登录</h1>" in client.get("/login?lang=fr").get_data(as_text=True)
