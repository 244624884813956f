"""Searching the registry: by name, by ID number (whole or its tail), and by enterprise, county,
community, status and archive status; paged."""

from __future__ import annotations

import pytest

from tests.web.conftest import login

from .conftest import OTHER_ENTERPRISE
from .walk import JINSHUI, ZHONGYUAN, community, receive_in_one_community, retiree


@pytest.fixture
def received(driver, programme) -> int:
    receive_in_one_community(driver, programme, JINSHUI, 4)
    return programme


def names(api, as_: str = "supervisor", **query) -> set[str]:
    return {item["name"] for item in api.retirees(as_, **query)["items"]}


def test_a_name_matches_anywhere_in_it(api, registered):
    assert names(api, q="建国") == {"王建国"}
    assert names(api, q="王") == {"王建国"}
    assert names(api, q="外企") == {"孙外企", "钱外企"}


def test_names_starting_with_the_query_come_first(api, registered):
    # by county 王建国 (金水区) would come before 建设华 (新华区)
    assert [i["name"] for i in api.retirees("supervisor", q="建")["items"]] == ["建设华", "王建国"]


def test_a_whole_id_number_finds_its_person_only_for_those_who_see_it_in_full(api, sessions, registered):
    """Issue 13 (6): a full-number search confirmed guesses about masked people (234 queries
    recovered a number); masked viewers search by name, the masked number or its last four."""
    number = retiree(sessions, "张伟").id_number
    assert names(api, "enterprise", q=number) == {"张伟"}
    assert names(api, "supervisor", q=number) == set()
    assert names(api, "supervisor", q=number[:3] + "*" * 11 + number[-4:]) == {"张伟"}


def test_the_last_four_find_the_person(api, sessions, registered):
    number = retiree(sessions, "张伟").id_number
    assert "张伟" in names(api, "supervisor", q=number[-4:])
    assert "张伟" in names(api, "enterprise", q=number[-6:])


def test_a_longer_tail_does_not_reveal_masked_digits(api, sessions, registered):
    number = retiree(sessions, "张伟").id_number
    assert names(api, "supervisor", q=number[-6:]) == set()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"county": ZHONGYUAN}, {"陈静", "杨磊", "钱外企"}),
        ({"enterprise": OTHER_ENTERPRISE}, {"孙外企", "钱外企", "建设华"}),
        ({"county": JINSHUI, "enterprise": OTHER_ENTERPRISE}, {"孙外企"}),
        ({"status": "received"}, {"王建国", "李秀英", "张伟", "刘洋"}),
        ({"community": community(JINSHUI)}, {"王建国", "李秀英", "张伟", "刘洋"}),
        ({"archive_status": "sorted"}, set()),
        ({"q": "王", "status": "registered"}, set()),
    ],
)
def test_filters(api, received, query, expected):
    assert names(api, **query) == expected


def test_pages(api, registered):
    first = api.retirees("supervisor", per_page=5, page=1)
    third = api.retirees("supervisor", per_page=5, page=3)
    assert (first["total"], len(first["items"]), len(third["items"])) == (14, 5, 4)
    everyone = [i["name"] for p in (1, 2, 3) for i in api.retirees("supervisor", per_page=5, page=p)["items"]]
    assert len(set(everyone)) == 14


@pytest.mark.parametrize(
    "query", [{"status": "gone"}, {"archive_status": "lost"}, {"page": "0"}, {"per_page": "x"}]
)
def test_the_api_refuses_bad_parameters(api, registered, query):
    answer = api.get("/retirees", "supervisor", query_string=query)
    assert answer.status_code == 422
    assert set(answer.get_json()["error"]["fields"]) == set(query)


def test_the_page_searches_too(client, received):
    login(client, "county")
    page = client.get("/retirees", query_string={"q": "李", "status": "received"}).get_data(as_text=True)
    assert "李秀英" in page and "王建国" not in page
