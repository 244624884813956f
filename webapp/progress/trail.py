"""The breadcrumbs of a drill-down (全省 › 郑州市 › 金水区 › an enterprise), and the place they
name, for the page's heading and the exports."""

from __future__ import annotations

from dataclasses import dataclass, replace

from flask_babel import gettext as _
from sqlalchemy.orm import Session

from engine.directory.organisations import organisation_names
from engine.policy import divisions
from engine.progress.selection import NONE, Scope, Selection


@dataclass(frozen=True)
class Crumb:
    label: str
    selection: Selection


def trail(session: Session, selection: Selection, scope: Scope) -> list[Crumb]:
    """From the widest view the caller may see down to ``selection``."""
    crumbs = []
    step = Selection(campaign=selection.campaign)
    if scope.prefecture is None:
        crumbs.append(Crumb(_("Whole province"), step))
    names = _names(session, selection)
    for level in ("prefecture", "county", "enterprise"):
        key = getattr(selection, level)
        if key is not None:
            step = replace(step, **{level: key})
            crumbs.append(Crumb(names[level], step))
    return crumbs


def place(crumbs: list[Crumb], separator: str = " · ") -> str:
    """The place a trail ends at: 郑州市 · 金水区 ("" for the whole campaign)."""
    narrowed = [crumb for crumb in crumbs if crumb.selection != Selection(campaign=crumb.selection.campaign)]
    return separator.join(crumb.label for crumb in narrowed)


def _names(session: Session, selection: Selection) -> dict[str, str]:
    prefecture, county, enterprise = selection.prefecture, selection.county, selection.enterprise
    names = {
        "prefecture": _("Roster not yet registered") if prefecture == NONE else _division(prefecture),
        "county": _("Framework agreements of the prefecture") if county == NONE else _division(county),
        "enterprise": _("No enterprise"),
    }
    if enterprise and enterprise != NONE:
        names["enterprise"] = organisation_names(session, {enterprise}).get(enterprise, enterprise)
    return names


def _division(code: str | None) -> str:
    return divisions.name(code) if code else ""
