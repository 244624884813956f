"""What administrators type about organisations and users, checked before it reaches the directory.

Each ``check_*`` returns the typed values (stripped, for showing the form again) and the errors
by field, in the visitor's language (Chinese by default). ``apply`` copies checked values onto a
row and answers what changed, for the audit trail. Nothing here commits.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from engine.directory.organisations import USER_ROLES, Organisation, User
from engine.directory.roles import LANE_ROLES
from engine.policy import divisions

#: what each user role lets a person do, as the forms show it
USER_ROLE_LABELS = {
    "official": lazy_gettext("Official (handles tasks)"),
    "leader": lazy_gettext("Leader (signs off)"),
    "viewer": lazy_gettext("Viewer (reads cases only)"),
    "supervisor": lazy_gettext("Supervisor (oversees all cases)"),
    "designer": lazy_gettext("Process designer"),
    "admin": lazy_gettext("Administrator"),
}

ORGANISATION_ID = re.compile(r"[a-z0-9][a-z0-9._-]{1,99}")
USERNAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{1,79}")
MIN_PASSWORD = 8
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")

#: what an administrator may change after creating a row
ORGANISATION_FIELDS = ("name", "kind", "division_code", "parent_id")
USER_FIELDS = ("name", "organisation_id", "roles", "email")


@dataclass
class Checked:
    """The typed values and, by field, what is wrong with them."""

    values: dict[str, Any]
    errors: dict[str, list[str]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors

    def refuse(self, name: str, message: str) -> None:
        self.errors.setdefault(name, []).append(message)


def _text(form: Mapping, name: str) -> str:
    return (form.get(name) or "").strip()


def check_organisation(session: Session, form: Mapping, existing: Organisation | None = None) -> Checked:
    """A new organisation (``existing`` None: its id is typed too) or changes to one."""
    checked = Checked(
        {name: _text(form, name) for name in ("id", "name", "kind", "division_code", "parent_id")}
    )
    values = checked.values
    if existing is None:
        _check_organisation_id(session, checked)
    else:
        values["id"] = existing.id
    _check_name(checked, 200, _("Enter the organisation's name."))
    # an existing organisation may keep a kind outside the lanes (the demo's ``system`` admins)
    if values["kind"] not in LANE_ROLES and (existing is None or values["kind"] != existing.kind):
        checked.refuse("kind", _("Choose the kind of organisation from the list."))
    code = values["division_code"]
    if code and not divisions.is_known(code):
        checked.refuse(
            "division_code",
            _("%(code)s is not a known GB/T 2260 division code (six digits, e.g. 410105).", code=code),
        )
    _check_parent(session, checked)
    return checked


def _check_organisation_id(session: Session, checked: Checked) -> None:
    org_id = checked.values["id"]
    if not org_id:
        checked.refuse("id", _("Enter the organisation's ID."))
    elif not ORGANISATION_ID.fullmatch(org_id):
        checked.refuse(
            "id", _("The ID may only contain lower-case letters, digits, '-', '_' and '.' (2 to 100).")
        )
    elif session.get(Organisation, org_id) is not None:
        checked.refuse("id", _("The ID %(id)s is already taken.", id=org_id))


def _check_name(checked: Checked, longest: int, missing: str) -> None:
    name = checked.values["name"]
    if not name:
        checked.refuse("name", missing)
    elif len(name) > longest:
        checked.refuse("name", _("The name is too long (at most %(n)d characters).", n=longest))


def _check_parent(session: Session, checked: Checked) -> None:
    """The parent must exist and must not be the organisation itself or one of its descendants."""
    parent_id, own_id = checked.values["parent_id"], checked.values["id"]
    if not parent_id:
        return
    seen: set[str] = set()
    current = session.get(Organisation, parent_id)
    if current is None:
        checked.refuse("parent_id", _("There is no organisation %(id)s.", id=parent_id))
        return
    while current is not None and current.id not in seen:
        if current.id == own_id:
            checked.refuse("parent_id", _("An organisation cannot be its own parent or ancestor."))
            return
        seen.add(current.id)
        current = session.get(Organisation, current.parent_id) if current.parent_id else None


def check_user(
    session: Session, form: Mapping, existing: User | None = None, *, editing_self: bool = False
) -> Checked:
    """A new user (``existing`` None: username and initial password too) or changes to one."""
    checked = Checked({name: _text(form, name) for name in ("username", "name", "organisation_id", "email")})
    checked.values["roles"] = [role for role in form.getlist("roles") if role]
    if existing is None:
        _check_username(session, checked)
        _check_password(checked, form.get("password") or "")
    else:
        checked.values["username"] = existing.username
    _check_name(checked, 100, _("Enter the person's full name."))
    _check_user_organisation(session, checked, existing)
    _check_roles(checked, editing_self)
    email = checked.values["email"]
    if email and (len(email) > 200 or not EMAIL.fullmatch(email)):
        checked.refuse("email", _("Enter an e-mail address such as li.na@example.org, or nothing."))
    return checked


def check_password(form: Mapping) -> Checked:
    """A new password typed by an administrator (reset)."""
    checked = Checked({})
    _check_password(checked, form.get("password") or "")
    return checked


def _check_username(session: Session, checked: Checked) -> None:
    username = checked.values["username"]
    if not username:
        checked.refuse("username", _("Enter the username."))
    elif not USERNAME.fullmatch(username):
        checked.refuse(
            "username", _("The username may only contain letters, digits, '-', '_' and '.' (2 to 80).")
        )
    elif _taken(session, username):
        checked.refuse("username", _("The username %(username)s is already taken.", username=username))


def _taken(session: Session, username: str) -> bool:
    """Whether an account has this username, in any case (li.na and Li.Na are one login)."""
    same = func.lower(User.username) == username.lower()
    return session.scalars(select(User.id).where(same)).first() is not None


def _check_password(checked: Checked, password: str) -> None:
    if len(password) < MIN_PASSWORD:
        checked.refuse("password", _("The password must have at least %(n)d characters.", n=MIN_PASSWORD))


def _check_user_organisation(session: Session, checked: Checked, existing: User | None) -> None:
    org_id = checked.values["organisation_id"]
    organisation = session.get(Organisation, org_id) if org_id else None
    if organisation is None:
        checked.refuse("organisation_id", _("Choose the user's organisation from the list."))
    elif not organisation.active and (existing is None or existing.organisation_id != org_id):
        message = _("The organisation %(name)s is deactivated.", name=organisation.name)
        checked.refuse("organisation_id", message)


def _check_roles(checked: Checked, editing_self: bool) -> None:
    roles = checked.values["roles"]
    if not roles:
        checked.refuse("roles", _("Choose at least one role."))
    elif any(role not in USER_ROLES for role in roles):
        checked.refuse("roles", _("Choose roles from the list only."))
    elif editing_self and "admin" not in roles:
        checked.refuse("roles", _("You cannot remove your own administrator role."))


def apply(row: Organisation | User, values: Mapping[str, Any], names: tuple[str, ...]) -> dict[str, list]:
    """Copy ``names`` from checked values onto ``row`` (empty text becomes None for optional
    columns); answer ``{field: [old, new]}`` for what changed."""
    changes: dict[str, list] = {}
    for name in names:
        new = values[name]
        if new == "" and name in ("division_code", "parent_id", "email"):
            new = None
        if name == "roles":
            new = [role for role in USER_ROLES if role in new]  # one canonical order
        old = getattr(row, name)
        if old != new:
            changes[name] = [old, new]
            setattr(row, name, new)
    return changes


def organisation_choices(session: Session) -> dict[str, list[tuple[str, str]]]:
    """Every organisation as (id, name), grouped by kind, for the forms' drop-down lists."""
    grouped: dict[str, list[tuple[str, str]]] = {}
    for organisation in session.scalars(select(Organisation).order_by(Organisation.kind, Organisation.id)):
        label = organisation.name
        if not organisation.active:
            label = _("%(name)s (deactivated)", name=label)
        grouped.setdefault(organisation.kind, []).append((organisation.id, label))
    return grouped
