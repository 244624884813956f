"""A task's people list on its page, from the registry: the county allocates by name (ticked,
filtered, uploaded), the community sees exactly its people, the enterprise fills the archive
transfer list; only the holder changes anything, and a bad upload changes nothing."""

from __future__ import annotations

import io

from openpyxl import Workbook

from tests.processes import campaign
from tests.processes import submissions as form
from tests.web.conftest import login, post

from .walk import JINSHUI, community, retiree, sign_for_county, statuses

COUNTY = campaign.county_org(JINSHUI)
SECOND = campaign.community_org(JINSHUI, second=True)


def allocation_task(driver, programme):
    sign_for_county(driver, programme, JINSHUI, 4)
    driver.complete(programme, "verify_retiree_data", form.all_correct(), owner=COUNTY)
    return driver.item(programme, "allocate_to_communities", COUNTY)


def claim(client, item, username="county") -> str:
    login(client, username)
    page = f"/tasks/{item.id}"
    post(client, f"{page}/claim", token_from=page)
    return page


def xlsx(rows: list[list]) -> io.BytesIO:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    return out


def test_the_allocation_page_lists_the_countys_people_by_name_with_the_sum(
    client, driver, programme, sessions
):
    item = allocation_task(driver, programme)
    page = client.get(claim(client, item)).get_data(as_text=True)
    for name in ("王建国", "李秀英", "张伟", "刘洋"):
        assert name in page
    assert "陈静" not in page  # 中原区's
    assert retiree(sessions, "王建国").id_number in page  # the county sees full numbers


def test_ticked_people_are_assigned_to_a_community_picked_by_name(client, driver, programme, sessions):
    item = allocation_task(driver, programme)
    page = claim(client, item)
    ids = [str(retiree(sessions, n).id) for n in ("王建国", "李秀英")]
    data = {"retiree": ids, "to_community": community(JINSHUI), "action": "chosen"}
    answer = post(client, f"{page}/allocation", data=data, token_from=page)
    assert answer.status_code == 302
    assert retiree(sessions, "王建国").community_org == community(JINSHUI)
    assert retiree(sessions, "张伟").community_org is None
    shown = client.get(page).get_data(as_text=True)
    assert "2 people assigned." in shown or "已分解 2 人" in shown


def test_everyone_a_filter_finds_is_assigned_at_once(client, driver, programme, sessions):
    item = allocation_task(driver, programme)
    page = claim(client, item)
    data = {"q": "刘", "to_community": SECOND, "action": "filtered"}
    assert post(client, f"{page}/allocation", data=data, token_from=page).status_code == 302
    assert retiree(sessions, "刘洋").community_org == SECOND
    assert retiree(sessions, "王建国").community_org is None


def test_an_uploaded_allocation_table_assigns_by_id_number_and_community_name(
    client, driver, programme, sessions
):
    item = allocation_task(driver, programme)
    page = claim(client, item)
    people = {n: retiree(sessions, n).id_number for n in ("王建国", "李秀英", "张伟", "刘洋")}
    table = [["身份证号", "社区"]] + [[number, "410105第2社区"] for number in people.values()]
    answer = post(
        client, f"{page}/allocation", data={"action": "upload", "file": (xlsx(table), "分解表.xlsx")},
        token_from=page, content_type="multipart/form-data",
    )  # fmt: skip
    assert answer.status_code == 302
    assert {retiree(sessions, n).community_org for n in people} == {SECOND}
    driver.complete_item(item, form.allocated())
    assert {s[0] for s in statuses(sessions).values()} == {"allocated"}


def test_a_bad_allocation_table_names_the_row_and_assigns_nobody(client, driver, programme, sessions):
    item = allocation_task(driver, programme)
    page = claim(client, item)
    wang = retiree(sessions, "王建国").id_number
    table = [["身份证号", "社区"], [wang, "410105第2社区"], [wang[:-1] + "0", "火星社区"]]
    answer = post(
        client, f"{page}/allocation", data={"action": "upload", "file": (xlsx(table), "分解表.xlsx")},
        token_from=page, content_type="multipart/form-data",
    )  # fmt: skip
    assert answer.status_code == 422
    assert "第3行" in answer.get_data(as_text=True)
    assert retiree(sessions, "王建国").community_org is None  # nothing applied


def test_only_the_holder_changes_the_allocation(client, driver, programme, sessions):
    item = allocation_task(driver, programme)
    login(client, "county")  # not claimed
    page = f"/tasks/{item.id}"
    data = {
        "retiree": [str(retiree(sessions, "王建国").id)],
        "to_community": community(JINSHUI),
        "action": "chosen",
    }
    assert post(client, f"{page}/allocation", data=data, token_from=page).status_code == 409
    login(client, "county2")
    assert post(client, f"{page}/allocation", data=data, token_from="/inbox").status_code == 404
    assert retiree(sessions, "王建国").community_org is None


def test_a_community_sees_exactly_the_people_allocated_to_it_in_full(client, driver, programme, sessions):
    item = allocation_task(driver, programme)
    driver.assign(item, community(JINSHUI), names=["王建国", "李秀英", "张伟"])
    driver.assign(item, SECOND, names=["刘洋"])
    driver.complete_item(item, form.allocated())
    (mine,) = [
        i for i in driver.open_items(programme, "receive_retirees") if i.owner_org == community(JINSHUI)
    ]
    login(client, "community")
    page = client.get(f"/tasks/{mine.id}").get_data(as_text=True)
    assert "王建国" in page and "刘洋" not in page
    assert retiree(sessions, "王建国").id_number in page


def archive_list_task(driver, programme):
    from .walk import receive_in_one_community

    receive_in_one_community(driver, programme, JINSHUI, 4)
    return driver.by_county(programme, "sort_archives")[JINSHUI]


def test_the_enterprise_fills_the_archive_list_row_by_row_and_all_blank_rows_at_once(
    client, driver, programme, sessions
):
    item = archive_list_task(driver, programme)
    page = claim(client, item, "enterprise")
    wang = retiree(sessions, "王建国").id_number
    data = {
        "row": [wang],
        f"volumes-{wang}": "2",
        f"items-{wang}": "31",
        f"missing-{wang}": "缺少招工表：原单位遗失",
    }
    assert post(client, f"{page}/archives", data=data, token_from=page).status_code == 302
    person = retiree(sessions, "王建国")
    assert (person.archive_volumes, person.archive_items, person.archive_missing) == (
        2,
        31,
        "缺少招工表：原单位遗失",
    )
    fill = {"action": "fill_blank", "volumes": "1", "items": "20"}
    assert post(client, f"{page}/archives", data=fill, token_from=page).status_code == 302
    assert retiree(sessions, "刘洋").archive_volumes == 1
    assert retiree(sessions, "王建国").archive_volumes == 2  # a filled row is kept
    done = post(client, f"{page}/complete", data={"list_number": "档移〔2017〕1号"}, token_from=page)
    assert done.status_code == 302
    assert {s[1] for s in statuses(sessions).values()} == {"sent"}


def test_an_uploaded_archive_list_with_a_bad_row_stores_nothing(client, driver, programme, sessions):
    item = archive_list_task(driver, programme)
    page = claim(client, item, "enterprise")
    wang, li = retiree(sessions, "王建国").id_number, retiree(sessions, "李秀英").id_number
    table = [["身份证号", "档案卷（册）数", "材料份数"], [wang, 1, 12], [li, 0, 12]]
    answer = post(
        client, f"{page}/archives", data={"action": "upload", "file": (xlsx(table), "清单.xlsx")},
        token_from=page, content_type="multipart/form-data",
    )  # fmt: skip
    assert answer.status_code == 422
    assert "第3行" in answer.get_data(as_text=True)
    assert retiree(sessions, "王建国").archive_volumes is None
