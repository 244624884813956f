"""Fixtures for the Flask app: an app on the test database, its client and CLI runner."""

from __future__ import annotations

import pytest

from webapp import create_app


@pytest.fixture
def app(db_engine, tmp_path):
    return create_app(
        {
            "TESTING": True,
            "DATABASE_URL": db_engine.url.render_as_string(hide_password=False),
            "PROCESSES_DIR": str(tmp_path / "processes"),
            "CLOCK_START": "2017-04-02T09:00:00+08:00",
        }
    )


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


# -- people and logging in ---------------------------------------------------------------------
import re  # noqa: E402
from pathlib import Path  # noqa: E402

from engine.directory.organisations import Organisation, User  # noqa: E402
from tests.passwords import password_hash  # noqa: E402
from tests.processes import campaign  # noqa: E402

PROCESSES = Path(__file__).resolve().parents[2] / "processes"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')

#: username → (organisation id, organisation name, kind, division code, roles)
PEOPLE = {
    "enterprise": (
        campaign.ENTERPRISE,
        "中国平煤神马能源化工集团",
        "enterprise",
        "410402",
        ["official", "leader"],
    ),
    "supervisor": (campaign.SUPERVISOR, "领导小组办公室", "supervisor", "410000", ["official", "supervisor"]),
    "zhengzhou": ("org-gov-410100", "郑州市人民政府", "prefecture_government", "410100", ["official"]),
    "pingdingshan": ("org-gov-410400", "平顶山市人民政府", "prefecture_government", "410400", ["official"]),
    "county": ("org-gov-410105", "郑州市金水区人民政府", "receiving_government", "410105", ["official"]),
    "county2": ("org-gov-410102", "郑州市中原区人民政府", "receiving_government", "410102", ["official"]),
    "county3": ("org-gov-410402", "平顶山市新华区人民政府", "receiving_government", "410402", ["official"]),
    "archive": ("org-archive-410105", "金水区档案馆", "archive_department", "410105", ["official"]),
    "party": ("org-party-410105", "金水区委组织部", "organisation_department", "410105", ["official"]),
    "finance": (campaign.FINANCE, "河南省财政厅", "finance_bureau", "410000", ["official"]),
    "community": ("org-community-410105", "花园路社区", "community", "410105", ["official"]),
    "viewer": (campaign.ENTERPRISE, "平煤神马集团", "enterprise", "410402", ["viewer"]),
    "admin": ("org-admin", "系统管理", "supervisor", None, ["admin"]),
}


@pytest.fixture
def people(app):
    """Organisations and one user per organisation (password ``demo``), processes deployed."""
    yijiao = app.extensions["yijiao"]
    with yijiao["sessions"]() as session, session.begin():
        for username, (org, name, kind, code, roles) in PEOPLE.items():
            if session.get(Organisation, org) is None:
                session.add(Organisation(id=org, name=name, kind=kind, division_code=code, active=True))
                session.flush()
            session.add(
                User(
                    username=username,
                    name=f"{name}经办人",
                    organisation_id=org,
                    roles=roles,
                    password_hash=password_hash("demo"),
                    active=True,
                    failed_logins=0,
                )
            )
        yijiao["engine"].deploy_directory(session, PROCESSES)
    return PEOPLE


def csrf_token(client, path: str = "/login") -> str:
    match = CSRF.search(client.get(path).get_data(as_text=True))
    assert match, f"no CSRF token on {path}"
    return match.group(1)


def login(client, username: str, password: str = "demo"):
    return client.post(
        "/login", data={"username": username, "password": password, "csrf_token": csrf_token(client)}
    )


def post(client, path: str, data: dict | None = None, token_from: str = "/inbox", **kwargs):
    """A form post as a browser makes it: with the CSRF token of a page the user has open."""
    return client.post(path, data={**(data or {}), "csrf_token": csrf_token(client, token_from)}, **kwargs)


# -- a programme at the county stage, driven as the seeded officials ----------------------------
import contextlib  # noqa: E402

from engine import Actor  # noqa: E402
from tests.processes import submissions as form  # noqa: E402
from tests.processes.driver import Driver  # noqa: E402
from tests.processes.test_retiree_handover import sign_framework_agreements, start_programme  # noqa: E402


@pytest.fixture
def driver(app, people) -> Driver:
    yijiao = app.extensions["yijiao"]

    @contextlib.contextmanager
    def tx():
        with yijiao["sessions"]() as session, session.begin():
            yield session

    officials = campaign.Officials()  # act as the seeded users, so pages show their names
    for username, (org, _name, _kind, _code, roles) in people.items():
        if "official" in roles:
            officials.made.setdefault(org, Actor(username, org, frozenset(roles)))
    return Driver(yijiao["engine"], tx, officials)


@pytest.fixture
def programme(driver) -> int:
    """The programme at the county stage; 金水区's specific agreement waits for `county` to sign."""
    case = start_programme(driver)
    sign_framework_agreements(driver, case)
    driver.complete_item(
        driver.by_county(case, "draft_specific_agreement")["410105"], form.specific_draft(4, 1)
    )
    return case


# -- an administrators' office, for the administration pages ---------------------------------
ADMIN_PASSWORD = "secret-pass"


@pytest.fixture
def sessions(app):
    return app.extensions["yijiao"]["sessions"]


def add_designer(session, organisation_id: str, name: str = "周杰") -> str:
    """A process designer (password ``demo``) of ``organisation_id``; their username."""
    session.add(
        User(
            username="designer",
            name=name,
            organisation_id=organisation_id,
            roles=["designer"],
            password_hash=password_hash("demo"),
            active=True,
            failed_logins=0,
        )
    )
    return "designer"


@pytest.fixture
def designer(people, sessions) -> str:
    """周杰, a process designer of the supervisors' office (as in the demo), processes deployed."""
    office, *_ = people["supervisor"]
    with sessions() as session, session.begin():
        return add_designer(session, office)


@pytest.fixture
def directory(sessions):
    """An administrators' office, a county government and a prefecture; an admin and an official."""
    with sessions() as session, session.begin():
        session.add_all(
            [
                Organisation(id="org-admin", name="系统管理", kind="supervisor", active=True),
                Organisation(
                    id="org-gov-410100",
                    name="郑州市人民政府",
                    kind="prefecture_government",
                    division_code="410100",
                    active=True,
                ),
                Organisation(
                    id="org-gov-410105",
                    name="郑州市金水区人民政府",
                    kind="receiving_government",
                    division_code="410105",
                    active=True,
                ),
            ]
        )
        session.flush()
        for username, org, roles in (
            ("admin", "org-admin", ["admin"]),
            ("li.na", "org-gov-410105", ["official"]),
        ):
            session.add(
                User(
                    username=username,
                    name="管理员" if username == "admin" else "李娜",
                    organisation_id=org,
                    roles=roles,
                    password_hash=password_hash(ADMIN_PASSWORD),
                    active=True,
                    failed_logins=0,
                )
            )


@pytest.fixture
def as_admin(client, directory):
    assert login(client, "admin", ADMIN_PASSWORD).status_code == 302
    return client
