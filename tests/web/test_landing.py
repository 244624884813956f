"""Each role lands where its work is (issue 15): after logging in and at ``/``, supervisors on
进度督办, designers on the procedures, administrators on 系统管理; officials keep the inbox."""

from __future__ import annotations

import pytest

from .conftest import login


@pytest.mark.parametrize(
    ("username", "landing"),
    [
        ("county", "/inbox"),
        ("enterprise", "/inbox"),
        ("supervisor", "/progress"),
        ("admin", "/admin/organisations"),
    ],
)
def test_logging_in_lands_each_role_on_its_page(client, people, username, landing):
    assert login(client, username).headers["Location"] == landing


@pytest.mark.parametrize(("username", "landing"), [("county", "/inbox"), ("supervisor", "/progress")])
def test_the_root_page_sends_each_role_to_its_landing_page(client, people, username, landing):
    login(client, username)
    assert client.get("/").headers["Location"] == landing


def test_a_designer_lands_on_the_procedures_list(client, designer):
    assert login(client, designer).headers["Location"] == "/processes"
    page = client.get("/processes").get_data(as_text=True)
    assert "<h1>流程</h1>" in page and "第1版" in page


def test_the_procedures_list_is_refused_to_officials(client, people):
    login(client, "county")
    assert client.get("/processes").status_code == 403
