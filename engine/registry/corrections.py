"""更正退休人员信息 — corrections per person and per field, applied to the registry with audit.

The county lists what is wrong (``verify_retiree_data``: person, field, issue); the enterprise,
which owns the data, answers every listed item with the corrected value (``correct_retiree_data``)
and the registry row changes at once, each change an audit event (who, when, field, from, to).
A corrected hukou or residence is routed again by ``destination_of``: a person whose county
changes leaves this county's lists and counts and joins the other county's hand-over of the same
programme; a destination outside the programme's counties is refused (the enterprise hands that
person over in a programme of its own).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from engine.directory import audit
from engine.directory.roles import Actor
from engine.policy import divisions, formats
from engine.policy.rules import RuleError, destination_of
from engine.registry import handover
from engine.registry.retirees import Retiree
from engine.registry.steps import Step, check_listed, refuse

#: the form's field names → the registry's columns ("其他": an explanation, nothing changes)
FIELDS = {
    "姓名": "name",
    "户籍地区划代码": "hukou_code",
    "常住地区划代码": "residence_code",
    "常住地址": "address",
    "联系电话": "phone",
    "其他": None,
}
ROUTING = ("hukou_code", "residence_code")


def corrections_applied(step: Step) -> None:
    made = step.rows("corrections_made")
    listed = handover.id_numbers_in(step.session, step.scope, [r.get("id_number") for r in made])
    check_listed(step, "corrections_made", listed, "本县接收名单中的人员")
    _require_every_item_answered(step, made)
    people = _people(step, listed)
    for index, row in enumerate(made):
        column = FIELDS.get(row.get("field"))
        if column is not None:
            _apply(step, index, people[row["id_number"]], column, row.get("value"))


def _require_every_item_answered(step: Step, made: list[dict[str, Any]]) -> None:
    asked = step.task_data.get("verify_retiree_data") or {}
    answered = {(row.get("id_number"), row.get("field")) for row in made}
    for item in asked.get("corrections") or []:
        if (item.get("id_number"), item.get("field")) not in answered:
            refuse(
                "corrections_made",
                f"核实意见中 {item.get('id_number')} 的“{item.get('field')}”尚未更正"
                f"（问题：{item.get('issue')}）",
            )


def _people(step: Step, numbers: set[str]) -> dict[str, Retiree]:
    rows = step.session.scalars(
        select(Retiree).where(*step.scope.where(), Retiree.id_number.in_(sorted(numbers)))
    )
    return {person.id_number: person for person in rows}


def _apply(step: Step, index: int, person: Retiree, column: str, value: Any) -> None:
    field = f"corrections_made.{index}.value"
    value = _checked(field, column, value)
    before = getattr(person, column)
    if before == value:
        return
    setattr(person, column, value)
    if column in ROUTING:
        _route_again(step, field, person)
    person.updated_at = step.now
    actor = Actor(step.item.claimed_by or "", step.item.owner_org)
    audit.record(
        step.session,
        "correct_retiree",
        actor,
        step.now,
        instance=step.instance,
        item=step.item,
        detail={"retiree": person.id, "field": column, "from": before, "to": value},
    )


def _checked(field: str, column: str, value: Any) -> str:
    text = value.strip() if isinstance(value, str) else ""
    if not text:
        refuse(field, "更正后的值不能为空")
    problem = None
    if column in ROUTING:
        problem = formats.division_code_problem(text)
    elif column == "phone":
        problem = formats.phone_problem(text)
    elif column == "name" and len(text) > 50:
        problem = "姓名不能超过50字"
    if problem:
        refuse(field, problem)
    return text


def _route_again(step: Step, field: str, person: Retiree) -> None:
    location = (step.task_data.get("enterprise") or {}).get("location_code")
    try:
        destination = destination_of(
            {
                "name": person.name,
                "category": person.category,
                "hukou_code": person.hukou_code,
                "residence_code": person.residence_code,
            },
            location,
        )
    except RuleError as problem:
        refuse(field, str(problem))
    code = destination["code"]
    if code != person.destination_code and not _in_programme(step, code):
        label = f"{code} {divisions.full_name(code)}" if divisions.is_known(code) else str(code)
        refuse(field, f"更正后 {person.name} 的接收地为 {label}，不在本企业本次移交的接收县（市、区）中")
    if code != person.destination_code:
        person.destination_code = code
        person.destination_reason = destination["reason"]
        person.community_org = None


def _in_programme(step: Step, county: str) -> bool:
    """Whether the programme hands anyone over to ``county`` (it then has a hand-over there)."""
    return handover.count(
        step.session, Retiree.instance_id == step.instance.id, Retiree.destination_code == county,
        Retiree.excluded.is_(False),
    ) > 0  # fmt: skip
