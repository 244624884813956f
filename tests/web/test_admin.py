"""Administration: only administrators reach it; they keep organisations and users, checked and
audited, and read the audit log."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select
from werkzeug.security import check_password_hash

from engine.directory.audit import AuditEvent
from engine.directory.organisations import Organisation, User
from engine.workflow.deadlines import CHINA_TZ

from .conftest import ADMIN_PASSWORD, csrf_token, login

PASSWORD = ADMIN_PASSWORD

#: every administration page and action, as (method, path)
ADMIN_URLS = [
    ("get", "/admin/"),
    ("get", "/admin/organisations"),
    ("get", "/admin/organisations/new"),
    ("post", "/admin/organisations/new"),
    ("get", "/admin/organisations/org-gov-410105/edit"),
    ("post", "/admin/organisations/org-gov-410105/edit"),
    ("post", "/admin/organisations/org-gov-410105/deactivate"),
    ("post", "/admin/organisations/org-gov-410105/activate"),
    ("get", "/admin/users"),
    ("get", "/admin/users/new"),
    ("post", "/admin/users/new"),
    ("get", "/admin/users/1/edit"),
    ("post", "/admin/users/1/edit"),
    ("post", "/admin/users/1/password"),
    ("post", "/admin/users/1/deactivate"),
    ("post", "/admin/users/1/activate"),
    ("post", "/admin/users/1/unlock"),
    ("get", "/admin/audit"),
    ("get", "/admin/clock"),
    ("post", "/admin/clock"),
    ("post", "/admin/clock/reset"),
]


def _user(sessions, username: str) -> User | None:
    with sessions() as session:
        return session.scalars(select(User).where(User.username == username)).one_or_none()


def _audit(sessions, action: str) -> list[AuditEvent]:
    with sessions() as session:
        return list(session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def _rows(response) -> str:
    """The page's table (or its "nothing here"), without the filter form above it."""
    page = response.get_data(as_text=True)
    return page[page.index("</form>", page.index('class="filters"')) :]


def _post(client, path: str, data: dict, token_from: str = "/admin/organisations"):
    return client.post(path, data={**data, "csrf_token": csrf_token(client, token_from)})


NEW_USER = {
    "username": "wang.fang",
    "name": "王芳",
    "organisation_id": "org-gov-410105",
    "roles": ["official", "leader"],
    "password": "initial-pass",
}


@pytest.mark.parametrize(("method", "path"), ADMIN_URLS)
def test_an_official_who_is_not_an_administrator_gets_403(client, directory, method, path):
    assert login(client, "li.na", PASSWORD).status_code == 302
    if method == "get":
        response = client.get(path)
    else:
        response = client.post(path, data={"csrf_token": csrf_token(client, "/inbox"), "name": "x"})
    assert response.status_code == 403


@pytest.mark.parametrize("path", [path for method, path in ADMIN_URLS if method == "get"])
def test_the_administrator_opens_every_page_in_chinese(as_admin, sessions, path):
    response = as_admin.get(path, follow_redirects=True)
    assert response.status_code == 200
    assert "系统管理" in response.get_data(as_text=True)


def test_an_organisation_outside_the_lanes_keeps_its_kind_when_edited(as_admin, sessions):
    with sessions() as session, session.begin():
        session.add(Organisation(id="org-system", name="系统", kind="system", active=True))
    response = _post(
        as_admin, "/admin/organisations/org-system/edit", {"name": "系统管理组", "kind": "system"}
    )
    assert response.status_code == 302
    assert (
        _post(
            as_admin, "/admin/organisations/new", {"id": "org-s2", "name": "某", "kind": "system"}
        ).status_code
        == 422
    )


def test_a_visitor_who_has_not_logged_in_is_sent_to_the_login_page(client, directory):
    response = client.get("/admin/users")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_a_post_without_csrf_token_is_refused(as_admin):
    response = as_admin.post("/admin/organisations/new", data={"id": "org-x", "name": "某单位"})
    assert response.status_code == 400


def test_the_administrator_lists_organisations_filtered_by_kind(as_admin):
    page = as_admin.get("/admin/organisations?kind=receiving_government").get_data(as_text=True)
    assert "郑州市金水区人民政府" in page
    assert "郑州市人民政府" not in page.replace("郑州市金水区人民政府", "")


def test_the_administrator_creates_an_organisation(as_admin, sessions):
    response = _post(
        as_admin,
        "/admin/organisations/new",
        {
            "id": "org-archive-410105",
            "name": "金水区档案馆",
            "kind": "archive_department",
            "division_code": "410105",
            "parent_id": "org-gov-410105",
        },
    )
    assert response.status_code == 302
    with sessions() as session:
        organisation = session.get(Organisation, "org-archive-410105")
        assert (organisation.name, organisation.kind, organisation.division_code, organisation.parent_id) == (
            "金水区档案馆",
            "archive_department",
            "410105",
            "org-gov-410105",
        )
        assert organisation.active
    (event,) = _audit(sessions, "admin_organisation_created")
    assert event.actor == "admin"
    assert event.detail["organisation_id"] == "org-archive-410105"
    assert "金水区档案馆" in as_admin.get(response.headers["Location"]).get_data(as_text=True)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("kind", "bank", "请从列表中选择机构类型"),
        ("division_code", "419999", "不是有效的 GB/T 2260 行政区划代码"),
        ("name", "", "请填写机构名称"),
        ("id", "org-gov-410105", "已被使用"),
        ("parent_id", "org-nowhere", "没有代码为 org-nowhere 的组织机构"),
    ],
)
def test_a_bad_organisation_is_refused_in_chinese_keeping_what_was_typed(
    as_admin, sessions, field, value, message
):
    typed = {"id": "org-new-1", "name": "新单位", "kind": "community", "division_code": "410105"}
    response = _post(as_admin, "/admin/organisations/new", {**typed, field: value})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in page
    for name, kept in {**typed, field: value}.items():
        if name in ("id", "name", "division_code"):
            assert f'value="{kept}"' in page
    assert _audit(sessions, "admin_organisation_created") == []


def test_an_organisation_cannot_be_its_own_parent(as_admin):
    form = {"name": "郑州市人民政府", "kind": "prefecture_government", "parent_id": "org-gov-410100"}
    response = _post(as_admin, "/admin/organisations/org-gov-410100/edit", form)
    assert response.status_code == 422
    assert "不能以自身或其下级机构为上级机构" in response.get_data(as_text=True)


def test_the_administrator_edits_and_deactivates_an_organisation(as_admin, sessions):
    form = {"name": "金水区人民政府", "kind": "receiving_government", "parent_id": "org-gov-410100"}
    response = _post(
        as_admin, "/admin/organisations/org-gov-410105/edit", {**form, "division_code": "410105"}
    )
    assert response.status_code == 302
    assert _post(as_admin, "/admin/organisations/org-gov-410105/deactivate", {}).status_code == 302
    with sessions() as session:
        organisation = session.get(Organisation, "org-gov-410105")
        assert (organisation.name, organisation.parent_id, organisation.active) == (
            "金水区人民政府",
            "org-gov-410100",
            False,
        )
    (edited,) = _audit(sessions, "admin_organisation_updated")
    assert edited.detail["changes"]["name"] == ["郑州市金水区人民政府", "金水区人民政府"]
    assert len(_audit(sessions, "admin_organisation_deactivated")) == 1


def test_the_administrator_creates_a_user_with_a_hashed_password(as_admin, sessions):
    response = _post(as_admin, "/admin/users/new", NEW_USER, token_from="/admin/users/new")
    assert response.status_code == 302
    user = _user(sessions, "wang.fang")
    assert (user.name, user.organisation_id, user.roles, user.active) == (
        "王芳",
        "org-gov-410105",
        ["official", "leader"],
        True,
    )
    assert user.password_hash != "initial-pass" and check_password_hash(user.password_hash, "initial-pass")
    (event,) = _audit(sessions, "admin_user_created")
    assert event.detail["username"] == "wang.fang"
    assert "initial-pass" not in str(event.detail)
    assert "王芳" in as_admin.get("/admin/users").get_data(as_text=True)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("username", "li.na", "用户名 li.na 已被使用"),
        ("username", "Li.Na", "用户名 Li.Na 已被使用"),  # one login whatever its case
        ("name", "", "请填写姓名"),
        ("organisation_id", "org-nowhere", "请从列表中选择用户所属单位"),
        ("roles", ["king"], "只能从列表中选择角色"),
        ("password", "short", "密码至少需要 8 个字符"),
    ],
)
def test_a_bad_user_is_refused_in_chinese_keeping_what_was_typed(as_admin, sessions, field, value, message):
    response = _post(as_admin, "/admin/users/new", {**NEW_USER, field: value}, token_from="/admin/users/new")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in page
    for name in ("username", "name"):
        assert f'value="{({**NEW_USER, field: value})[name]}"' in page
    assert 'value="leader" checked' in page or field == "roles"
    assert "initial-pass" not in page
    assert _audit(sessions, "admin_user_created") == []


def test_the_administrator_edits_a_users_name_organisation_and_roles(as_admin, sessions):
    user_id = _user(sessions, "li.na").id
    form = {"name": "李娜娜", "organisation_id": "org-gov-410100", "roles": ["official", "viewer"]}
    response = _post(as_admin, f"/admin/users/{user_id}/edit", form)
    assert response.status_code == 302
    user = _user(sessions, "li.na")
    assert (user.name, user.organisation_id, user.roles) == (
        "李娜娜",
        "org-gov-410100",
        ["official", "viewer"],
    )
    (event,) = _audit(sessions, "admin_user_updated")
    assert event.detail["changes"]["organisation_id"] == ["org-gov-410105", "org-gov-410100"]


def test_the_administrator_cannot_take_away_their_own_admin_role(as_admin, sessions):
    admin_id = _user(sessions, "admin").id
    form = {"name": "管理员", "organisation_id": "org-admin", "roles": ["official"]}
    response = _post(as_admin, f"/admin/users/{admin_id}/edit", form)
    assert response.status_code == 422
    assert "不能取消您自己的系统管理员角色" in response.get_data(as_text=True)


def test_a_reset_password_replaces_the_old_one(as_admin, client, sessions):
    user_id = _user(sessions, "li.na").id
    response = _post(as_admin, f"/admin/users/{user_id}/password", {"password": "brand-new-pass"})
    assert response.status_code == 302
    assert len(_audit(sessions, "admin_user_password_reset")) == 1
    as_admin.post("/logout", data={"csrf_token": csrf_token(as_admin, "/admin/users")})
    assert login(client, "li.na", PASSWORD).status_code == 401
    assert login(client, "li.na", "brand-new-pass").status_code == 302


def test_a_deactivated_user_cannot_log_in(as_admin, client, sessions):
    user_id = _user(sessions, "li.na").id
    assert _post(as_admin, f"/admin/users/{user_id}/deactivate", {}).status_code == 302
    assert not _user(sessions, "li.na").active
    assert len(_audit(sessions, "admin_user_deactivated")) == 1
    as_admin.post("/logout", data={"csrf_token": csrf_token(as_admin, "/admin/users")})
    response = login(client, "li.na", PASSWORD)
    assert response.status_code == 401
    assert "停用的账户不能登录" in response.get_data(as_text=True)  # the one answer to every refusal


def test_an_administrator_cannot_deactivate_themselves(as_admin, sessions):
    admin_id = _user(sessions, "admin").id
    response = _post(as_admin, f"/admin/users/{admin_id}/deactivate", {})
    assert response.status_code == 302
    assert _user(sessions, "admin").active
    assert "不能停用您自己的账户" in as_admin.get(response.headers["Location"]).get_data(as_text=True)


def test_the_administrator_unlocks_a_locked_user(as_admin, client, sessions):
    with sessions() as session, session.begin():
        user = session.scalars(select(User).where(User.username == "li.na")).one()
        user.failed_logins, user.locked_until = 3, datetime(2017, 4, 2, 11, 0, tzinfo=CHINA_TZ)
        user_id = user.id
    assert "已锁定" in as_admin.get("/admin/users").get_data(as_text=True)
    assert _post(as_admin, f"/admin/users/{user_id}/unlock", {}).status_code == 302
    user = _user(sessions, "li.na")
    assert (user.failed_logins, user.locked_until) == (0, None)
    (event,) = _audit(sessions, "admin_user_unlocked")
    assert event.detail["failed_logins"] == 3
    as_admin.post("/logout", data={"csrf_token": csrf_token(as_admin, "/admin/users")})
    assert login(client, "li.na", PASSWORD).status_code == 302


def test_the_audit_log_lists_the_changes_newest_first_and_filters_them(as_admin, sessions):
    _post(as_admin, "/admin/users/new", NEW_USER, token_from="/admin/users/new")
    user_id = _user(sessions, "wang.fang").id
    _post(as_admin, f"/admin/users/{user_id}/deactivate", {})
    page = _rows(as_admin.get("/admin/audit"))
    assert page.index("admin_user_deactivated") < page.index("admin_user_created")
    filtered = _rows(as_admin.get("/admin/audit?action=admin_user_created&actor=admin"))
    assert "admin_user_created" in filtered and "admin_user_deactivated" not in filtered
    assert "admin_user_created" not in _rows(as_admin.get("/admin/audit?case=42"))


def test_the_audit_log_is_paginated(app, as_admin, sessions):
    app.config["PER_PAGE"] = 2
    for n in range(3):
        _post(
            as_admin,
            "/admin/organisations/new",
            {"id": f"org-c-{n}", "name": f"社区{n}", "kind": "community"},
        )
    first = _rows(as_admin.get("/admin/audit"))
    second = _rows(as_admin.get("/admin/audit?page=2"))
    assert "org-c-2" in first and "org-c-1" in first and "org-c-0" not in first
    assert "org-c-0" in second
