"""The community's page lists beside the month's tasks those due later (on the seeded demo, whose
clock stands at 2017-04-02: the archive copy is to be acknowledged in April; the family's
application in May, the certification at the end of June, the festival visits in October)."""

from __future__ import annotations

from tests.web import test_demo
from tests.web.conftest import login

seeded_app = test_demo.seeded_app  # fixture: the demo, seeded once


def sections(seeded_app, username: str) -> tuple[str, str]:
    client = seeded_app.test_client()
    login(client, username)
    html = client.get("/aftercare/community").get_data(as_text=True)
    month, _, later = html.partition("其后到期的在办事项")
    return month.split("本社区退休人员")[0], later.split("本社区退休人员")[0]


def test_the_tasks_due_after_this_month_are_listed_apart(seeded_app):
    month, later = sections(seeded_app, "community")
    assert "确认收到查阅（复制）结果" in month
    assert "协助家属申领丧葬补助金和抚恤金" in later
    assert "社区资格认证" in later and "社区走访慰问" in later
    assert "社区资格认证" not in month
    assert "未标记" in later  # what is left on the certification list
