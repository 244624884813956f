"""Issue 13 (8): malformed input answers 4xx, never 500; no ID number reaches a log."""

from __future__ import annotations

import logging

from engine.policy.resident_id import make

from .conftest import login


def token(client) -> dict[str, str]:
    answer = client.post("/api/v1/tokens", json={"username": "county", "password": "demo"})
    return {"Authorization": f"Bearer {answer.get_json()['token']}"}


def test_a_nul_byte_in_a_query_is_a_bad_request(client, people):
    login(client, "county")
    assert client.get("/retirees?q=%00abc").status_code == 400
    assert client.get("/api/v1/retirees?q=%00abc", headers=token(client)).status_code == 400


def test_json_nested_a_hundred_thousand_deep_is_a_bad_request(client, people):
    body = "[" * 100_000 + "]" * 100_000
    answer = client.post(
        "/api/v1/instances", data=body, headers={**token(client), "Content-Type": "application/json"}
    )
    assert answer.status_code == 400


def test_a_nul_byte_or_a_huge_number_in_case_data_is_refused(app, people):
    from engine import InvalidTaskData
    from engine.workflow.runtime import json_object_only

    assert json_object_only(None, {"note": "a\x00b"}) == {"": ["文本中不能含有 NUL 字符"]}
    assert json_object_only(None, {"community_org": {"households": 2**70}}) == {
        "community_org.households": ["数值过大"]
    }
    assert json_object_only(None, {"households": 3300}) == {}
    assert InvalidTaskData  # the engine raises it with these errors (422 over the API)


def test_a_start_form_with_a_number_beyond_reason_is_refused(client, people):
    answers = {
        "community_name": "矿区社区",
        "households": 2**70,
        "setting": "city",
        "staff": 14,
        "receiving_government": "org-gov-410105",
    }
    enterprise = client.post("/api/v1/tokens", json={"username": "enterprise", "password": "demo"})
    headers = {"Authorization": f"Bearer {enterprise.get_json()['token']}"}
    answer = client.post(
        "/api/v1/instances", json={"process": "community_org_handover", "form": answers}, headers=headers
    )
    assert answer.status_code == 422


def test_an_id_number_in_an_access_log_line_is_masked(app, caplog):
    number = make("410105", __import__("datetime").date(1950, 1, 2), 3)
    with caplog.at_level(logging.INFO, logger="werkzeug"):
        logging.getLogger("werkzeug").info('"GET /retirees?q=%s HTTP/1.1" 200 -', number)
    assert number not in caplog.text and number[:3] + "*" * 11 + number[-4:] in caplog.text


def test_every_page_carries_the_security_headers(client, people):
    """Issue 13: only the app's own script and styles, no sniffing, no framing."""
    login(client, "county")
    for path in ("/login", "/inbox", "/api/v1/openapi.json"):
        headers = client.get(path).headers
        policy = headers["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
        assert "unsafe-inline" not in policy.split("style-src-attr")[0]  # no inline script or <style>
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "same-origin"


def test_pages_have_no_inline_script():
    from pathlib import Path

    templates = Path(__file__).resolve().parents[2] / "webapp" / "templates"
    for template in templates.rglob("*.html"):
        if "documents" in template.parts:
            continue  # PDF layouts, never served as pages
        text = template.read_text(encoding="utf-8")
        assert "<script>" not in text and " onclick=" not in text and " onchange=" not in text, template


def test_the_session_cookie_is_httponly_and_samesite(client, people):
    answer = login(client, "county")
    cookie = answer.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_each_request_is_one_json_log_line_with_its_id_user_and_organisation(client, people, caplog):
    """Issue 13 (production footing): structured logs, no query string (it may hold ID numbers)."""
    import json as json_module

    from webapp.logs import REQUESTS, JsonFormatter

    login(client, "county")
    with caplog.at_level(logging.INFO, logger=REQUESTS):
        answer = client.get("/retirees?q=410105195001020035", headers={"X-Request-ID": "probe-42"})
    assert answer.headers["X-Request-ID"] == "probe-42"
    record = next(r for r in caplog.records if r.name == REQUESTS and r.fields["path"] == "/retirees")
    line = json_module.loads(JsonFormatter().format(record))
    assert (line["request_id"], line["path"], line["status"]) == ("probe-42", "/retirees", 200)
    assert (line["user"], line["organisation"]) == ("county", "org-gov-410105")
    assert "410105195001020035" not in JsonFormatter().format(record)


def test_a_request_without_a_sane_id_gets_one(client):
    answer = client.get("/login", headers={"X-Request-ID": "<script>"})
    assert answer.headers["X-Request-ID"] != "<script>" and len(answer.headers["X-Request-ID"]) == 32
