"""The processes area (issue 16): every procedure with its versions, who deployed each and the cases
on each; a version's diagram and its files byte for byte; the diff between two versions on its
diagrams. Designers and administrators read and act, supervisors only read, officials are refused."""

from __future__ import annotations

import lxml.html
import pytest

from engine import Actor
from tests.processes.campaign import archive_org

from .conftest import PROCESSES, login

KEY = "archive_lookup"
ARCHIVES = archive_org("410105")
COMMUNITY = "org-community-410105"
PARTIES = {"community": COMMUNITY, "archive_department": ARCHIVES}
REQUEST = {
    "retiree_name": "王建国",
    "id_number": "410105195001013",
    "purpose": "办理养老金资格认证",
    "kind": "复制",
    "submitted_on": "2017-09-01",
}
#: version 2: the review renamed, a confirmation step added before the end
RENAMED = ('name="审核查阅（复制）申请"', 'name="审核申请"')


def version_2() -> bytes:
    return (PROCESSES / f"{KEY}.bpmn").read_text(encoding="utf-8").replace(*RENAMED).encode("utf-8")


def deploy(app, files: dict[str, bytes], by: str = "designer", lane_roles: dict | None = None) -> None:
    yijiao = app.extensions["yijiao"]
    with yijiao["sessions"]() as session, session.begin():
        actor = Actor(by, "org-supervisor", frozenset({"designer"}))
        yijiao["engine"].deploy(session, files, actor=actor, lane_roles=lane_roles)


def page(client, path: str) -> lxml.html.HtmlElement:
    answer = client.get(path)
    assert answer.status_code == 200, answer.get_data(as_text=True)
    return lxml.html.fromstring(answer.get_data(as_text=True))


def cells(document, row_xpath: str) -> dict[str, str]:
    """``data-cases`` → text of the cells of the row."""
    row = document.xpath(row_xpath)[0]
    return {td.get("data-cases"): td.text_content().strip() for td in row.xpath("td[@data-cases]")}


def test_the_list_shows_each_procedure_s_newest_version_its_count_and_its_deployer(app, client, designer):
    deploy(app, {f"{KEY}.bpmn": version_2()})
    login(client, designer)
    row = page(client, "/processes").xpath(f"//tr[@data-key='{KEY}']")[0]
    text = row.text_content()
    assert "第2版" in text and "周杰" in text and KEY in text
    assert row.xpath("td")[3].text_content().strip() == "2"
    assert row.xpath(f".//a[@href='/processes/{KEY}']")


def test_each_version_counts_its_running_and_finished_cases(app, client, designer, driver):
    first = driver.start(KEY, PARTIES, {"request": REQUEST})
    driver.start(KEY, PARTIES, {"request": REQUEST})
    driver.complete(first, "review_lookup_request", {"approved": False, "reasons": "非本人申请"})
    driver.complete(first, "acknowledge_lookup_refusal", {"received": True})
    deploy(app, {f"{KEY}.bpmn": version_2()})
    driver.start(KEY, PARTIES, {"request": REQUEST})
    login(client, designer)
    document = page(client, f"/processes/{KEY}")
    assert [r.get("data-version") for r in document.xpath("//tr[@data-version]")] == ["2", "1"]
    assert cells(document, "//tr[@data-version='1']") == {"running": "1", "completed": "1"}
    assert cells(document, "//tr[@data-version='2']") == {"running": "1", "completed": "0"}
    assert "周杰" in document.xpath("//tr[@data-version='2']")[0].text_content()


def test_the_versions_are_counted_in_one_grouped_query(app, client, designer, driver):
    from sqlalchemy import event

    deploy(app, {f"{KEY}.bpmn": version_2()})
    driver.start(KEY, PARTIES, {"request": REQUEST})
    login(client, designer)
    counted = []
    db_engine = app.extensions["yijiao"]["db_engine"]

    def seen(_conn, _cursor, statement, *_args):
        if "process_instance" in statement and "GROUP BY" in statement.upper():
            counted.append(statement)

    event.listen(db_engine, "before_cursor_execute", seen)
    try:
        client.get(f"/processes/{KEY}")
    finally:
        event.remove(db_engine, "before_cursor_execute", seen)
    assert len(counted) == 1


def test_a_version_shows_its_diagram_lanes_and_files(client, designer):
    login(client, designer)
    document = page(client, f"/processes/{KEY}/versions/1")
    svg = document.xpath("//div[@class='case-diagram']/*[local-name()='svg']")[0]
    assert svg.xpath(".//*[local-name()='g'][@id='el-review_lookup_request']")
    assert not svg.xpath(".//*[local-name()='g'][@class]")  # no case, no marks
    assert "档案" in document.xpath("//dl[@class='facts']")[0].text_content()
    assert document.xpath(f"//a[@href='/processes/{KEY}/versions/1/files/{KEY}.bpmn']")


def test_a_file_downloads_as_the_exact_bytes_deployed(app, client, designer):
    content = b"<?xml version='1.0' encoding='UTF-8'?>\r\n" + version_2().split(b"?>", 1)[1] + b"\n\n"
    deploy(app, {f"{KEY}.bpmn": content})
    login(client, designer)
    answer = client.get(f"/processes/{KEY}/versions/2/files/{KEY}.bpmn")
    assert answer.status_code == 200
    assert answer.data == content
    assert answer.headers["Content-Type"] == "application/xml"
    assert answer.headers["Content-Disposition"] == f"attachment; filename={KEY}.bpmn"


@pytest.mark.parametrize(
    "path",
    [
        "/processes/no_such_process",
        f"/processes/{KEY}/versions/9",
        f"/processes/{KEY}/versions/1/files/nothing.bpmn",
        f"/processes/{KEY}/versions/1/diagram.svg?process=no_such_process",
        f"/processes/{KEY}/diff?from=1&to=9",
    ],
)
def test_an_unknown_process_version_or_file_is_not_found(client, designer, path):
    login(client, designer)
    assert client.get(path).status_code == 404


def test_a_called_process_opens_from_the_version_s_diagram(client, designer):
    login(client, designer)
    document = page(client, "/processes/county_handover/versions/1")
    link = document.xpath("//ul[@class='diagram-links']//a/@href")[0]
    answer = client.get(link)
    assert answer.status_code == 200 and answer.mimetype == "image/svg+xml"


def test_the_diff_lists_the_changes_and_marks_both_diagrams(app, client, designer):
    deploy(app, {f"{KEY}.bpmn": version_2()})
    login(client, designer)
    document = page(client, f"/processes/{KEY}/diff?from=1&to=2")
    row = document.xpath("//tr[@data-element='review_lookup_request']")[0]
    assert row.get("class") == "changed"
    change = row.xpath(".//li[@data-attribute='name']")[0].text_content()
    assert "审核查阅（复制）申请" in change and "审核申请" in change
    for side in ("diff-old", "diff-new"):
        svg = document.xpath(f"//div[contains(@class,'{side}')]/*[local-name()='svg']")[0]
        marked = svg.xpath(".//*[local-name()='g'][@id='el-review_lookup_request']")[0]
        assert marked.get("class") == "changed"


def test_a_bad_version_number_in_a_diff_is_named(client, designer):
    login(client, designer)
    answer = client.get(f"/processes/{KEY}/diff?from=one&to=2")
    assert answer.status_code == 400
    assert "from" in answer.get_data(as_text=True)


def test_a_supervisor_reads_but_is_offered_no_edit_or_migration(app, client, people):
    deploy(app, {f"{KEY}.bpmn": version_2()})
    login(client, "supervisor")
    for path in (
        "/processes",
        f"/processes/{KEY}",
        f"/processes/{KEY}/versions/2",
        f"/processes/{KEY}/diff?from=1&to=2",
    ):
        document = page(client, path)
        hrefs = document.xpath("//main//a/@href")
        assert not [h for h in hrefs if h.endswith(("/edit", "/migrate"))], path
        assert not document.xpath("//main//form[@method='post']"), path
    assert client.get(f"/processes/{KEY}/versions/1/files/{KEY}.bpmn").status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        f"/processes/{KEY}",
        f"/processes/{KEY}/versions/1",
        f"/processes/{KEY}/versions/1/diagram.svg",
        f"/processes/{KEY}/versions/1/files/{KEY}.bpmn",
        f"/processes/{KEY}/diff?from=1&to=1",
    ],
)
def test_an_official_is_refused(client, people, path):
    login(client, "county")
    assert client.get(path).status_code == 403


def test_a_change_in_a_called_process_is_listed_and_drawn_marked(app, client, designer):
    text = (PROCESSES / "archive_handover.bpmn").read_text(encoding="utf-8")
    deploy(app, {"archive_handover.bpmn": text.replace('name="审核接收档案"', 'name="审核档案"').encode()})
    login(client, designer)
    document = page(client, "/processes/county_handover/diff?from=1&to=2")
    row = document.xpath("//table[@data-process='archive_handover']//tr[@data-element='check_archives']")[0]
    assert row.get("class") == "changed"
    links = document.xpath("//p[@class='diagram-links']/a/@href")
    assert len(links) == 2 and all("process=archive_handover" in link for link in links)
    answer = client.get(next(link for link in links if "side=new" in link))
    assert answer.status_code == 200 and answer.mimetype == "image/svg+xml"
    svg = lxml.html.fromstring(answer.data)
    assert svg.xpath("//*[@id='el-check_archives']")[0].get("class") == "changed"


def test_a_file_drawn_elsewhere_shows_its_lanes_mapped_and_says_it_has_no_layout(app, client, designer):
    content = (PROCESSES.parent / "tests" / "fixtures" / "foreign" / "approval-lanes.bpmn").read_bytes()
    roles = {"Process_approval": {"Approver": "enterprise", "Manager": "receiving_government"}}
    deploy(app, {"approval.bpmn": content}, lane_roles=roles)
    login(client, designer)
    document = page(client, "/processes/Process_approval/versions/1")
    mapped = [li.text_content() for li in document.xpath("//ul[@class='lane-roles']/li")]
    assert mapped == ["Approver → 移交企业", "Manager → 接收县（市、区）政府"]
    assert not document.xpath("//div[@class='case-diagram']")
    assert "没有流程图布局" in document.text_content()
