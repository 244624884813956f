"""Fixtures for the official documents: the web app's people and programme (tests/web), a
county hand-over driven to its end (its people in the registry, as every document reads them),
and readers of PDFs (poppler-utils) for the assertions."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from tests.processes import campaign
from tests.processes.test_retiree_handover import drive_county, sign_framework_agreements, start_programme
from tests.web.conftest import app, client, driver, login, people, programme  # noqa: F401  (fixtures)

from . import handover

OUTPUT = Path(__file__).resolve().parents[1] / "output" / "documents"
#: Noto CJK (the free fallback) or the official faces, as pdffonts names them
CJK_FONT = re.compile(r"CJK|FangSong|SimSun|SimHei|FZ|GB|Song|Kai|Hei", re.IGNORECASE)


#: 常住地址 and 联系电话 of 金水区's people (each fits its register column on one line)
CONTACTS = {
    "王建国": ("农科路3号院2号楼", "13803710001"),
    "李秀英": ("花园路8号院5号楼", "13803710002"),
    "张伟": ("经三路12号1号楼", "0371-63210003"),
    "刘洋": ("纬五路6号院3号楼", "13803710004"),
}


def roster() -> list[dict]:
    """The campaign's roster (tests/processes), 金水区's people with their address and phone."""
    listed = campaign.roster()
    for person in listed:
        if person["name"] in CONTACTS:
            person["address"], person["phone"] = CONTACTS[person["name"]]
    return listed


@pytest.fixture
def jinshui_done(driver):  # noqa: F811  (the web conftest's fixture)
    """A programme whose 金水区 hand-over is complete: agreement signed, archives received."""
    case = start_programme(driver, roster())
    sign_framework_agreements(driver, case)
    drive_county(driver, case, "410105")
    return case


def built(flask_app, case: int, build, *args, then=None):
    """``build(inputs, *args)`` on what the case's 金水区 documents are made from now (``then``:
    of the context, while the registry session is open)."""
    yijiao = flask_app.extensions["yijiao"]
    return handover.built(yijiao["sessions"], yijiao["engine"], case, build, *args, then=then)


def _run(tool: list[str], content: bytes) -> str:
    """A poppler tool's output for a PDF given on its standard input."""
    return subprocess.run([*tool, "-"], input=content, check=True, capture_output=True).stdout.decode("utf-8")


def pdf_text(content: bytes, first: int | None = None, last: int | None = None) -> str:
    """The PDF's text (pdftotext), without whitespace: CJK text has no spaces to keep."""
    pages = [*(["-f", str(first)] if first else []), *(["-l", str(last)] if last else [])]
    return re.sub(r"\s+", "", _run(["pdftotext", "-layout", "-enc", "UTF-8", *pages, "-"], content))


def pdf_pages(content: bytes) -> int:
    return int(re.search(r"^Pages:\s+(\d+)", _run(["pdfinfo"], content), re.MULTILINE).group(1))


def pdf_fonts(content: bytes) -> dict[str, str]:
    """pdffonts' table as font name → its ``emb`` column (``yes`` when embedded)."""
    header, _rule, *rows = _run(["pdffonts"], content).splitlines()
    column = header.index("emb")
    return {row.split()[0]: row[column : column + 3].strip() for row in rows if row.strip()}


def snapshot(name: str, content: bytes) -> Path:
    """Page 1 as PNG in tests/output/documents/ (60 dpi), for a person to look at."""
    OUTPUT.mkdir(parents=True, exist_ok=True)
    target = OUTPUT / name
    subprocess.run(
        ["pdftoppm", "-r", "60", "-f", "1", "-l", "1", "-png", "-singlefile", "-", str(target)],
        input=content,
        check=True,
    )
    return target.with_suffix(".png")


def api_headers(caller, username: str) -> dict[str, str]:
    """Bearer-token headers for ``username`` (password ``demo``), got through ``caller``."""
    response = caller.post("/api/v1/tokens", json={"username": username, "password": "demo"})
    assert response.status_code == 201, response.get_json()
    return {"Authorization": f"Bearer {response.get_json()['token']}"}


def browser(flask_app, username: str):
    """A fresh test client logged in as ``username``."""
    visitor = flask_app.test_client()
    login(visitor, username)
    return visitor
