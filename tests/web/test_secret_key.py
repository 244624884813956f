"""Issue 13 (4): the key that signs session cookies is never a published one. Outside demo mode
the app refuses to start without a strong key; a demo makes a random key of its own."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.sessions import SecureCookieSessionInterface

from webapp import create_app


def config(tmp_path, **more):
    return {"TESTING": True, "DATABASE_URL": f"sqlite:///{tmp_path / 'y.db'}", **more}


@pytest.mark.parametrize("key", [None, "", "dev-only-change-me", "change-me-in-production", "short"])
def test_outside_demo_mode_the_app_refuses_a_missing_weak_or_published_key(tmp_path, key):
    with pytest.raises(RuntimeError, match="YIJIAO_SECRET_KEY"):
        create_app(config(tmp_path, DEMO=False, SECRET_KEY=key))


def test_a_strong_configured_key_is_used(tmp_path):
    key = "k" * 40
    assert create_app(config(tmp_path, DEMO=False, SECRET_KEY=key)).config["SECRET_KEY"] == key


def test_a_demo_without_a_key_makes_its_own_and_keeps_it(tmp_path):
    first = create_app(config(tmp_path, SECRET_KEY=None))
    again = create_app(config(tmp_path, SECRET_KEY=None))
    assert first.config["SECRET_KEY"] == again.config["SECRET_KEY"]
    assert len(first.config["SECRET_KEY"]) == 64 and first.config["SECRET_KEY"] != "dev-only-change-me"


def test_a_cookie_forged_with_the_old_default_key_opens_nothing(app, people):
    """The probe's cookie ``{"_user_id": "10"}`` signed with ``dev-only-change-me`` opened /admin/users."""
    forger = Flask("forger")
    forger.secret_key = "dev-only-change-me"
    serializer = SecureCookieSessionInterface().get_signing_serializer(forger)
    cookie = serializer.dumps({"_user_id": "1", "_fresh": True})
    client = app.test_client()
    client.set_cookie("session", cookie)
    assert client.get("/admin/users").status_code == 302  # to the login page
