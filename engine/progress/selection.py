"""What a progress view counts: a campaign narrowed to a prefecture, county or enterprise
(``Selection``), within what a supervisor may see (``Scope``: a municipal office its prefecture)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from sqlalchemy import ColumnElement
from sqlalchemy.orm import Session

from engine.directory.organisations import Organisation
from engine.errors import NotFound
from engine.policy import divisions
from engine.progress.units import DEFAULT_CAMPAIGN, MilestoneUnit

LEVELS = ("prefecture", "county", "enterprise")
#: the key of a row of units that have no prefecture / county / enterprise
NONE = "-"
#: a cell turns amber this many days before its deadline while units are still open

COLUMNS = {
    "prefecture": MilestoneUnit.prefecture_code,
    "county": MilestoneUnit.county_code,
    "enterprise": MilestoneUnit.enterprise_org,
}



@dataclass(frozen=True)
class Selection:
    """Which units a view counts: a campaign, narrowed to a prefecture, county or enterprise
    (``NONE`` selects the units without one)."""

    campaign: str = DEFAULT_CAMPAIGN
    prefecture: str | None = None
    county: str | None = None
    enterprise: str | None = None

    def level(self) -> str:
        """The rows a view of this selection shows: counties of a prefecture, enterprises of a
        county (or of one enterprise's selection), else prefectures."""
        if self.county or self.enterprise:
            return "enterprise"
        return "county" if self.prefecture else "prefecture"

    def narrowed(self, level: str, key: str | None) -> Selection:
        """This selection narrowed to one row of a view at ``level``."""
        return replace(self, **{level: key if key is not None else NONE})

    def where(self) -> list[ColumnElement[bool]]:
        clauses = [MilestoneUnit.campaign == self.campaign]
        for level, column in COLUMNS.items():
            value = getattr(self, level)
            if value == NONE:
                clauses.append(column.is_(None))
            elif value is not None:
                clauses.append(column == value)
        return clauses


@dataclass(frozen=True)
class Scope:
    """What a supervisor may see: the whole province, or one prefecture (a municipal office)."""

    prefecture: str | None = None

    def where(self) -> list[ColumnElement[bool]]:
        return [] if self.prefecture is None else [MilestoneUnit.prefecture_code == self.prefecture]

    def allows(self, selection: Selection) -> bool:
        return self.prefecture is None or selection.prefecture == self.prefecture


#: a provincial office's scope: everything
WHOLE_PROVINCE = Scope()


def narrow(
    scope: Scope,
    *,
    campaign: str | None = None,
    prefecture: str | None = None,
    county: str | None = None,
    enterprise: str | None = None,
) -> Selection:
    """The selection a request asks for, checked: codes are 6 digits (or ``NONE``), a county
    belongs to its prefecture, and a municipal office never leaves its prefecture (``NotFound``,
    as for anything not theirs). A municipal office's view starts at its prefecture."""
    problems = {
        name: f"{value!r} 不是6位行政区划代码"
        for name, value in (("prefecture", prefecture), ("county", county))
        if value not in (None, "", NONE) and not (value.isdigit() and len(value) == 6)
    }
    if problems:
        raise InvalidSelection(problems)
    prefecture, county = prefecture or None, county or None
    if county not in (None, NONE):
        implied = divisions.prefecture_of(county)
        if prefecture not in (None, implied):
            raise InvalidSelection({"county": f"{county} 不属于 {prefecture}"})
        prefecture = implied
    if scope.prefecture is not None:
        if prefecture not in (None, scope.prefecture):
            raise NotFound(f"prefecture {prefecture} is outside this office's oversight")
        prefecture = scope.prefecture
    return Selection(campaign or DEFAULT_CAMPAIGN, prefecture, county, enterprise or None)


class InvalidSelection(ValueError):
    """Query values that name no prefecture or county: parameter → Chinese reason."""

    def __init__(self, problems: dict[str, str]):
        super().__init__("; ".join(f"{k}: {v}" for k, v in problems.items()))
        self.problems = problems


def scope_of(session: Session, organisation_id: str) -> Scope:
    """A supervisor organisation whose division is a prefecture (or 省直管县) oversees that
    prefecture only; a provincial one (410000, or none) the whole campaign."""
    organisation = session.get(Organisation, organisation_id)
    code = organisation.division_code if organisation is not None else None
    if code and not code.endswith("0000") and divisions.prefecture_of(code) == code:
        return Scope(prefecture=code)
    return Scope()
