"""档案移交 by name: the archive transfer list is the county's people, one registry row each
(volumes, items, missing items); the archive department accepts, returns or excepts named people.

Archive statuses: ``sorted`` once the enterprise has filled a person's row, ``sent`` when the list
is submitted, ``returned`` when the department sends it back (its reason in ``archive_note``),
``sent`` again once supplemented, ``accepted`` with the receipt — or ``excepted``: accepted
although incomplete, the department's reason recorded. ``sent`` and ``returned`` are one stage;
``accepted`` and ``excepted`` are final.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import ColumnElement, case, select, update
from sqlalchemy.orm import Session

from engine.errors import InvalidTaskData
from engine.registry import handover
from engine.registry.retirees import ARCHIVE_STATUSES, Retiree
from engine.registry.rosters.validation import id_number_of
from engine.registry.steps import (
    Step,
    check_figure,
    check_listed,
    each_with_its_text,
    people_where,
    refuse,
    update_people,
)

#: stage of each archive status; ``sent`` and ``returned`` share one, the final two another
ARCHIVE_STAGE = {"none": 0, "sorted": 1, "sent": 2, "returned": 2, "accepted": 3, "excepted": 3}
assert set(ARCHIVE_STAGE) == set(ARCHIVE_STATUSES)
#: the statuses an archive list row may still be edited in (before the department has it)
EDITABLE = ("none", "sorted", "returned")


def archive_statuses_before(status: str) -> tuple[str, ...]:
    """Those a move to ``status`` may start from: earlier stages, and the other one of its own."""
    stage = ARCHIVE_STAGE[status]
    return tuple(
        s for s in ARCHIVE_STATUSES if s != status and ARCHIVE_STAGE[s] <= stage and ARCHIVE_STAGE[s] < 3
    )


def move_archives(step: Step, status: str, *where: ColumnElement[bool], **values: Any) -> None:
    update_people(
        step,
        [Retiree.archive_status.in_(archive_statuses_before(status)), *where],
        archive_status=status,
        **values,
    )


# -- the steps ------------------------------------------------------------------------------------


def archives_sorted(step: Step) -> None:
    """移交清单 submitted: refused while anyone's row is not filled in (named)."""
    blank = [Retiree.archive_volumes.is_(None), Retiree.archive_status.in_(EDITABLE)]
    if people_where(step, *blank):
        who = handover.names(step.session, *step.scope.where(), *blank)
        refuse(
            "", f"还有 {people_where(step, *blank)} 人的档案卷数未填写：{who}。请在档案移交清单中填写后再提交"
        )
    move_archives(step, "sent", Retiree.archive_volumes.is_not(None))


def archives_checked(step: Step) -> None:
    """审核: the named returned people go back to the enterprise, the named exceptions are final."""
    sent = [Retiree.archive_status == "sent"]
    for key in ("returned", "exceptions"):
        listed = [row.get("id_number") for row in step.rows(key)]
        allowed = handover.id_numbers_in(step.session, step.scope, listed, *sent)
        check_listed(step, key, allowed, "本清单中已报送待审核的档案")
    both = {r["id_number"] for r in step.rows("returned")} & {r["id_number"] for r in step.rows("exceptions")}
    if both:
        refuse("exceptions", f"身份证号 {sorted(both)[0]} 不能既退回补充又例外接收")
    each_with_its_text(step, step.rows("returned"), "archive_note", "reason", archive_status="returned")
    each_with_its_text(step, step.rows("exceptions"), "archive_note", "reason", archive_status="excepted")


def archives_supplemented(step: Step) -> None:
    """补充完善: every returned person is listed with what was done; they are sent again."""
    returned = set(
        step.session.scalars(
            select(Retiree.id_number).where(*step.scope.where(), Retiree.archive_status == "returned")
        )
    )
    check_listed(step, "supplemented", returned, "退回补充的人员")
    missing = returned - {row.get("id_number") for row in step.rows("supplemented")}
    if missing:
        names = handover.names(
            step.session, *step.scope.where(), Retiree.id_number.in_(sorted(missing)[:1000])
        )
        refuse("supplemented", f"还有 {len(missing)} 名退回人员未填写补充情况：{names}")
    move_archives(step, "sent", Retiree.archive_status == "returned")


def archives_accepted(step: Step) -> None:
    """回执: what was sent is accepted; the typed counts (when given) are the list's."""
    settled = [Retiree.archive_status.in_(("sent", "accepted", "excepted"))]
    check_figure(step, "people", "接收人数", people_where(step, *settled))
    figures = handover.figures(step.session, step.scope)
    check_figure(step, "volumes", "接收卷数", figures.archive_volumes, unit="卷")
    move_archives(step, "accepted", Retiree.archive_status == "sent")


# -- editing the list -------------------------------------------------------------------------------


def row_problems(row: dict[str, Any]) -> list[str]:
    """What is wrong with one submitted row (empty when it can be stored)."""
    problems = []
    volumes, items = row.get("volumes"), row.get("items")
    if not _whole(volumes) or volumes < 1:
        problems.append("档案卷（册）数应为不小于1的整数")
    if items is not None and (not _whole(items) or items < 0):
        problems.append("材料份数应为不小于0的整数")
    missing = row.get("missing")
    if missing is not None and (not isinstance(missing, str) or len(missing) > 300):
        problems.append("缺失材料名称及原因应为不超过300字的文字")
    return problems


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def fill_rows(session: Session, scope: handover.CountyScope, rows: Iterable[dict[str, Any]], now) -> int:
    """Store the given rows (``id_number``, ``volumes``, ``items``, ``missing``) of the county's
    people whose archives are still with the enterprise; every row is checked first and a bad one
    (named by its position) stores nothing. Returns how many people's rows were stored."""
    rows = list(rows)
    errors: dict[str, list[str]] = {}
    for index, row in enumerate(rows):
        problems = row_problems(row)
        if problems:
            errors[f"rows.{index}"] = problems
    numbers = [row.get("id_number") for row in rows]
    editable = handover.id_numbers_in(session, scope, numbers, Retiree.archive_status.in_(EDITABLE))
    for index, row in enumerate(rows):
        if row.get("id_number") not in editable:
            errors.setdefault(f"rows.{index}.id_number", []).append(
                f"身份证号 {row.get('id_number')} 不是本县名单中档案尚在企业的人员"
            )
    if errors:
        raise InvalidTaskData(errors)
    for row in rows:
        session.execute(
            update(Retiree)
            .where(*scope.where(), Retiree.id_number == row["id_number"])
            .values(
                archive_volumes=row["volumes"],
                archive_items=row.get("items"),
                archive_missing=row.get("missing") or None,
                archive_status=_sorted_unless_returned(),
                updated_at=now,
            )
            .execution_options(synchronize_session=False)
        )
    return len(rows)


def fill_blank(session: Session, scope: handover.CountyScope, volumes: int, items: int | None, now) -> int:
    """Every person whose row is still blank gets ``volumes`` and ``items`` (one UPDATE)."""
    problems = row_problems({"volumes": volumes, "items": items})
    if problems:
        raise InvalidTaskData({"volumes": problems})
    blank = [*scope.where(), Retiree.archive_volumes.is_(None), Retiree.archive_status.in_(EDITABLE)]
    result = session.execute(
        update(Retiree)
        .where(*blank)
        .values(
            archive_volumes=volumes,
            archive_items=items,
            archive_status=_sorted_unless_returned(),
            updated_at=now,
        )
        .execution_options(synchronize_session=False)
    )
    return result.rowcount or 0


def _sorted_unless_returned():
    """A returned archive stays returned until its supplement is submitted."""
    return case((Retiree.archive_status == "returned", "returned"), else_="sorted")


#: the columns of an uploaded archive transfer list (档案移交清单), the first two required
TABLE_HEADERS = ("身份证号", "档案卷（册）数", "材料份数", "缺失材料名称及原因")


def fill_table(
    session: Session, scope: handover.CountyScope, rows: Iterable[tuple[int, dict[str, Any]]], now
) -> int:
    """An uploaded transfer list: (row number, {header: value}) each, stored like ``fill_rows``;
    a problem names the spreadsheet row and column, and stores nothing."""
    numbered = list(rows)
    parsed = [
        {
            "id_number": id_number_of(values.get("身份证号")) or str(values.get("身份证号") or ""),
            "volumes": _whole_number(values.get("档案卷（册）数")),
            "items": _whole_number(values.get("材料份数")),
            "missing": (str(values.get("缺失材料名称及原因") or "").strip() or None),
        }
        for _number, values in numbered
    ]
    if not parsed:
        raise InvalidTaskData({"file": ["清单中没有数据行（表头应为 " + "、".join(TABLE_HEADERS) + "）"]})
    try:
        return fill_rows(session, scope, parsed, now)
    except InvalidTaskData as refused:
        raise InvalidTaskData(_by_row(refused.errors, [number for number, _values in numbered])) from None


def _whole_number(value: Any) -> Any:
    """A spreadsheet's number (7, 7.0 or "7") as an int; anything else as it is, to be refused."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return value


def _by_row(errors: dict[str, list[str]], numbers: list[int]) -> dict[str, list[str]]:
    """``rows.3.id_number`` → ``第5行`` messages (the spreadsheet's own row numbers)."""
    named: dict[str, list[str]] = {}
    for path, messages in errors.items():
        parts = path.split(".")
        number = numbers[int(parts[1])] if len(parts) > 1 and parts[1].isdigit() else None
        key = f"row {number}" if number else path
        named.setdefault(key, []).extend(f"第{number}行：{m}" if number else m for m in messages)
    return named
