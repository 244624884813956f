"""Fixtures for the JSON API: the app on the test database and clock, the real procedures
deployed, one official per organisation, and a client that calls as any of them."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient

from engine.directory.organisations import Organisation, User
from tests.passwords import password_hash
from tests.processes import campaign
from webapp import create_app

PROCESSES = Path(__file__).parents[2] / "processes"
PASSWORD = "demo"
ADMIN_ORG = "org-admin"
OUTSIDER = "org-gov-410102"  # a county with no part in the cases these tests start

#: organisation id → (kind, division code)
ORGANISATIONS: dict[str, tuple[str, str | None]] = {
    campaign.ENTERPRISE: ("enterprise", "410402"),
    campaign.SUPERVISOR: ("supervisor", "410000"),
    campaign.FINANCE: ("finance_bureau", "410000"),
    ADMIN_ORG: ("system", None),
    **{campaign.prefecture_org(code): ("prefecture_government", code) for code in campaign.PREFECTURES},
    **{campaign.county_org(code): ("receiving_government", code) for code in campaign.COUNTIES},
    **{campaign.archive_org(code): ("archive_department", code) for code in campaign.COUNTIES},
    **{campaign.party_org(code): ("organisation_department", code) for code in campaign.COUNTIES},
    **{f"org-community-{code}": ("community", code) for code in campaign.COUNTIES},
}

#: people besides the one official of each organisation: username → (organisation, roles)
PEOPLE = {
    "designer": (campaign.SUPERVISOR, ["designer"]),
    "supervisor": (campaign.SUPERVISOR, ["supervisor", "official"]),
    "admin": (ADMIN_ORG, ["admin"]),
    "colleague@" + campaign.ENTERPRISE: (campaign.ENTERPRISE, ["official"]),
    "viewer@" + campaign.ENTERPRISE: (campaign.ENTERPRISE, ["viewer"]),
}


def official(organisation: str) -> str:
    """The username of an organisation's official (as ``campaign.Officials`` names them)."""
    return f"user@{organisation}"


@pytest.fixture
def app(db_engine, clock, tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": db_engine.url.render_as_string(hide_password=False),
            "PROCESSES_DIR": str(PROCESSES),
        }
    )
    yijiao = app.extensions["yijiao"]
    yijiao["engine"].clock = clock
    with yijiao["sessions"]() as session, session.begin():
        _seed_directory(session)
        yijiao["engine"].deploy_directory(session, PROCESSES)
    yield app
    yijiao["db_engine"].dispose()


def _seed_directory(session) -> None:
    for organisation_id, (kind, code) in ORGANISATIONS.items():
        session.add(Organisation(id=organisation_id, name=organisation_id, kind=kind, division_code=code))
    session.flush()
    password = password_hash(PASSWORD)
    people = {official(o): (o, ["official"]) for o in ORGANISATIONS if o != ADMIN_ORG} | PEOPLE
    for username, (organisation_id, roles) in people.items():
        session.add(
            User(
                username=username,
                name=username,
                organisation_id=organisation_id,
                roles=roles,
                password_hash=password,
            )
        )


@dataclass
class Api:
    """Calls ``/api/v1`` as a named user, getting (and keeping) their token on first use."""

    client: FlaskClient
    tokens: dict[str, str] = field(default_factory=dict)

    def token(self, username: str) -> str:
        if username not in self.tokens:
            response = self.client.post("/api/v1/tokens", json={"username": username, "password": PASSWORD})
            assert response.status_code == 201, response.json
            self.tokens[username] = response.json["token"]
        return self.tokens[username]

    def headers(self, username: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token(username)}"}

    def get(self, path: str, as_: str, **kwargs: Any):
        return self.client.get(f"/api/v1{path}", headers=self.headers(as_), **kwargs)

    def post(self, path: str, as_: str, **kwargs: Any):
        return self.client.post(f"/api/v1{path}", headers=self.headers(as_), **kwargs)

    def put(self, path: str, as_: str, **kwargs: Any):
        return self.client.put(f"/api/v1{path}", headers=self.headers(as_), **kwargs)

    def delete(self, path: str, as_: str, **kwargs: Any):
        return self.client.delete(f"/api/v1{path}", headers=self.headers(as_), **kwargs)

    def ok(self, method: str, path: str, as_: str, status: int = 200, **kwargs: Any) -> Any:
        """The JSON of a call that must answer ``status``."""
        response = getattr(self, method)(path, as_, **kwargs)
        assert response.status_code == status, response.get_json()
        return response.json


@pytest.fixture
def client(app) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def api(client) -> Api:
    return Api(client)
