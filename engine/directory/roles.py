"""Organisation roles (BPMN lane names) with their Chinese names, and the actor who performs a step."""

from __future__ import annotations

from dataclasses import dataclass, field

#: Lane names are these role codes (DOMAIN.md, "Organisations"), each with the Chinese name
#: officials know it by, in the order they know them.
ROLE_NAMES: dict[str, str] = {
    "enterprise": "移交企业",
    "prefecture_government": "省辖市、省直管县（市）政府",
    "receiving_government": "接收县（市、区）政府",
    "community": "街道（乡镇）和社区",
    "organisation_department": "组织部门",
    "archive_department": "档案管理部门",
    "finance_bureau": "财政部门",
    "social_insurance_agency": "社会保险经办机构",
    "supervisor": "领导小组办公室",
}

#: The role codes alone, as lanes and case parties are checked against them.
LANE_ROLES: frozenset[str] = frozenset(ROLE_NAMES)

#: The user role a task needs unless its BPMN says otherwise (spiff property ``user_role``).
DEFAULT_TASK_ROLE = "official"

#: Who acts when no person does: the worker firing timers, a deploy from the command line.
SYSTEM = "system"


@dataclass(frozen=True)
class Actor:
    """A person acting for an organisation, with the user roles they hold there."""

    user_id: str
    organisation_id: str
    roles: frozenset[str] = field(default_factory=lambda: frozenset({DEFAULT_TASK_ROLE}))
