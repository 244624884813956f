"""The campaign settings page (活动设置): supervisors and administrators see it, the provincial
office and administrators change it (CSRF, audited), everyone else is refused; a wrong field is
named beside itself and nothing is stored."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from engine.campaigns import SETTINGS, CampaignSetting, campaign_settings, defaults
from engine.directory.audit import AuditEvent
from engine.directory.organisations import Organisation, User
from tests.passwords import password_hash
from webapp.campaign.views import WORDING

from .conftest import login, post

PAGE = "/campaign/settings"
MUNICIPAL = "org-office-410100"


def form(**changes) -> dict[str, str]:
    """Every field of the page at its default, with ``changes``."""
    fields = {key: str(value) for key, value in defaults().items() if key != "milestones"}
    fields.update({f"milestones.{code}": day for code, day in defaults()["milestones"].items()})
    return {**fields, **changes}


def save(client, **changes):
    return post(client, PAGE, form(**changes), token_from=PAGE)


@pytest.fixture
def yijiao(app):
    return app.extensions["yijiao"]


def stored(yijiao) -> dict:
    with yijiao["sessions"]() as session:
        return campaign_settings(session)


def audited(yijiao) -> list[AuditEvent]:
    with yijiao["sessions"]() as session:
        return session.scalars(
            select(AuditEvent).where(AuditEvent.action == "change_campaign_settings")
        ).all()


def nothing_stored(yijiao) -> bool:
    with yijiao["sessions"]() as session:
        return session.scalars(select(CampaignSetting)).all() == [] and audited(yijiao) == []


@pytest.fixture
def municipal_office(yijiao, people) -> str:
    """A supervisor of a municipal office (郑州市), who oversees one prefecture only."""
    with yijiao["sessions"]() as session, session.begin():
        session.add(
            Organisation(id=MUNICIPAL, name="郑州市领导小组办公室", kind="supervisor", division_code="410100")
        )
        session.flush()
        session.add(
            User(
                username="zhengzhou_office",
                name="郑州市督办人员",
                organisation_id=MUNICIPAL,
                roles=["supervisor"],
                password_hash=password_hash("demo"),
                active=True,
                failed_logins=0,
            )
        )
    return "zhengzhou_office"


@pytest.mark.parametrize("username", ["supervisor", "admin"])
def test_supervisors_and_administrators_see_the_settings_and_the_link(client, people, username):
    login(client, username)
    assert 'href="/campaign/settings"' in client.get("/inbox").get_data(as_text=True)
    page = client.get(PAGE).get_data(as_text=True)
    assert "<h1>活动设置</h1>" in page
    assert "档案查阅（复制）申请审核期限" in page and 'name="lookup_review_days" value="5"' in page
    assert 'name="milestones.M1" value="2017-03-31"' in page
    assert "政策文件未规定档案查阅期限" in page


def test_the_page_is_available_in_english(client, people):
    login(client, "supervisor")
    page = client.get(PAGE + "?lang=en").get_data(as_text=True)
    assert "<h1>Campaign settings</h1>" in page and "Review of an archive look-up request" in page


@pytest.mark.parametrize("username", ["supervisor", "admin"])
def test_a_change_is_saved_and_audited(client, people, yijiao, username):
    login(client, username)
    response = save(client, lookup_review_days="7", **{"milestones.M4": "2017-07-31"})
    assert response.status_code == 302
    settings = stored(yijiao)
    assert settings["lookup_review_days"] == 7 and settings["milestones"]["M4"] == "2017-07-31"
    [event] = audited(yijiao)
    assert event.actor == username
    assert set(event.detail["changes"]) == {"lookup_review_days", "milestones"}
    page = client.get(PAGE).get_data(as_text=True)
    assert 'name="lookup_review_days" value="7"' in page and f"{username} 于" in page


def save_from_the_inbox(client, **changes):
    """A post with the CSRF token of a page the caller may open (the settings page refuses them)."""
    return post(client, PAGE, form(**changes), token_from="/inbox")


@pytest.mark.parametrize("username", ["enterprise", "county", "community", "archive", "viewer"])
def test_everyone_else_is_refused(client, people, yijiao, username):
    login(client, username)
    assert 'href="/campaign/settings"' not in client.get("/inbox").get_data(as_text=True)
    assert client.get(PAGE).status_code == 403
    assert save_from_the_inbox(client, lookup_review_days="7").status_code == 403
    assert nothing_stored(yijiao)


def test_a_municipal_office_sees_the_settings_but_may_not_change_them(client, yijiao, municipal_office):
    login(client, municipal_office)
    page = client.get(PAGE).get_data(as_text=True)
    assert "只有省领导小组办公室和系统管理员可以修改" in page and "保存设置" not in page
    assert save_from_the_inbox(client, lookup_review_days="7").status_code == 403
    assert nothing_stored(yijiao)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("lookup_review_days", "0", "档案查阅（复制）申请审核期限应为 1 至 60 天"),
        ("lookup_review_days", "七", "档案查阅（复制）申请审核期限应为整数天数"),
        ("asset_handover_days", "400", "社区资产移交期限应为 1 至 365 天"),
        (
            "lookup_service_days",
            "3",
            "提供档案查阅（复制）服务期限不得短于档案查阅（复制）申请审核期限（5 天）",
        ),
        ("milestones.M2", "2017-03-01", "M2（签订具体移交协议）不得早于 M1（2017-03-31）"),
        ("milestones.M3", "2017-02-30", "M3（完成社区管理组织职能、人员移交）应为 2000—2099 年间的日期"),
    ],
)
def test_a_wrong_field_is_named_beside_itself_and_nothing_is_stored(
    client, people, yijiao, field, value, message
):
    login(client, "supervisor")
    response = save(client, lookup_refusal_days="12", **{field: value})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert message in page
    assert f'name="{field}" value="{value}"' in page  # what was typed stays
    assert 'name="lookup_refusal_days" value="12"' in page
    assert nothing_stored(yijiao)


def test_a_change_needs_the_csrf_token(client, people, yijiao):
    login(client, "supervisor")
    assert client.post(PAGE, data=form(lookup_review_days="7")).status_code == 400
    assert nothing_stored(yijiao)


def test_the_milestone_schedule_form_offers_the_stored_milestones(client, people, yijiao):
    login(client, "supervisor")
    save(client, **{"milestones.M2": "2017-05-15"})
    page = client.get("/cases/new/milestone_schedule").get_data(as_text=True)
    assert 'value="2017-05-15"' in page


def test_the_page_words_every_declared_setting():
    assert set(WORDING) == {setting.key for setting in SETTINGS}
