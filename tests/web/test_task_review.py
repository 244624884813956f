"""Issue 15 (A): every review shows its object, a task that comes back says why with the previous
answer filled in, reviews are decided by two buttons (a return needs its reasons, on the page and
in the API), Enter never completes a task, and a done task shows its answer and where its own
branch of the case went."""

from __future__ import annotations

import re

from tests.processes import submissions as form

from .conftest import login, post

COUNTY = "org-gov-410105"  # 金水区, whose specific agreement the `programme` fixture drafted
COMMUNITY = "org-community-410105"


def page(response) -> str:
    return response.get_data(as_text=True)


def sign_item(driver, case):
    return driver.item(case, "sign_specific_agreement", COUNTY)


def claimed(client, username: str, item) -> str:
    """The task page once ``username`` has claimed ``item``."""
    login(client, username)
    post(client, f"/tasks/{item.id}/claim", token_from=f"/tasks/{item.id}")
    return page(client.get(f"/tasks/{item.id}"))


def section(html: str, heading_id: str) -> str:
    """The HTML of the <section> whose heading has ``heading_id``."""
    match = re.search(rf'<section[^>]*aria-labelledby="{heading_id}".*?</section>', html, re.S)
    assert match, f"no section {heading_id}"
    return match.group(0)


def returned_by_county(client, driver, case, reasons: str = "移交人数与登记库不一致，请核对"):
    item = sign_item(driver, case)
    claimed(client, "county", item)
    data = {"approved": "false", "reasons": reasons}
    return post(client, f"/tasks/{item.id}/complete", data, token_from=f"/tasks/{item.id}")


# -- the object of a review --------------------------------------------------------------------------


def test_signing_shows_the_specific_agreement_draft_as_a_page_with_its_pdf(client, people, programme, driver):
    login(client, "county")
    agreement = section(page(client.get(f"/tasks/{sign_item(driver, programme).id}")), "agreement-heading")
    assert "具体移交协议" in agreement and "豫移具〔2017〕1号" in agreement
    assert "<dt>移交内容</dt>" in agreement and "退休人员整体移交" in agreement
    assert "<dt>移交退休人员数</dt>" in agreement and "2017年6月底前完成" in agreement
    assert re.search(r'href="/cases/\d+/documents/specific_agreement\.pdf\?county=410105"', agreement)


def test_the_staff_reception_shows_each_person_s_pay_and_the_difference(client, people, programme, driver):
    driver.complete(programme, "sign_specific_agreement", form.approve(), owner=COUNTY)
    driver.complete(programme, "verify_retiree_data", form.all_correct(), owner=COUNTY)
    driver.allocate_all(programme, "410105", COMMUNITY)
    driver.complete(programme, "receive_retirees", form.received(), owner=COMMUNITY)
    person = form.staff_members(1)[0]
    driver.complete_item(
        driver.by_county(programme, "hand_over_management_staff")["410105"], form.staff(person)
    )
    item = driver.item(programme, "receive_management_staff", COUNTY)
    login(client, "county")
    post(client, f"/tasks/{item.id}/claim", token_from=f"/tasks/{item.id}")
    post(client, f"/tasks/{item.id}/draft", {"local_monthly_salary": "3800"}, token_from=f"/tasks/{item.id}")
    staff = section(page(client.get(f"/tasks/{item.id}")), "staff-heading")
    assert "管理员0" in staff and "退休管理员" in staff
    assert "<td>4200</td>" in staff and "<td>3800</td>" in staff and "<td>400</td>" in staff


# -- a task that comes back ------------------------------------------------------------------------


def test_a_returned_draft_says_why_and_holds_the_previous_draft(client, people, programme, driver):
    assert returned_by_county(client, driver, programme).status_code == 302
    again = driver.by_county(programme, "draft_specific_agreement")["410105"]
    html = claimed(client, "enterprise", again)
    why = section(html, "returned-heading")
    assert "移交人数与登记库不一致，请核对" in why and "退回" in why
    assert 'value="豫移具〔2017〕1号"' in html and ">退休人员整体移交</textarea>" in html


def test_a_first_draft_is_prefilled_from_what_the_case_knows(client, people, driver):
    from tests.processes.test_retiree_handover import sign_framework_agreements, start_programme

    case = start_programme(driver)
    sign_framework_agreements(driver, case)
    html = claimed(client, "enterprise", driver.by_county(case, "draft_specific_agreement")["410105"])
    assert 'id="retiree_count" value="4"' in html and "returned-heading" not in html
    assert 'id="signed_by" value="中国平煤神马能源化工集团经办人"' in html


# -- deciding: two buttons, a return needs its reasons -------------------------------------------


def test_a_review_is_decided_by_two_buttons_not_a_checkbox(client, people, programme, driver):
    html = claimed(client, "county", sign_item(driver, programme))
    assert '<button name="approved" value="true">同意</button>' in html
    assert '<button name="approved" value="false" class="return">退回</button>' in html
    assert 'type="checkbox" name="approved"' not in html


def test_a_return_without_reasons_is_refused_naming_the_field(client, people, programme, driver):
    response = returned_by_county(client, driver, programme, reasons="")
    assert response.status_code == 422
    assert "退回理由：退回时必填" in page(response)
    assert sign_item(driver, programme).state == "open"


def test_the_api_refuses_a_return_without_reasons_naming_the_field(client, people, programme, driver):
    token = client.post("/api/v1/tokens", json={"username": "county", "password": "demo"}).get_json()["token"]
    headers = {"Authorization": f"Bearer {token}"}
    item = sign_item(driver, programme)
    client.post(f"/api/v1/tasks/{item.id}/claim", headers=headers)
    response = client.post(
        f"/api/v1/tasks/{item.id}/complete", json={"data": {"approved": False}}, headers=headers
    )
    assert response.status_code == 422
    assert response.get_json()["error"]["fields"] == {"reasons": ["退回时必填"]}


def test_the_api_refuses_reasons_of_blanks_only(client, people, programme, driver):
    headers = api_token(client, "county")
    item = sign_item(driver, programme)
    client.post(f"/api/v1/tasks/{item.id}/claim", headers=headers)
    data = {"data": {"approved": False, "reasons": "  \n "}}
    response = client.post(f"/api/v1/tasks/{item.id}/complete", json=data, headers=headers)
    assert response.status_code == 422
    assert response.get_json()["error"]["fields"] == {"reasons": ["退回时格式不正确：须写明理由"]}


def test_no_button_pressed_is_not_taken_for_a_return(client, people, programme, driver):
    item = sign_item(driver, programme)
    claimed(client, "county", item)
    response = post(client, f"/tasks/{item.id}/complete", {"reasons": "x"}, token_from=f"/tasks/{item.id}")
    assert response.status_code == 422 and "审核通过：必填" in page(response)


# -- Enter -----------------------------------------------------------------------------------------


def test_the_task_form_s_default_button_is_disabled_so_enter_submits_nothing(
    client, people, programme, driver
):
    html = claimed(client, "county", sign_item(driver, programme))
    form_html = re.search(r'<form method="post" action="/tasks/\d+/complete".*?</form>', html, re.S).group(0)
    first_button = re.search(r"<button[^>]*>", form_html).group(0)
    assert "disabled" in first_button and 'type="submit"' in first_button


# -- done tasks ------------------------------------------------------------------------------------


def test_a_done_task_shows_its_answer_and_only_its_own_branch(client, people, programme, driver):
    item = sign_item(driver, programme)
    claimed(client, "county", item)
    data = {"approved": "true", "signed_by": "张局长", "signed_on": "2017-04-25"}
    done = post(client, f"/tasks/{item.id}/complete", data, token_from=f"/tasks/{item.id}")
    html = page(client.get(done.headers["Location"]))
    given = section(html, "given-heading")
    assert "<dt>审核通过</dt>" in given and "同意" in given and "张局长" in given
    went = section(html, "went-heading")
    assert "核实退休人员基本信息" in went and "郑州市金水区人民政府" in went
    assert "拟定并签署具体移交协议" not in went  # the other counties' drafts, waiting on the enterprise


def test_a_completed_task_s_own_page_shows_the_answer_given(client, people, programme, driver):
    item = sign_item(driver, programme)
    driver.complete_item(item, form.approve("王局长"))
    login(client, "county")
    given = section(page(client.get(f"/tasks/{item.id}")), "given-heading")
    assert "王局长" in given and "2017-03-20" in given


def test_the_review_of_a_redrafted_agreement_starts_afresh(client, people, programme, driver):
    returned_by_county(client, driver, programme)
    driver.complete_item(
        driver.by_county(programme, "draft_specific_agreement")["410105"], form.specific_draft(4, 1)
    )
    html = claimed(client, "county", sign_item(driver, programme))
    assert '<textarea name="reasons" id="reasons" placeholder=""></textarea>' in html
    assert 'id="signed_by" value=""' in html  # typed by whoever agrees, so a return carries none


def test_supplementing_archives_shows_the_people_returned_and_why(client, people, programme, driver):
    driver.complete(programme, "sign_specific_agreement", form.approve(), owner=COUNTY)
    driver.complete(programme, "verify_retiree_data", form.all_correct(), owner=COUNTY)
    driver.allocate_all(programme, "410105", COMMUNITY)
    driver.complete(programme, "receive_retirees", form.received(), owner=COMMUNITY)
    driver.fill_archives(programme, "410105")
    driver.complete_item(driver.by_county(programme, "sort_archives")["410105"], form.archive_list())
    person = driver.people(programme, "410105")[0]
    driver.complete(
        programme, "check_archives", form.archives_incomplete(person.id_number), owner="org-archive-410105"
    )
    html = claimed(client, "enterprise", driver.by_county(programme, "supplement_archives")["410105"])
    why = section(html, "returned-heading")
    assert "审核接收档案" in why and "<th>退回原因</th>" in why
    assert person.id_number in why and "缺少退休审批表" in why and "<dt>档案齐全</dt>" in why


def test_an_escalation_lists_the_overdue_cases_with_their_tasks_and_holders(client, people, driver):
    from tests.processes import campaign
    from tests.processes.test_retiree_handover import start_programme

    late = start_programme(driver)  # its framework agreements (M1) not drafted by 2017-03-31
    data = {"campaign": {"name": "2017年省属企业退休人员移交"}, "milestones": campaign.MILESTONES}
    schedule = driver.start("milestone_schedule", {"supervisor": campaign.SUPERVISOR}, data, title="督办")
    with driver.tx() as session:
        driver.engine.fire_due_timers(session)
    login(client, "supervisor")
    html = page(client.get(f"/tasks/{driver.item(schedule, 'review_overdue_cases').id}"))
    overdue = section(html, "overdue-heading")
    assert f'href="/cases/{late}"' in overdue and "拟定并签署框架协议" in overdue
    assert "中国平煤神马能源化工集团" in overdue and "2017-03-31" in overdue


def api_token(client, username: str) -> dict[str, str]:
    token = client.post("/api/v1/tokens", json={"username": username, "password": "demo"}).get_json()["token"]
    return {"Authorization": f"Bearer {token}"}


def api_complete(client, username: str, item, data: dict) -> dict:
    headers = api_token(client, username)
    client.post(f"/api/v1/tasks/{item.id}/claim", headers=headers)
    response = client.post(f"/api/v1/tasks/{item.id}/complete", json={"data": data}, headers=headers)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_the_api_s_next_tasks_are_those_of_the_completed_task_s_own_county(client, people, programme, driver):
    done = api_complete(client, "county", sign_item(driver, programme), form.approve())
    assert [(t["spec_id"], t["owner_org"]) for t in done["next"]] == [("verify_retiree_data", COUNTY)]


def test_a_signed_framework_agreement_goes_on_to_its_own_prefecture_s_counties(client, people, driver):
    from tests.processes.test_retiree_handover import start_programme

    case = start_programme(driver)
    for draft in driver.open_items(case, "draft_framework_agreement"):
        driver.complete_item(draft, form.framework_draft())
    done = api_complete(
        client, "zhengzhou", driver.item(case, "sign_framework_agreement", "org-gov-410100"), form.approve()
    )
    drafts = driver.by_county(case, "draft_specific_agreement")
    assert sorted(t["id"] for t in done["next"]) == sorted(drafts[code].id for code in ("410105", "410102"))


def test_signing_a_framework_agreement_shows_its_draft(client, people, driver):
    from tests.processes.test_retiree_handover import start_programme

    case = start_programme(driver)
    for draft in driver.open_items(case, "draft_framework_agreement"):
        driver.complete_item(draft, form.framework_draft())
    login(client, "zhengzhou")
    item = driver.item(case, "sign_framework_agreement", "org-gov-410100")
    agreement = section(page(client.get(f"/tasks/{item.id}")), "agreement-heading")
    assert "移交框架协议" in agreement and "<dt>工作责任</dt>" in agreement
    assert "企业负责移交，政府负责接收" in agreement
