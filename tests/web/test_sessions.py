"""Issue 13 (5): a logout, a password reset and a deactivation end every session and API token of
the user — a copied cookie or an old token opens nothing afterwards."""

from __future__ import annotations

from sqlalchemy import select

from engine.directory.organisations import User

from .conftest import ADMIN_PASSWORD, csrf_token, login


def cookie_of(client) -> str:
    return client.get_cookie("session").value


def with_cookie(app, value: str):
    other = app.test_client()
    other.set_cookie("session", value)
    return other


def token_of(client, username: str, password: str) -> str:
    answer = client.post("/api/v1/tokens", json={"username": username, "password": password})
    assert answer.status_code == 201, answer.get_json()
    return answer.get_json()["token"]


def opens(client, token: str) -> int:
    return client.get("/api/v1/tasks", headers={"Authorization": f"Bearer {token}"}).status_code


def test_a_copied_cookie_stops_working_at_logout(app, client, people):
    login(client, "county")
    copied = cookie_of(client)
    assert with_cookie(app, copied).get("/inbox").status_code == 200
    client.post("/logout", data={"csrf_token": csrf_token(client)})
    assert with_cookie(app, copied).get("/inbox").status_code == 302  # to the login page


def test_logging_out_revokes_the_users_api_tokens(app, client, people):
    token = token_of(app.test_client(), "county", "demo")
    login(client, "county")
    client.post("/logout", data={"csrf_token": csrf_token(client)})
    assert opens(app.test_client(), token) == 401


def test_a_password_reset_ends_the_old_sessions_and_tokens(app, as_admin, sessions):
    official = app.test_client()
    login(official, "li.na", ADMIN_PASSWORD)
    token = token_of(app.test_client(), "li.na", ADMIN_PASSWORD)
    copied = cookie_of(official)
    with sessions() as session:
        user_id = session.scalars(select(User.id).where(User.username == "li.na")).one()
    token_form = csrf_token(as_admin, f"/admin/users/{user_id}/edit")
    answer = as_admin.post(
        f"/admin/users/{user_id}/password", data={"password": "brand-new-pass", "csrf_token": token_form}
    )
    assert answer.status_code == 302
    assert with_cookie(app, copied).get("/inbox").status_code == 302
    assert opens(app.test_client(), token) == 401


def test_a_deactivation_ends_the_sessions_and_tokens(app, as_admin, sessions):
    token = token_of(app.test_client(), "li.na", ADMIN_PASSWORD)
    with sessions() as session:
        user_id = session.scalars(select(User.id).where(User.username == "li.na")).one()
    form = csrf_token(as_admin, "/admin/users")
    assert as_admin.post(f"/admin/users/{user_id}/deactivate", data={"csrf_token": form}).status_code == 302
    assert opens(app.test_client(), token) == 401
    with sessions() as session:
        assert session.get(User, user_id).session_epoch == 1
