"""A hand-counted campaign for the progress figures, driven through the real procedures.

- 平煤神马 (programme ``pingmei``): the campaign roster — 郑州市 (金水区 4, 中原区 2) and 平顶山市
  (新华区 3). Units: M1 ×2 (410100, 410400), M2 ×3, M4 ×3 (planned 9 retirees, fee 9,000 元).
- 第二家企业 (programme ``second``): started, roster not yet registered — one M1 unit, no prefecture.
- 矿区社区管理委员会 (``community``): the M3 unit of 新华区 (平顶山市).

``web_cases`` is the same campaign in the web app (tests/web), on a clock set to 2017-03-15.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from engine import SettableClock
from engine.directory.organisations import Organisation
from engine.workflow.deadlines import CHINA_TZ
from tests.processes import campaign
from tests.processes import conftest as procedures_conftest
from tests.processes.test_retiree_handover import PARTIES, start_programme
from tests.web import conftest as web

SECOND = "org-ent-second"
COMMUNITY_ORG = {"name": "矿区社区管理委员会", "households": 3300, "setting": "city", "staff": 14}
procedures, drive = procedures_conftest.procedures, procedures_conftest.drive
# the web tests' app, its client, its people (one user per organisation) and their driver
app, client, people, driver = web.app, web.client, web.people, web.driver


def add_organisations(session) -> None:
    rows = [
        Organisation(id=campaign.ENTERPRISE, name="中国平煤神马能源化工集团", kind="enterprise"),
        Organisation(id=SECOND, name="河南第二企业集团", kind="enterprise"),
        Organisation(id=campaign.county_org("410402"), name="新华区人民政府", kind="receiving_government",
                     division_code="410402"),
        Organisation(id="org-office-zhengzhou", name="郑州市领导小组办公室", kind="supervisor",
                     division_code="410100"),
        Organisation(id=campaign.SUPERVISOR, name="河南省领导小组办公室", kind="supervisor",
                     division_code="410000"),
    ]  # fmt: skip
    session.add_all([row for row in rows if session.get(Organisation, row.id) is None])


@pytest.fixture
def cases(drive, tx) -> dict[str, int]:
    return start_campaign(drive, tx)


def start_campaign(drive, tx) -> dict[str, int]:
    """The three cases of the campaign, started (and 平煤神马's roster registered)."""
    with tx() as session:
        add_organisations(session)
    pingmei = start_programme(drive)
    second = drive.start(
        "retiree_handover_programme",
        {**PARTIES, "enterprise": SECOND},
        {"enterprise": campaign.ENTERPRISE_INFO, "milestones": campaign.MILESTONES, "directory": {}},
        title="第二家企业 退休人员移交",
    )
    community = drive.start(
        "community_org_handover",
        {"enterprise": campaign.ENTERPRISE, "receiving_government": campaign.county_org("410402")},
        {
            "enterprise": campaign.ENTERPRISE_INFO,
            "milestones": campaign.MILESTONES,
            "community_org": COMMUNITY_ORG,
        },
        title="矿区社区管理委员会移交",
    )
    return {"pingmei": pingmei, "second": second, "community": community}


@pytest.fixture
def app_clock(app) -> SettableClock:
    """The web app's clock, standing at 2017-03-15 09:00 until a test moves it."""
    clock = SettableClock(datetime(2017, 3, 15, 9, 0, tzinfo=CHINA_TZ))
    app.extensions["yijiao"]["engine"].clock = clock
    return clock


@pytest.fixture
def web_cases(app_clock, driver, tx) -> dict[str, int]:
    """The hand-counted campaign in the web app's database, driven by the seeded officials."""
    return start_campaign(driver, tx)
