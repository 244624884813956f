"""Nobody sees what is not theirs: county2 walks every route and API endpoint with county's
task, case and document ids, and is refused (403/404) every time; nothing changes."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import func, select

from engine.models import AuditEvent

from .conftest import csrf_token, login, post
from .test_pages import sign_item

ID_PARAMETERS = {"item_id", "instance_id", "document_id"}


@pytest.fixture
def county_objects(client, people, programme, driver):
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
    return {"item_id": item.id, "instance_id": programme, "document_id": 1}


def id_routes(app):
    """Every rule that takes one of our object ids, with each of its methods."""
    for rule in app.url_map.iter_rules():
        if rule.arguments & ID_PARAMETERS:
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                yield rule, method


def test_county2_is_refused_on_every_route_with_county_ids(app, client, county_objects):
    with app.app_context():
        before = _audit_count(app)
    login(client, "county2")
    token = csrf_token(client, "/inbox")
    api = client.post("/api/v1/tokens", json={"username": "county2", "password": "demo"}).get_json() or {}
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
    assert _audit_count(app) == before  # nothing was claimed, completed or changed


def _audit_count(app) -> int:
    with app.extensions["yijiao"]["sessions"]() as session:
        return session.scalar(select(func.count()).select_from(AuditEvent))
