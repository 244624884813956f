"""GB/T 2260 division codes: Henan's prefectures and counties, and every province.

Data: ``engine/policy/data/divisions.json`` (built by ``tools/build_divisions.py``).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

HENAN = "41"
_DATA = Path(__file__).parent / "data" / "divisions.json"


@cache
def _table() -> dict:
    return json.loads(_DATA.read_text(encoding="utf-8"))


def is_code(code: object) -> bool:
    """Six digits, the shape of every division code."""
    return isinstance(code, str) and len(code) == 6 and code.isdigit()


def province_name(code: str) -> str | None:
    """The province of any six-digit code (河南省, 北京市, …), or None if no such province."""
    return _table()["provinces"].get(code[:2]) if is_code(code) else None


def is_known(code: str) -> bool:
    """A code we accept for an address: a Henan code in the table, or any code of a known
    province outside Henan (we do not ship other provinces' counties)."""
    if not is_code(code):
        return False
    if code.startswith(HENAN):
        return code in _table()["henan"]
    return province_name(code) is not None


def is_henan_county(code: str) -> bool:
    """A Henan county-level code (a county, county-level city or district), not a prefecture."""
    return code in _table()["henan"] and not code.endswith("00")


def name(code: str) -> str:
    """The division's name (郑州市, 金水区); for other provinces the province's name."""
    entry = _table()["henan"].get(code)
    if entry:
        return entry["name"]
    return province_name(code) or code


def is_directly_administered(code: str) -> bool:
    """省直管县(市) (and 济源): they sign framework agreements with the enterprise themselves."""
    return code in _table()["directly_administered"]


def prefecture_of(code: str) -> str:
    """The government that signs the framework agreement for a county: its 省辖市, or itself
    when the county is directly administered by the province."""
    return code if is_directly_administered(code) else code[:4] + "00"


def full_name(code: str) -> str:
    """Prefecture and county together (郑州市金水区), as officials write an address."""
    prefecture = code[:4] + "00"
    if code.endswith("00") or is_directly_administered(code) or prefecture not in _table()["henan"]:
        return name(code)
    return name(prefecture) + name(code)


def henan_counties() -> list[str]:
    """Every Henan county-level code in the table (not the 市辖区 placeholders), in order."""
    table = _table()["henan"]
    counties = (code for code, entry in table.items() if entry["name"] != "市辖区")
    return sorted(code for code in counties if is_henan_county(code))
