"""活动设置 — the campaign's settings as one declared table (key, Chinese label, kind, default,
bounds), and the check of a change against it. Pure: no database here (``stored`` keeps them).

The policy (豫政办〔2017〕44号) sets the milestones M1–M4 (八(三)) but **no deadline for archive
look-ups**: 五(二) only says "档案管理部门要做好企业退休人员档案的接收、管理和查阅、复制等服务工作",
and 五(三)2 hands the community assets over "待企业“三供一业”改造完成后" without a term. The 5/15-day
look-up deadlines, their 20/10-day acknowledgements and the 30 days for community assets after
the renovation are our defaults, which a supervisor may change.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from engine.errors import InvalidTaskData
from engine.policy.rules import DEFAULT_MILESTONES, MILESTONE_TITLES

DAYS, DATES = "days", "dates"


@dataclass(frozen=True)
class Setting:
    """One campaign setting: whole ``days`` within [minimum, maximum], or the milestone ``dates``."""

    key: str
    label: str
    kind: str
    default: Any
    minimum: int | None = None
    maximum: int | None = None
    #: where the default comes from (Chinese, shown beside the field)
    note: str = ""


#: Every setting, in the order the page shows them. Look-up deadlines count from the day the
#: request was submitted.
_FROM_REQUEST = "自申请之日起计算；本系统的默认值，政策文件未规定"
_FROM_RENOVATION = "自“三供一业”改造完成之日起计算；本系统的默认值，政策文件未规定"

SETTINGS: tuple[Setting, ...] = (
    Setting("lookup_review_days", "档案查阅（复制）申请审核期限", DAYS, 5, 1, 60, _FROM_REQUEST),
    Setting("lookup_service_days", "提供档案查阅（复制）服务期限", DAYS, 15, 1, 90, _FROM_REQUEST),
    Setting("lookup_acknowledge_days", "社区确认收到查阅（复制）结果期限", DAYS, 20, 1, 120, _FROM_REQUEST),
    Setting("lookup_refusal_days", "社区知悉不予查阅理由期限", DAYS, 10, 1, 120, _FROM_REQUEST),
    Setting("asset_handover_days", "社区资产移交期限", DAYS, 30, 1, 365, _FROM_RENOVATION),
    Setting("milestones", "时间节点", DATES, DEFAULT_MILESTONES, note="豫政办〔2017〕44号 八(三)"),
)
BY_KEY: dict[str, Setting] = {setting.key: setting for setting in SETTINGS}

#: (earlier, later): a later step of a look-up may not be due before the step it follows
ORDER: tuple[tuple[str, str], ...] = (
    ("lookup_review_days", "lookup_service_days"),
    ("lookup_service_days", "lookup_acknowledge_days"),
    ("lookup_review_days", "lookup_refusal_days"),
)

MILESTONE_CODES = tuple(sorted(MILESTONE_TITLES))
EARLIEST, LATEST = date(2000, 1, 1), date(2099, 12, 31)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_WHOLE = re.compile(r"\d{1,6}")


class InvalidSettings(InvalidTaskData):
    """A change of the campaign settings refused; ``errors`` maps each field (``milestones.M2``
    for one date) to its Chinese messages. Nothing was stored."""

    def __init__(self, errors: dict[str, list[str]]):
        super().__init__(errors)
        named = "；".join(f"{key}：{'、'.join(messages)}" for key, messages in errors.items())
        self.args = (f"活动设置有误：{named}",)


def defaults() -> dict[str, Any]:
    """Every setting at its documented default (fresh copies)."""
    return {setting.key: _copy(setting.default) for setting in SETTINGS}


def checked(current: Mapping[str, Any], changes: Mapping[str, Any]) -> dict[str, Any]:
    """``current`` with ``changes`` applied (milestones left out keep their date), or
    ``InvalidSettings`` naming every field that is wrong."""
    errors: dict[str, list[str]] = {}
    result = {key: _copy(value) for key, value in current.items()}
    for key, value in changes.items():
        setting = BY_KEY.get(key) if isinstance(key, str) else None
        if setting is None:
            errors[str(key)] = [f"没有名为 {key} 的设置"]
        elif setting.kind == DAYS:
            _apply_days(setting, value, result, errors)
        else:
            _apply_dates(value, result, errors)
    _check_order(result, errors)
    if errors:
        raise InvalidSettings(errors)
    return result


def _apply_days(setting: Setting, value: Any, result: dict[str, Any], errors: dict[str, list[str]]) -> None:
    days = _whole_number(value)
    if days is None:
        errors[setting.key] = [f"{setting.label}应为整数天数"]
    elif not setting.minimum <= days <= setting.maximum:
        errors[setting.key] = [f"{setting.label}应为 {setting.minimum} 至 {setting.maximum} 天"]
    else:
        result[setting.key] = days


def _whole_number(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and _WHOLE.fullmatch(value.strip()):
        return int(value.strip())
    return None


def _apply_dates(value: Any, result: dict[str, Any], errors: dict[str, list[str]]) -> None:
    if not isinstance(value, Mapping):
        errors["milestones"] = ['时间节点应为 {"M1": "2017-03-31", …} 形式的对象']
        return
    unknown = sorted(str(code) for code in value if code not in MILESTONE_TITLES)
    if unknown:
        errors["milestones"] = [f"未知的时间节点：{'、'.join(unknown)}（应为 M1–M4）"]
    for code in MILESTONE_CODES:
        if code in value:
            day = _iso_date(value[code])
            if day is None:
                errors[f"milestones.{code}"] = [
                    f"{_milestone_name(code)}应为 2000—2099 年间的日期，如 2017-04-30"
                ]
            else:
                result["milestones"][code] = day.isoformat()


def _iso_date(value: Any) -> date | None:
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value.strip()):
        return None
    try:
        day = date.fromisoformat(value.strip())
    except ValueError:
        return None
    return day if EARLIEST <= day <= LATEST else None


def _check_order(result: dict[str, Any], errors: dict[str, list[str]]) -> None:
    for earlier, later in ORDER:
        if errors.keys() & {earlier, later}:
            continue
        if result[later] < result[earlier]:
            first, then = BY_KEY[earlier], BY_KEY[later]
            errors[later] = [f"{then.label}不得短于{first.label}（{result[earlier]} 天）"]
    dates = result["milestones"]
    for before, code in zip(MILESTONE_CODES, MILESTONE_CODES[1:], strict=False):
        if errors.keys() & {f"milestones.{before}", f"milestones.{code}"}:
            continue
        if dates[code] < dates[before]:
            errors[f"milestones.{code}"] = [f"{_milestone_name(code)}不得早于 {before}（{dates[before]}）"]


def _milestone_name(code: str) -> str:
    return f"{code}（{MILESTONE_TITLES[code]}）"


def _copy(value: Any) -> Any:
    return dict(value) if isinstance(value, Mapping) else value
