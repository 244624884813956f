"""案件办理情况: the case page on paper, with its diagram as it stands, for whoever may see the case."""

from __future__ import annotations

from .conftest import browser, pdf_text


def test_the_case_prints_with_its_diagram_and_its_open_steps(app, programme):
    response = browser(app, "supervisor").get(f"/cases/{programme}/status.pdf")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    text = pdf_text(response.data)
    assert "案件办理情况" in text
    assert "拟定并签署具体移交协议" in text  # an open step, in the table and on the diagram
    assert "已完成" in text and "办理中" in text  # the diagram's legend
    assert "登记造册" in text  # a done step


def test_the_case_page_links_the_print(app, programme):
    page = browser(app, "enterprise").get(f"/cases/{programme}").get_data(as_text=True)
    assert f"/cases/{programme}/status.pdf" in page


def test_an_outsider_is_told_the_case_does_not_exist(app, programme):
    assert browser(app, "county2").get(f"/cases/{programme}/status.pdf").status_code == 404


def test_the_api_gives_the_same_print_to_those_who_may_see_the_case(app, programme):
    from .conftest import api_headers

    caller = app.test_client()
    url = f"/api/v1/instances/{programme}/status.pdf"
    response = caller.get(url, headers=api_headers(caller, "supervisor"))
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert "案件办理情况" in pdf_text(response.data)
    refused = caller.get(url, headers=api_headers(caller, "county2"))
    assert refused.status_code == 404
