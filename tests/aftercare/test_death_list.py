"""民政死亡名单 read and worked through in batches, through the engine."""

from __future__ import annotations

import io
from datetime import date, datetime

import openpyxl
import pytest
from sqlalchemy import func, select

from engine.aftercare.deaths import lists as death_list
from engine.aftercare.deaths.reports import DeathList, DeathReport
from engine.registry.rosters import RosterUnreadable
from tests.processes import conftest as processes

from .death_setup import AGENCY, person, receive

drive, procedures = processes.drive, processes.procedures  # fixtures


@pytest.fixture
def received(drive):
    with drive.tx() as session:
        receive(session)


def _xlsx(rows: list[list]) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _work_through(drive, content: bytes, filename: str, batch_size: int) -> DeathList:
    with drive.tx() as session:
        list_id = death_list.store(
            session, AGENCY, "410105", filename, content, "u", drive.engine.clock.now()
        ).id
    done, batches = False, 0
    while not done:
        with drive.tx() as session:
            done = death_list.run_batch(
                session, drive.engine, list_id, drive.officials.of(AGENCY), batch_size
            )
        batches += 1
    with drive.tx() as session:
        found = session.get(DeathList, list_id)
        session.expunge(found)
    assert batches == -(-found.rows_total // batch_size)
    return found


def test_an_xlsx_list_with_date_cells_is_worked_through_in_batches(drive, received):
    with drive.tx() as session:
        wang, liu, zhang = (person(session, name) for name in ("王建国", "刘洋", "张伟"))
        numbers = (wang.id_number, liu.id_number, zhang.id_number)
    content = _xlsx([
        ["死亡日期", "姓名", "身份证号"],
        [datetime(2017, 2, 1), "王建国", numbers[0]],
        ["2017年2月3日", "刘洋", numbers[1]],
        [date(2017, 2, 5), "王建国", numbers[0]],
        ["20170206", "张伟", numbers[2]],
    ])  # fmt: skip
    found = _work_through(drive, content, "民政.xlsx", batch_size=2)
    assert (found.state, found.opened, found.rows_done) == ("done", 3, 4)
    assert found.unmatched == [
        {"row": 4, "id_number": numbers[0], "name": "王建国", "reason": "与第 2 行重复"}
    ]
    with drive.tx() as session:
        died = dict(session.execute(select(DeathReport.retiree_id, DeathReport.died_on)).all())
        assert died[person(session, "刘洋").id] == date(2017, 2, 3)
        assert (
            session.scalar(
                select(func.count()).select_from(DeathReport).where(DeathReport.death_list_id == found.id)
            )
            == 3
        )


def test_a_row_explained_does_not_stop_a_later_good_row_of_the_same_person(drive, received):
    with drive.tx() as session:
        number = person(session, "王建国").id_number
    content = f"身份证号,姓名,死亡日期\n{number},王建国,2017-13-01\n{number},王建国,2017-02-01\n".encode()
    found = _work_through(drive, content, "d.csv", batch_size=1)
    assert found.opened == 1
    assert [row["row"] for row in found.unmatched] == [2]
    assert "死亡日期" in found.unmatched[0]["reason"]


def test_a_list_without_its_columns_is_refused_before_anything_opens(drive, received):
    with drive.tx() as session, pytest.raises(RosterUnreadable) as refused:
        content = "姓名,死亡日期\n王建国,2017-02-01\n".encode()
        death_list.store(session, AGENCY, "410105", "d.csv", content, "u", drive.engine.clock.now())
    assert "身份证号" in refused.value.message


def test_a_list_too_long_to_work_through_while_waiting_is_refused(drive, received):
    rows = "".join(f"410105195001011230,某{n},2017-02-01\n" for n in range(death_list.MAX_ROWS + 1))
    with drive.tx() as session, pytest.raises(RosterUnreadable) as refused:
        content = ("身份证号,姓名,死亡日期\n" + rows).encode()
        death_list.store(session, AGENCY, "410105", "d.csv", content, "u", drive.engine.clock.now())
    assert "分成几个文件" in refused.value.message
