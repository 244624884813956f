"""Nobody sees what is not theirs: county2, and the official of another enterprise, walk every
route and API endpoint with county's task, case and document ids and the enterprise's roster
import id, and are refused (403/404) every time; nothing changes."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import func, select

from engine.directory.audit import AuditEvent
from engine.registry.retirees import RosterImport
from engine.registry.rosters import start_import
from tests.processes import campaign
from tests.rosters.conftest import (
    TODAY,
    csv_file,
    other_enterprise,  # noqa: F401  (a fixture used here)
    person,
)

from .conftest import csrf_token, login, post
from .test_pages import sign_item

ID_PARAMETERS = {"item_id", "instance_id", "document_id", "import_id"}
#: another enterprise's official, added by ``other_enterprise``
WALKERS = ("county2", "enterprise2")


@pytest.fixture
def county_objects(app, client, people, programme, driver):
    """county's task (claimed by county), its case, and a document uploaded on it."""
    item = sign_item(driver, programme)
    login(client, "county")
    post(client, f"/tasks/{item.id}/claim", token_from=f"/tasks/{item.id}")
    client.post(
        f"/tasks/{item.id}/documents",
        content_type="multipart/form-data",
        data={
            "csrf_token": csrf_token(client, f"/tasks/{item.id}"),
            "file": (io.BytesIO(b"%PDF-1.4 county only"), "具体协议.pdf", "application/pdf"),
        },
    )
    post(client, "/logout")
    return {"item_id": item.id, "instance_id": programme, "document_id": 1, "import_id": _import(app)}


def _import(app) -> int:
    """A roster import of the programme's enterprise, left pending."""
    with app.extensions["yijiao"]["sessions"]() as session, session.begin():
        content = csv_file([person(1)])
        return start_import(session, campaign.ENTERPRISE, "登记表.csv", content, "enterprise", TODAY).id


def id_routes(app):
    """Every rule that takes one of our object ids, with each of its methods."""
    for rule in app.url_map.iter_rules():
        if rule.arguments & ID_PARAMETERS:
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                yield rule, method


def test_the_ids_are_ones_their_owners_reach(client, county_objects):
    login(client, "enterprise")
    for path in ("/rosters/{import_id}", "/rosters/{import_id}/progress"):
        assert client.get(path.format(**county_objects)).status_code == 200


@pytest.mark.usefixtures("other_enterprise")
@pytest.mark.parametrize("walker", WALKERS)
def test_others_are_refused_on_every_route_with_county_ids(app, client, county_objects, walker):
    with app.app_context():
        before = _audit_count(app)
    login(client, walker)
    token = csrf_token(client, "/inbox")
    api = client.post("/api/v1/tokens", json={"username": walker, "password": "demo"}).get_json() or {}
    headers = {"Authorization": f"Bearer {api.get('token', '')}"}
    walked = []
    for rule, method in id_routes(app):
        values = {name: county_objects[name] for name in rule.arguments & ID_PARAMETERS}
        values.update({name: "renovation_finished" for name in rule.arguments - ID_PARAMETERS})
        path = rule.build(values, append_unknown=False)[1]
        if path.startswith("/api/"):
            response = client.open(path, method=method, headers=headers, json={"data": {}, "payload": {}})
        else:
            response = client.open(path, method=method, data={"csrf_token": token})
        walked.append(path)
        assert response.status_code in (403, 404), f"{method} {path} answered {response.status_code}"
    assert len(walked) >= 10
    assert {"/rosters/{import_id}/progress".format(**county_objects)} <= set(walked)
    assert _audit_count(app) == before  # nothing was claimed, completed or changed
    assert _import_state(app, county_objects["import_id"]) == ("pending", 0)


def _import_state(app, import_id: int) -> tuple[str, int]:
    with app.extensions["yijiao"]["sessions"]() as session:
        roster_import = session.get(RosterImport, import_id)
        return roster_import.state, roster_import.rows_done


def _audit_count(app) -> int:
    with app.extensions["yijiao"]["sessions"]() as session:
        return session.scalar(select(func.count()).select_from(AuditEvent))
