"""Passwords are hashed with scrypt unless PASSWORD_HASH_METHOD says otherwise. The rest of the
suite sets a cheap method (tests/conftest.py); this module keeps the production default."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from engine.directory.organisations import User
from webapp import create_app
from webapp.auth.accounts import hash_password

from .conftest import login
from .test_admin import NEW_USER, PASSWORD, _post


@pytest.fixture
def app(db_engine, monkeypatch):
    monkeypatch.delenv("YIJIAO_PASSWORD_HASH_METHOD", raising=False)
    return create_app({"TESTING": True, "DATABASE_URL": db_engine.url.render_as_string(hide_password=False)})


def test_the_default_method_is_scrypt(app):
    assert app.config["PASSWORD_HASH_METHOD"] == "scrypt"
    assert hash_password("x").startswith("scrypt:")


def test_an_account_made_by_an_administrator_gets_a_scrypt_hash_and_can_log_in(app, as_admin, sessions):
    response = _post(as_admin, "/admin/users/new", NEW_USER, token_from="/admin/users/new")
    assert response.status_code == 302
    with sessions() as session:
        stored = session.scalars(select(User.password_hash).where(User.username == "wang.fang")).one()
    assert stored.startswith("scrypt:")
    client = app.test_client()
    assert login(client, "wang.fang", NEW_USER["password"]).status_code == 302


def test_a_setting_changes_the_method_of_new_hashes_and_old_hashes_still_check(app, as_admin, sessions):
    app.config["PASSWORD_HASH_METHOD"] = "pbkdf2:sha256:1000"
    _post(as_admin, "/admin/users/new", NEW_USER, token_from="/admin/users/new")
    with sessions() as session:
        stored = session.scalars(select(User.password_hash).where(User.username == "wang.fang")).one()
    assert stored.startswith("pbkdf2:sha256:1000$")
    assert login(app.test_client(), "admin", PASSWORD).status_code == 302  # made with another method
