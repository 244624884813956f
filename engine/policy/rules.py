"""The policy's numbers (豫政办〔2017〕44号) as pure functions: staff counts, destinations, fees.

Every result is plain JSON data (dicts, lists, str, int, bool): BPMN scripts call these
functions (they are script helpers) and store what they return in the case data. How we read
the policy's ambiguous points is documented in ``processes/README.md``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from typing import Any

from engine.policy import divisions
from engine.workflow.deadlines import CHINA_TZ

ORDINARY = "普通退休人员"
RETIRED_CADRE = "离休干部"
PROVINCE_MANAGED_CADRE = "省管干部"
#: 五(一): 离休人员 and 省管干部 keep their current management and are not handed over.
EXCLUDED_CATEGORIES = (RETIRED_CADRE, PROVINCE_MANAGED_CADRE)
CATEGORIES = (ORDINARY, *EXCLUDED_CATEGORIES)

#: A retiree's record field by field, in the roster template's column order: what a roster row
#: (登记表) becomes, the registry keeps and ``register_roster`` submits. Every other list of a
#: retiree's fields is this one less some (``retiree_fields_without``).
RETIREE_FIELDS = (
    "name",
    "sex",
    "id_number",
    "birth_date",
    "retirement_date",
    "hukou_code",
    "residence_code",
    "category",
    "party_member",
    "special_status",
    "phone",
    "address",
)


def retiree_fields_without(*left_out: str) -> tuple[str, ...]:
    """``RETIREE_FIELDS`` in order less ``left_out``, each of which must be one of them."""
    unknown = set(left_out) - set(RETIREE_FIELDS)
    if unknown:
        raise ValueError(f"not fields of a retiree's record: {', '.join(sorted(unknown))}")
    return tuple(name for name in RETIREE_FIELDS if name not in left_out)


#: 五(四)2: one retiree-management staff member per 300 retirees received.
RETIREES_PER_MANAGEMENT_STAFF = 300
#: 六(二)2: management fee per retiree per year, in yuan.
ANNUAL_FEE_PER_RETIREE = 1000

#: The roles of a receiving county in the organisation directory, with their Chinese names.
COUNTY_ROLES = {
    "receiving_government": "接收地政府",
    "archive_department": "档案管理部门",
    "finance_bureau": "财政部门",
    # 八(二): "组织部门要做好企业向街道(乡镇)和社区移交党组织关系的接收工作"
    "organisation_department": "组织部门",
}

#: 八(三): the 2017 campaign's schedule, used for any milestone a campaign leaves out.
DEFAULT_MILESTONES: dict[str, str] = {
    "M1": "2017-03-31",
    "M2": "2017-04-30",
    "M3": "2017-05-31",
    "M4": "2017-06-30",
}
MILESTONE_TITLES = {
    "M1": "签订移交框架协议",
    "M2": "签订具体移交协议",
    "M3": "完成社区管理组织职能、人员移交",
    "M4": "总体完成移交",
}


class RuleError(ValueError):
    """Data the policy's rules cannot be applied to; the message is Chinese, for officials."""


# -- staff and community size (五(三)1, 五(四)) --------------------------------------------


def count_management_staff(retirees: int) -> int:
    """退休管理机构工作人员 a county receives: one per 300 retirees, a started 300 counts."""
    _require_non_negative(retirees, "接收退休人员数")
    return -(-retirees // RETIREES_PER_MANAGEMENT_STAFF)


def management_staff_shares(retirees_by_county: Mapping[str, int]) -> dict[str, int]:
    """五(四)2 "按每300名退休人员配备1名管理服务人员的比例": the ratio is taken over the enterprise's
    whole hand-over (``count_management_staff`` of its total: a started 300 counts) and shared
    among the receiving counties in proportion to the retirees each receives — each its whole
    share, the rest to the largest remainders (ties: more retirees, then the lower code). The
    shares add up to the enterprise's figure; a county receiving a few people may get none."""
    for count in retirees_by_county.values():
        _require_non_negative(count, "接收退休人员数")
    total = sum(retirees_by_county.values())
    staff = count_management_staff(total)
    if not staff:
        return dict.fromkeys(retirees_by_county, 0)
    quotas = {code: count * staff / total for code, count in retirees_by_county.items()}
    shares = {code: int(quota) for code, quota in quotas.items()}
    by_remainder = sorted(
        retirees_by_county, key=lambda code: (-(quotas[code] - shares[code]), -retirees_by_county[code], code)
    )
    for code in by_remainder[: staff - sum(shares.values())]:
        shares[code] += 1
    return shares


def county_staff_due(county: Mapping[str, Any]) -> int:
    """A county's share of its enterprise's management staff, as the grouped roster gives it
    (``staff_due``); a county grouped before the shares were made: its own ratio."""
    return county.get("staff_due", count_management_staff(county["retiree_count"]))


def pay_difference(previous_monthly: float | int, local_monthly: float | int | None) -> float:
    """五(四)3 "移交后薪酬待遇低于移交前原企业的，差额部分由原企业支付": what the enterprise pays a
    staff member each month — the previous pay less the local pay, never below nothing (0 while
    the local pay is not yet known)."""
    if local_monthly is None:
        return 0.0
    for amount, what in ((previous_monthly, "原月工资"), (local_monthly, "接收后月工资")):
        if isinstance(amount, bool) or not isinstance(amount, int | float) or amount < 0:
            raise RuleError(f"{what}应为非负数，收到 {amount!r}")
    return round(max(float(previous_monthly) - float(local_monthly), 0.0), 2)


#: 社区规模 (seed 三(二)): the households a community is set up for, by where it is
COMMUNITY_SIZE = {"city": ("城市", 1000, 3000), "town": ("城镇（县城）", 1000, 2000)}


def community_size(households: int, setting: str) -> dict[str, Any]:
    """What the official deciding between a stand-alone community and a merger sees: the
    households, the target size for its setting and whether they are within it."""
    within = community_size_ok(households, setting)
    word, low, high = COMMUNITY_SIZE[setting]
    return {
        "households": households,
        "setting": setting,
        "target": f"{word}社区{low}至{high}户",
        "within_target": within,
        "verdict": "符合社区规模" if within else f"不在{word}社区{low}至{high}户的规模内",
    }


def community_size_ok(households: int, setting: str) -> bool:
    """Whether a community is within the target size (社区规模): 城市 1000–3000, 城镇(县城) 1000–2000."""
    _require_non_negative(households, "社区居民户数")
    limits = {"city": 3000, "town": 2000}
    if setting not in limits:
        raise RuleError(f"社区所在地类型应为 city(城市) 或 town(城镇/县城)，而不是 {setting!r}")
    return 1000 <= households <= limits[setting]


# -- who goes where (二(二)2, 五(一)) -------------------------------------------------------


def destination_of(retiree: Mapping[str, Any], enterprise_location_code: str) -> dict:
    """属地管理: the county a retiree is handed over to, why, and whether they are excluded."""
    category = retiree.get("category") or ORDINARY
    if category in EXCLUDED_CATEGORIES:
        return _destination(None, f"{category}保持现有管理方式不变，不移交", excluded=True)
    if category != ORDINARY:
        allowed = "、".join(CATEGORIES)
        raise RuleError(f"退休人员 {_who(retiree)} 的人员类别 {category!r} 无效，应为{allowed}之一")
    hukou = retiree.get("hukou_code")
    residence = retiree.get("residence_code") or hukou  # no known residence: where the hukou is
    if not (divisions.is_code(hukou) and divisions.is_code(residence)):
        raise RuleError(f"退休人员 {_who(retiree)} 的户口所在地或常年居住地代码无效，应为6位行政区划代码")
    if not hukou.startswith(divisions.HENAN):
        return _destination(enterprise_location_code, "省外户籍，移交企业所在地")
    if residence == hukou:
        return _destination(hukou, "户口所在地与常年居住地一致，移交户口所在地")
    if residence.startswith(divisions.HENAN):
        return _destination(residence, "户口所在地与常年居住地不一致，移交常年居住地，尽量将户籍迁入居住地")
    return _destination(hukou, "常年居住地在省外，移交户口所在地")


def _destination(code: str | None, reason: str, excluded: bool = False) -> dict:
    return {"code": code, "reason": reason, "excluded": excluded}


def _who(retiree: Mapping[str, Any]) -> str:
    return str(retiree.get("name") or retiree.get("id_number") or "（无姓名）")


# -- the roster by receiving county (登记造册) -----------------------------------------------


def group_roster(roster: list[dict], enterprise: Mapping[str, Any], directory: Mapping[str, Any]) -> dict:
    """清册 grouped by receiving county and prefecture, with the parties of each from ``directory``
    (a roster given as a list; a registered one is tallied by the registry and grouped by
    ``group_tallies``).

    Raises ``RuleError`` when a destination is not a Henan county or the directory lacks an
    organisation the hand-over needs.
    """
    destinations: dict[str, dict] = {}
    excluded: dict[str, int] = {}
    for retiree in roster:
        destination = destination_of(retiree, enterprise["location_code"])
        if destination["excluded"]:
            excluded[retiree["category"]] = excluded.get(retiree["category"], 0) + 1
            continue
        _require_henan_county(destination["code"], retiree)
        entry = destinations.setdefault(
            destination["code"],
            {
                "code": destination["code"],
                "retiree_count": 0,
                "party_member_count": 0,
                "out_of_province_hukou": 0,
            },
        )
        entry["retiree_count"] += 1
        entry["party_member_count"] += _is_party_member(retiree.get("party_member"))
        entry["out_of_province_hukou"] += not retiree["hukou_code"].startswith(divisions.HENAN)
    tallies = {"destinations": [destinations[code] for code in sorted(destinations)], "excluded": excluded}
    return group_tallies(tallies, directory)


def group_tallies(tallies: Mapping[str, Any], directory: Mapping[str, Any]) -> dict:
    """The roster's counts by destination (``destinations``: code, retiree_count,
    party_member_count, out_of_province_hukou, and an ``example`` name to quote; ``excluded``:
    category → count; ``imports``: the roster imports they came from) grouped by receiving county
    and prefecture, with the parties of each.

    The case carries these counts, never the people: each step reads its people from the registry.
    """
    destinations = list(tallies.get("destinations") or [])
    for entry in destinations:
        _require_henan_county(entry["code"], {"name": entry.get("example")})
    codes = sorted(entry["code"] for entry in destinations)
    _require_directory(codes, directory)
    county_items = [_county_item(entry, directory) for entry in sorted(destinations, key=lambda e: e["code"])]
    shares = management_staff_shares({item["code"]: item["retiree_count"] for item in county_items})
    for item in county_items:
        item["staff_due"] = shares[item["code"]]
    prefecture_items = _prefecture_items(county_items, directory)
    excluded = dict.fromkeys(EXCLUDED_CATEGORIES, 0)
    excluded.update(tallies.get("excluded") or {})
    handed_over = sum(item["retiree_count"] for item in county_items)
    summary = {
        "total": handed_over + sum(excluded.values()),
        "handed_over": handed_over,
        "excluded": excluded,
        "out_of_province_hukou": sum(entry.get("out_of_province_hukou", 0) for entry in destinations),
        "staff_due": sum(shares.values()),
        "counties": len(county_items),
        "prefectures": len(prefecture_items),
    }
    if tallies.get("imports"):  # the roster imports (登记表) the people came from: the case's reference
        summary["imports"] = list(tallies["imports"])
    return {"counties": county_items, "prefectures": prefecture_items, "summary": summary}


def _require_henan_county(code: str | None, retiree: Mapping[str, Any]) -> None:
    if not (divisions.is_code(code) and divisions.is_henan_county(code)):
        raise RuleError(f"退休人员 {_who(retiree)} 的移交地 {_label(code)} 不是河南省的县(市、区)")


def _require_directory(county_codes: list[str], directory: Mapping[str, Any]) -> None:
    """One error naming every organisation the directory lacks, so it can be fixed in one go."""
    missing = []
    for code in county_codes:
        roles = [name for role, name in COUNTY_ROLES.items() if not directory.get(code, {}).get(role)]
        if roles:
            missing.append(f"{_label(code)} 的{'、'.join(roles)}")
    for code in sorted({divisions.prefecture_of(code) for code in county_codes}):
        if not directory.get(code, {}).get("prefecture_government"):
            kind = "省直管县(市)政府" if divisions.is_directly_administered(code) else "省辖市政府"
            missing.append(f"{_label(code)} 的{kind}")
    if missing:
        raise RuleError("组织目录中没有 " + "；".join(missing))


def _label(code: str | None) -> str:
    """``410105 郑州市金水区`` (``110105 北京市`` outside Henan); the bare code if unknown."""
    if not divisions.is_known(code):
        return str(code)
    return f"{code} {divisions.full_name(code)}"


def _is_party_member(value: Any) -> bool:
    return value is True or value == "是"


def _county_item(entry: Mapping[str, Any], directory: Mapping[str, Any]) -> dict:
    code = entry["code"]
    return {
        "code": code,
        "name": divisions.full_name(code),
        "prefecture_code": divisions.prefecture_of(code),
        "parties": {role: directory[code][role] for role in COUNTY_ROLES},
        "retiree_count": entry["retiree_count"],
        "party_member_count": entry["party_member_count"],
    }


def _prefecture_items(county_items: list[dict], directory: Mapping[str, Any]) -> list[dict]:
    """省辖市 and 省直管县(市) that sign framework agreements; a direct county is its own."""
    by_code: dict[str, list[dict]] = {}
    for item in county_items:
        by_code.setdefault(item["prefecture_code"], []).append(item)
    return [
        {
            "code": code,
            "name": divisions.name(code),
            "government": directory[code]["prefecture_government"],
            "directly_administered": divisions.is_directly_administered(code),
            "county_codes": [item["code"] for item in items],
            "retiree_count": sum(item["retiree_count"] for item in items),
        }
        for code, items in sorted(by_code.items())
    ]


# -- money (六(二)2) -------------------------------------------------------------------------


def management_fee(retirees: int, months: int = 12, per_retiree: int = ANNUAL_FEE_PER_RETIREE) -> int:
    """管理费用 in whole yuan: ``per_retiree`` a year (1000 until the national standard, from the
    ``management_fee_rate`` table), for whole months, rounded half up."""
    _require_non_negative(retirees, "退休人员数")
    _require_non_negative(months, "月数")
    _require_non_negative(per_retiree, "每人每年费用")
    twelfths = per_retiree * retirees * months
    return (2 * twelfths + 12) // 24  # round(twelfths / 12) half up, in integers


def instalment_plan(total: int, count: int) -> list[int]:
    """分期拨付: ``count`` equal whole-yuan instalments of ``total``; the last takes the remainder."""
    _require_non_negative(total, "拨付总额")
    if not isinstance(count, int) or count < 1:
        raise RuleError(f"分期次数应为正整数，而不是 {count!r}")
    share = total // count
    return [share] * (count - 1) + [total - share * (count - 1)]


# -- the schedule (八(三)) ------------------------------------------------------------------


def list_milestones(milestones: Mapping[str, Any] | None = None) -> list[dict]:
    """时间节点 M1–M4 with titles and the moment each is passed (next midnight, Beijing time).

    Milestones a campaign leaves out fall back to ``DEFAULT_MILESTONES``.
    """
    given = dict(milestones or {})
    unknown = sorted(set(given) - set(MILESTONE_TITLES))
    if unknown:
        raise RuleError(f"未知的时间节点：{'、'.join(map(str, unknown))}（应为 M1–M4）")
    codes = sorted(MILESTONE_TITLES)
    return [_milestone(code, given.get(code) or DEFAULT_MILESTONES[code]) for code in codes]


def _milestone(code: str, value: Any) -> dict:
    day = _as_date(code, value)
    passes_at = datetime.combine(day + timedelta(days=1), time(), tzinfo=CHINA_TZ)
    return {
        "code": code,
        "date": day.isoformat(),
        "passes_at": passes_at.isoformat(),
        "title": MILESTONE_TITLES[code],
    }


def _as_date(code: str, value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        raise RuleError(f"时间节点 {code} 的日期 {value!r} 无效，应为 YYYY-MM-DD") from None


def _require_non_negative(number: Any, what: str) -> None:
    if isinstance(number, bool) or not isinstance(number, int) or number < 0:
        raise RuleError(f"{what}应为非负整数，而不是 {number!r}")
