"""Importing a roster into the registry: exactly the expected rejections, every good row kept, the
same outcome from CSV (UTF-8, GBK) and XLSX, nothing changed by a second upload, nothing lost or
doubled by an interruption, and the destination of every rule case stored."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import delete, select

from engine import SettableClock
from engine.registry.retirees import Retiree, RosterFilePart, RosterImport
from engine.registry.rosters import start_import
from engine.registry.rosters.validation import ID_AS_NUMBER
from webapp.rosters.runner import run

from .conftest import (
    ENTERPRISE,
    ENTERPRISE_LOCATION,
    OTHER_ENTERPRISE,
    TODAY,
    csv_file,
    import_file,
    person,
    registered,
    rejections,
    reload,
    xlsx_file,
)

pytestmark = pytest.mark.usefixtures("enterprises")

#: already in the registry, registered by the other enterprise
THEIRS = person(90)
#: hukou in Beijing, living in Hebei
OUTSIDE = person(6) | {"户籍地区划代码": "110105", "常住地区划代码": "130102"}


def bad_roster(id_as_number) -> list:
    """Rows 2–17 of a file with every kind of mistake; rows 2, 7, 15 and 16 are good."""
    good = person(1)
    return [
        good,  # row 2
        person(2) | {"身份证号": person(2)["身份证号"][:17] + "0"},  # 3: checksum (…0035 → …0030)
        person(3) | {"出生日期": "1950-01-30"},  # 4: birth date is not the ID's
        person(4) | {"性别": "女"},  # 5: the ID says a man
        person(5) | {"户籍地区划代码": "419999"},  # 6: no such Henan county
        OUTSIDE,  # 7: Beijing hukou, living in Hebei: to the enterprise's county (issue 14)
        good | {"姓名": "重复的人"},  # 8: row 2's ID again
        THEIRS,  # 9: the other enterprise registered them
        person(9) | {"姓名": ""},  # 10: no name
        person(10) | {"人员类别": "退休干部"},  # 11
        person(11) | {"特殊情况": "高龄、贫困"},  # 12
        person(12) | {"退休日期": "1985-03-01"},  # 13: retired at 35
        None,  # 14: an empty line, skipped
        person(13, 性别="女") | {"退休日期": "2005/6/1", "党员": "是", "特殊情况": "特困，残疾"},  # 15
        person(14, 户籍地区划代码="410102"),  # 16
        person(15) | {"身份证号": id_as_number},  # 17: Excel rounded the ID to a number
        person(16) | {"党员": "可能", "联系电话": "12345"},  # 18: two mistakes in one row
    ]


EXPECTED = [
    (3, "身份证号", "身份证号校验码错误"),
    (4, "出生日期", "出生日期与身份证号不符（身份证号中为 1950-01-04）"),
    (5, "性别", "性别与身份证号不符（身份证号第17位表明为男性）"),
    (6, "户籍地区划代码", "未知的行政区划代码"),
    (8, "身份证号", "身份证号与第2行重复"),
    (9, "身份证号", "身份证号已登记（已由其他单位登记）"),
    (10, "姓名", "必填项，不能为空"),
    (11, "人员类别", "人员类别应为 普通退休人员、离休干部、省管干部 之一"),
    (12, "特殊情况", "无法识别“贫困”：特殊情况只能填 特困、高龄、鳏寡、重病、残疾，多项用“、”分隔"),
    (13, "退休日期", "退休时未满40周岁，请核对退休日期和出生日期"),
    (17, "身份证号", ID_AS_NUMBER),
    (18, "党员", "党员应填 是 或 否（不是党员也可以不填）"),
    (18, "联系电话", "电话号码应为11位手机号，或带区号的固定电话（如 0371-12345678）"),
]

FILES = {
    # the rounded ID as Excel writes it into a CSV, and as the number an XLSX cell holds
    "登记表.csv": lambda: csv_file(bad_roster("4.10105E+17")),
    "登记表.gbk.csv": lambda: csv_file(bad_roster("4.10105E+17"), encoding="gbk"),
    "登记表.xlsx": lambda: xlsx_file(bad_roster(410105195001160000)),
}


@pytest.fixture
def theirs_registered(session_factory):
    import_file(session_factory, csv_file([THEIRS]), enterprise=OTHER_ENTERPRISE)


@pytest.mark.parametrize("filename", FILES)
def test_every_kind_of_bad_row_is_rejected_exactly_and_good_rows_are_kept(
    session_factory, theirs_registered, filename
):
    done = import_file(session_factory, FILES[filename](), filename.replace(".gbk", ""))
    assert rejections(done) == EXPECTED
    assert (done.state, done.rows_done, done.rows_total) == ("done", 16, 16)
    assert (done.accepted, done.unchanged, done.warnings, done.error) == (4, 0, [], None)
    good = [person(1), OUTSIDE, person(13, 性别="女"), person(14, 户籍地区划代码="410102")]
    assert set(registered(session_factory)) == {row["身份证号"] for row in good}


def test_good_rows_are_stored_as_typed(session_factory):
    row = person(13, 性别="女") | {"退休日期": "2005/6/1", "党员": "是", "特殊情况": "特困，残疾 特困"}
    import_file(session_factory, csv_file([row]))
    [stored] = registered(session_factory).values()
    assert (stored.name, stored.sex, stored.birth_date, stored.retirement_date) == (
        "退休人员13",
        "女",
        date(1950, 1, 14),
        date(2005, 6, 1),
    )
    assert (stored.party_member, stored.special_status, stored.phone) == (
        True,
        ["特困", "残疾"],
        "13812345678",
    )
    assert (stored.status, stored.archive_status, stored.enterprise_org) == ("registered", "none", ENTERPRISE)
    assert stored.roster_import_id is not None


def test_utf8_gbk_and_xlsx_files_import_the_same_records(session_factory):
    rows = [person(n) | {"特殊情况": "高龄", "党员": "是"} for n in range(1, 6)]
    xlsx_rows = [
        row | {"出生日期": date.fromisoformat(row["出生日期"]), "常住地区划代码": 410105} for row in rows
    ]
    first = import_file(session_factory, csv_file(rows, encoding="gb18030"))
    again = [
        import_file(session_factory, csv_file(rows, encoding="utf-8")),
        import_file(session_factory, csv_file(rows, encoding="utf-8-sig")),
        import_file(session_factory, xlsx_file(xlsx_rows), "登记表.xlsx"),
    ]
    assert (first.accepted, first.unchanged, first.rejected) == (5, 0, [])
    # unchanged means: the same enterprise registered this person with exactly these values
    assert [(i.accepted, i.unchanged, i.rejected) for i in again] == [(0, 5, [])] * 3


def test_uploading_the_same_file_again_changes_nothing(session_factory):
    content = csv_file([person(n) for n in range(1, 8)])
    import_file(session_factory, content)
    before = {n: (r.id, r.updated_at) for n, r in registered(session_factory).items()}
    again = import_file(session_factory, content)
    assert (again.accepted, again.unchanged, again.rejected) == (0, 7, [])
    assert {n: (r.id, r.updated_at) for n, r in registered(session_factory).items()} == before


def test_a_person_registered_with_other_values_is_rejected_naming_them(session_factory):
    import_file(session_factory, csv_file([person(1), person(2)]))
    changed = import_file(session_factory, csv_file([person(1) | {"联系电话": "0371-12345678"}, person(2)]))
    assert (changed.accepted, changed.unchanged) == (0, 1)
    assert rejections(changed) == [(2, "身份证号", "身份证号已登记（本单位此前登记的联系电话与本行不同）")]


def test_duplicates_are_found_across_batches(session_factory):
    rows = [person(n) for n in range(1, 8)] + [person(2) | {"姓名": "同号的人"}]
    done = import_file(session_factory, csv_file(rows), batch_size=3)
    assert rejections(done) == [(9, "身份证号", "身份证号与第3行重复")]
    assert done.accepted == 7


def _outcome(sessions) -> tuple:
    with sessions() as session:
        people = session.execute(
            select(Retiree.id_number, Retiree.name, Retiree.destination_code).order_by(Retiree.id_number)
        ).all()
        imports = session.execute(
            select(
                RosterImport.state,
                RosterImport.rows_done,
                RosterImport.accepted,
                RosterImport.unchanged,
                RosterImport.rejected,
            )
        ).all()
    return people, imports


def test_an_import_interrupted_after_its_first_batch_ends_like_an_uninterrupted_one(session_factory):
    rows = [person(n) for n in range(1, 9)] + [person(2) | {"姓名": "同号的人"}, person(10)]
    content = csv_file(rows)
    import_file(session_factory, content, batch_size=4)
    uninterrupted = _outcome(session_factory)
    with session_factory() as session, session.begin():
        for table in (Retiree, RosterFilePart, RosterImport):
            session.execute(delete(table))

    with session_factory() as session, session.begin():
        import_id = start_import(session, ENTERPRISE, "登记表.csv", content, "tester", TODAY).id
    run(session_factory, import_id, SettableClock(TODAY), batch_size=4, max_batches=1)
    half = reload(session_factory, import_id)
    assert (half.state, half.rows_done, half.accepted) == ("running", 4, 4)
    run(session_factory, import_id, SettableClock(TODAY), batch_size=4)  # a new run: nothing in memory
    run(session_factory, import_id, SettableClock(TODAY), batch_size=4)  # and once more: nothing to do
    assert _outcome(session_factory) == uninterrupted
    assert rejections(reload(session_factory, import_id)) == [(10, "身份证号", "身份证号与第3行重复")]


def _interrupted_then_resumed(sessions, content: bytes, batch_size: int) -> RosterImport:
    with sessions() as session, session.begin():
        import_id = start_import(session, ENTERPRISE, "登记表.csv", content, "tester", TODAY).id
    run(sessions, import_id, SettableClock(TODAY), batch_size=batch_size, max_batches=1)
    assert reload(sessions, import_id).state == "running"
    run(sessions, import_id, SettableClock(TODAY), batch_size=batch_size)  # a new run: nothing in memory
    return reload(sessions, import_id)


def test_a_resumed_import_finds_repeats_of_rows_rejected_or_unchanged_before_the_interruption(
    session_factory, theirs_registered
):
    import_file(session_factory, csv_file([person(5)]))  # already registered by us, alike
    rows = [
        person(1) | {"人员类别": "职工"},  # row 2: rejected, but its ID number is valid
        person(5),  # 3: unchanged
        THEIRS,  # 4: registered by the other enterprise
        person(6),  # 5
        person(1),  # 6: repeats row 2
        person(5),  # 7: repeats row 3
        THEIRS,  # 8: repeats row 4
        person(6),  # 9: repeats row 5
    ]
    done = _interrupted_then_resumed(session_factory, csv_file(rows), batch_size=4)
    assert rejections(done)[0][:2] == (2, "人员类别")
    assert [(row, reason) for row, _column, reason in rejections(done)][1:] == [
        (4, "身份证号已登记（已由其他单位登记）"),
        (6, "身份证号与第2行重复"),
        (7, "身份证号与第3行重复"),
        (8, "身份证号与第4行重复"),
        (9, "身份证号与第5行重复"),
    ]
    assert (done.state, done.rows_done, done.accepted, done.unchanged) == ("done", 8, 1, 1)


@pytest.mark.parametrize(
    ("changes", "code", "reason", "excluded"),
    [
        ({}, "410105", "户口所在地与常年居住地一致，移交户口所在地", False),
        (
            {"户籍地区划代码": "410102"},
            "410105",
            "户口所在地与常年居住地不一致，移交常年居住地，尽量将户籍迁入居住地",
            False,
        ),
        ({"户籍地区划代码": "110105"}, ENTERPRISE_LOCATION, "省外户籍，移交企业所在地", False),
        (
            {"户籍地区划代码": "110105", "常住地区划代码": "310101"},
            ENTERPRISE_LOCATION,
            "省外户籍，移交企业所在地",
            False,
        ),
        ({"常住地区划代码": "110105"}, "410105", "常年居住地在省外，移交户口所在地", False),
        ({"人员类别": "离休干部"}, None, "离休干部保持现有管理方式不变，不移交", True),
        (
            {"人员类别": "省管干部", "户籍地区划代码": "110105", "常住地区划代码": "130102"},
            None,
            "省管干部保持现有管理方式不变，不移交",
            True,
        ),
    ],
)
def test_the_destination_of_each_rule_case_is_stored(session_factory, changes, code, reason, excluded):
    """Seed 一(二)2: "原则上按企业退休人员的户口所在地或常年居住地进行移交……省外户籍的退休人员移交到
    企业所在地街道(乡镇)和社区" — an out-of-province hukou goes to the enterprise's county wherever
    its holder lives, in Henan or not (issue 14, 1: the importer refused those living outside)."""
    row = person(1, **{k: v for k, v in changes.items() if k == "户籍地区划代码"}) | changes
    done = import_file(session_factory, csv_file([row]))
    assert done.rejected == []
    [stored] = registered(session_factory).values()
    assert (stored.destination_code, stored.destination_reason, stored.excluded) == (code, reason, excluded)


FULL_WIDTH = str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")


def test_a_full_width_id_number_is_the_same_person_as_its_ascii_twin(session_factory, theirs_registered):
    """Issue 13 (6): full-width digits are read as ASCII, so the person registered by another
    enterprise is found and refused instead of registered twice."""
    twin = person(90) | {"身份证号": person(90)["身份证号"].translate(FULL_WIDTH)}
    mine = person(91) | {"身份证号": person(91)["身份证号"].translate(FULL_WIDTH)}
    done = import_file(session_factory, csv_file([twin, mine]))
    assert rejections(done) == [(2, "身份证号", "身份证号已登记（已由其他单位登记）")]
    assert list(registered(session_factory)) == [person(91)["身份证号"]]  # stored in ASCII


def test_a_superscript_digit_in_an_id_number_is_one_rejected_row_not_a_failed_import(session_factory):
    number = person(92)["身份证号"]
    odd = person(92) | {"身份证号": number[:5] + "²" + number[6:]}
    done = import_file(session_factory, csv_file([odd, person(93)]))
    assert done.state == "done" and done.accepted == 1
    assert rejections(done) == [(2, "身份证号", "身份证号前17位应为数字，末位为数字或大写X")]
