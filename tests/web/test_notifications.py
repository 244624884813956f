"""Notifications (通知): a new task told to its organisation, a returned one to whoever did it, a
reminder and an escalation to the holder or organisation; the header's badge counts the unread ones,
read per person; what should be mailed waits in the outbox, which ``yijiao send-mail`` prints."""

from __future__ import annotations

import re
import socketserver
import threading
from datetime import datetime
from email import message_from_bytes
from email.policy import default

import pytest
from sqlalchemy import select

from engine import SettableClock
from engine.directory.organisations import User
from engine.notifications.models import Notification, OutboxMail
from engine.workflow import overdue
from engine.workflow.deadlines import CHINA_TZ
from engine.workflow.services import ServiceContext
from tests.passwords import password_hash
from tests.processes import submissions as form

from .conftest import login, post

JINSHUI = "org-gov-410105"
SIGN = "审核并签订具体移交协议"
BADGE = re.compile(r'class="count unread-badge"[^>]*>(\d+)<')


@pytest.fixture
def colleague(sessions, people):
    """A second official of 金水区; both have e-mail addresses."""
    with sessions() as session, session.begin():
        session.add(
            User(
                username="county.b",
                name="王芳",
                organisation_id=JINSHUI,
                roles=["official"],
                password_hash=password_hash("demo"),
                active=True,
                failed_logins=0,
                email="county.b@jinshui.example",
            )
        )
        session.scalars(select(User).where(User.username == "county")).one().email = "county@jinshui.example"


def notices(sessions, **where) -> list[Notification]:
    with sessions() as session:
        return list(session.scalars(select(Notification).filter_by(**where).order_by(Notification.id)))


def badge(client) -> int:
    found = BADGE.search(client.get("/inbox").get_data(as_text=True))
    return int(found.group(1)) if found else 0


def sign_notice(sessions) -> Notification:
    [notice] = [n for n in notices(sessions, kind="new_task", organisation_id=JINSHUI) if SIGN in n.subject]
    return notice


def test_a_new_task_is_told_to_its_organisation(client, programme, sessions):
    notice = sign_notice(sessions)
    assert (notice.username, notice.user_role) == (None, "official")
    login(client, "county")
    assert SIGN in client.get("/notifications").get_data(as_text=True)


def test_the_badge_counts_my_unread_notifications(client, programme):
    login(client, "county")
    count = len(re.findall(r'<tr class="unread"', client.get("/notifications").get_data(as_text=True)))
    assert count >= 1 and badge(client) == count


def test_on_a_phone_the_menu_button_carries_the_unread_count(client, programme):
    """The 通知 badge sits in the menu, closed on a phone: the 菜单 button shows the count too."""
    login(client, "county")
    html = client.get("/inbox").get_data(as_text=True)
    menu = re.search(r'<button type="button" class="menu-toggle"[^>]*>.*?</button>', html, re.S).group(0)
    assert re.search(rf'class="count menu-unread"[^>]*>{badge(client)}<', menu)


def test_marking_a_notification_read_lowers_the_count(client, programme, sessions):
    login(client, "county")
    before = badge(client)
    post(client, f"/notifications/{sign_notice(sessions).id}/read", token_from="/notifications")
    assert badge(client) == before - 1


def test_an_organisations_notification_is_read_per_person(client, programme, colleague, sessions):
    login(client, "county")
    post(client, f"/notifications/{sign_notice(sessions).id}/read", token_from="/notifications")
    login(client, "county.b")
    html = client.get("/notifications?unread=1").get_data(as_text=True)
    assert f'data-notification="{sign_notice(sessions).id}"' in html


def test_another_organisation_neither_sees_nor_marks_it(client, programme, sessions):
    login(client, "county2")
    assert SIGN not in client.get("/notifications").get_data(as_text=True)
    response = post(client, f"/notifications/{sign_notice(sessions).id}/read", token_from="/notifications")
    assert response.status_code == 404


def test_a_returned_task_is_told_to_whoever_did_it_before(driver, programme, sessions):
    driver.complete(programme, "sign_specific_agreement", form.refuse(), owner=JINSHUI)
    [notice] = notices(sessions, kind="returned")
    assert notice.username == "enterprise" and notice.subject.startswith("事项被退回")
    drafts = {i.id for i in driver.open_items(programme, "draft_specific_agreement")}
    assert notice.work_item_id in drafts


def test_a_reminder_is_told_to_the_organisation_and_mailed(app, runner, programme, colleague, sessions):
    app.extensions["yijiao"]["engine"].clock = SettableClock(datetime(2017, 4, 25, 9, 0, tzinfo=CHINA_TZ))
    assert runner.invoke(args=["worker", "--once"]).exit_code == 0
    reminded = [n for n in notices(sessions, kind="reminder") if n.organisation_id == JINSHUI]
    assert [n.subject.startswith("即将到期") for n in reminded] == [True]
    with sessions() as session:
        mailed = session.scalars(
            select(OutboxMail.recipient).where(OutboxMail.notification_id == reminded[0].id)
        )
        assert sorted(mailed) == ["county.b@jinshui.example", "county@jinshui.example"]


def test_an_escalation_is_told_to_the_organisation_of_the_overdue_task(app, programme, sessions):
    yijiao = app.extensions["yijiao"]
    with yijiao["sessions"]() as session, session.begin():
        now = datetime(2017, 5, 2, 9, 0, tzinfo=CHINA_TZ)
        overdue.overdue_cases(ServiceContext(session, now, None), "M2")
        overdue.overdue_cases(ServiceContext(session, now, None), "M2")  # flagged once: told once
    escalations = [n for n in notices(sessions, kind="escalation") if SIGN in n.subject]
    assert [n.organisation_id for n in escalations] == [JINSHUI]


@pytest.fixture
def mail_for_b(client, driver, programme, colleague) -> None:
    """`county` has handed 金水区's specific agreement to 王芳 (county.b): one mail waits for her."""
    item_id = driver.item(programme, "sign_specific_agreement", JINSHUI).id
    login(client, "county")
    post(client, f"/tasks/{item_id}/claim", token_from="/inbox")
    post(client, f"/tasks/{item_id}/reassign", {"to": "county.b"}, token_from=f"/tasks/{item_id}")


def test_send_mail_prints_the_pending_mails_and_leaves_them_pending(runner, mail_for_b):
    printed = runner.invoke(args=["send-mail", "--print"])
    assert printed.exit_code == 0, printed.output
    assert "收件人: county.b@jinshui.example" in printed.output
    assert "【移交·转办】郑州市金水区人民政府经办人 转给您办理" in printed.output  # by name, not login
    assert runner.invoke(args=["send-mail", "--print"]).output == printed.output


def test_without_an_smtp_host_send_mail_sends_nothing(runner, people):
    result = runner.invoke(args=["send-mail"])
    assert result.exit_code == 0
    assert "0 封待发邮件" in result.output and "未配置 YIJIAO_SMTP_HOST" in result.output


# -- the API -----------------------------------------------------------------------------------


def token(client, username: str) -> dict[str, str]:
    answer = client.post("/api/v1/tokens", json={"username": username, "password": "demo"}).json
    return {"Authorization": f"Bearer {answer['token']}"}


def test_the_api_lists_my_notifications_and_marks_one_read(client, programme, sessions):
    headers = token(client, "county")
    listed = client.get("/api/v1/notifications?unread=true", headers=headers).json
    notice = sign_notice(sessions)
    assert notice.id in [n["id"] for n in listed["items"]] and listed["unread"] == listed["total"]
    assert client.post(f"/api/v1/notifications/{notice.id}/read", headers=headers).status_code == 200
    after = client.get("/api/v1/notifications", headers=headers).json
    assert after["unread"] == listed["unread"] - 1
    assert [n["read"] for n in after["items"] if n["id"] == notice.id] == [True]


def test_the_api_refuses_another_organisations_notification(client, programme, sessions):
    headers = token(client, "county2")
    response = client.post(f"/api/v1/notifications/{sign_notice(sessions).id}/read", headers=headers)
    assert response.status_code == 404


def test_the_api_reassigns_a_task_only_within_the_organisation(client, driver, programme, colleague):
    item = driver.item(programme, "sign_specific_agreement", JINSHUI)
    headers = token(client, "county")
    client.post(f"/api/v1/tasks/{item.id}/claim", headers=headers)
    refused = client.post(f"/api/v1/tasks/{item.id}/reassign", json={"to": "county2"}, headers=headers)
    assert refused.status_code == 422 and "to" in refused.json["error"]["fields"]
    done = client.post(f"/api/v1/tasks/{item.id}/reassign", json={"to": "county.b"}, headers=headers)
    assert done.json == {"id": item.id, "claimed_by": "county.b"}


# -- where mail goes: an address per user, set by an administrator ------------------------------


def edit_li_na(as_admin, sessions, email: str):
    with sessions() as session:
        user_id = session.scalars(select(User.id).where(User.username == "li.na")).one()
    form = {"name": "李娜", "organisation_id": JINSHUI, "roles": ["official"], "email": email}
    return post(as_admin, f"/admin/users/{user_id}/edit", form, token_from="/admin/organisations")


def test_an_administrator_sets_the_address_notifications_are_mailed_to(as_admin, sessions):
    assert edit_li_na(as_admin, sessions, "li.na@jinshui.example").status_code == 302
    with sessions() as session:
        assert (
            session.scalars(select(User.email).where(User.username == "li.na")).one()
            == "li.na@jinshui.example"
        )


def test_an_address_that_is_not_one_is_refused(as_admin, sessions):
    response = edit_li_na(as_admin, sessions, "li.na at jinshui")
    assert response.status_code == 422
    assert "请填写电子邮箱地址" in response.get_data(as_text=True)


# -- sending over SMTP: a little server on loopback takes the mails --------------------------


class _SmtpHandler(socketserver.StreamRequestHandler):
    def reply(self, line: str) -> None:
        self.wfile.write(f"{line}\r\n".encode())

    def handle(self) -> None:
        self.reply("220 test")
        while line := self.rfile.readline().decode().strip():
            verb = line.split(" ", 1)[0].upper()
            if verb == "DATA":
                self.reply("354 go on")
                lines = []
                while (data := self.rfile.readline()) not in (b".\r\n", b""):
                    lines.append(data)
                self.server.received.append(message_from_bytes(b"".join(lines), policy=default))
                self.reply("250 taken")
            elif verb == "QUIT":
                self.reply("221 bye")
                return
            else:
                self.reply("250 ok")


@pytest.fixture
def smtp_server():
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _SmtpHandler)
    server.received = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def test_send_mail_sends_over_smtp_and_marks_them_sent(app, runner, mail_for_b, smtp_server):
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=smtp_server.server_address[1], SMTP_TLS=False)
    result = runner.invoke(args=["send-mail"])
    assert result.exit_code == 0, result.output
    assert "已发送 1 封邮件" in result.output
    [mail] = smtp_server.received
    assert mail["To"] == "county.b@jinshui.example" and "转给您办理" in mail["Subject"]
    assert "0 封待发邮件" in runner.invoke(args=["send-mail", "--print"]).output
