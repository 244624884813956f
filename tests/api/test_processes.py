"""Deployed procedures: listed with what the caller's organisation may start; deployed by designers."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import pytest

from tests.processes import campaign

from .conftest import PROCESSES, official

BAD = Path(__file__).parents[1] / "fixtures" / "bad"


def processes(api, username: str) -> dict[str, dict]:
    return {p["key"]: p for p in api.ok("get", "/processes", username)["processes"]}


def upload(api, username: str, name: str, content: bytes):
    return api.post(
        "/processes", username, data={"file": (BytesIO(content), name)}, content_type="multipart/form-data"
    )


def renamed_archive_lookup() -> bytes:
    text = (PROCESSES / "archive_lookup.bpmn").read_text(encoding="utf-8")
    return text.replace('name="档案查阅（复制）申请"', 'name="档案查阅（复制）申请（新版）"', 1).encode(
        "utf-8"
    )


def test_every_deployed_process_is_listed_with_its_version_and_lanes(api):
    listed = processes(api, official(campaign.ENTERPRISE))
    deployed = {path.stem for path in PROCESSES.glob("*.bpmn")}
    assert deployed <= set(listed)
    programme = listed["retiree_handover_programme"]
    assert programme["version"] == 1
    assert {"enterprise", "prefecture_government"} <= set(programme["lanes"])
    assert programme["name"]


@pytest.mark.parametrize(
    "organisation, startable",
    [
        (campaign.ENTERPRISE, {"retiree_handover_programme", "community_org_handover", "new_retiree"}),
        (campaign.county_org("410105"), {"festival_visits"}),
        (
            "org-community-410105",
            {"archive_lookup", "death_report", "community_transfer", "county_transfer"},
        ),
    ],
)
def test_startable_follows_the_callers_organisation_kind(api, organisation, startable):
    listed = processes(api, official(organisation))
    assert {key for key, p in listed.items() if p["startable"]} == startable


def test_a_designer_deploys_a_new_version(api):
    response = upload(api, "designer", "archive_lookup.bpmn", renamed_archive_lookup())
    assert response.status_code == 201, response.json
    deployments = {d["key"]: d for d in response.json["deployments"]}
    assert deployments["archive_lookup"] == {"key": "archive_lookup", "version": 2, "changed": True}
    assert deployments["retiree_handover_programme"]["changed"] is False
    assert processes(api, "designer")["archive_lookup"]["version"] == 2


def test_an_unchanged_file_keeps_its_version(api):
    content = (PROCESSES / "archive_lookup.bpmn").read_bytes()
    response = upload(api, "admin", "archive_lookup.bpmn", content)
    assert response.status_code == 201
    assert {"key": "archive_lookup", "version": 1, "changed": False} in response.json["deployments"]


def test_a_bad_file_is_refused_naming_file_element_and_line(api):
    content = (BAD / "unknown-lane.bpmn").read_bytes()
    response = upload(api, "designer", "unknown-lane.bpmn", content)
    assert response.status_code == 422
    error = response.json["error"]
    assert error["code"] == "invalid_definition"
    [problem] = error["problems"]
    line = next(n for n, text in enumerate(content.decode().splitlines(), 1) if 'name="foo"' in text)
    assert (problem["file"], problem["element"], problem["line"]) == ("unknown-lane.bpmn", "lane_foo", line)
    assert "foo" in problem["message"]


def test_a_bad_file_deploys_nothing(api):
    upload(api, "designer", "unknown-lane.bpmn", (BAD / "unknown-lane.bpmn").read_bytes())
    assert all(p["version"] == 1 for p in processes(api, "designer").values())


def test_only_bpmn_and_dmn_files_are_deployed(api):
    response = upload(api, "designer", "notes.txt", b"hello")
    assert response.status_code == 422
    assert response.json["error"]["problems"][0]["file"] == "notes.txt"


def test_a_deploy_without_a_file_names_the_missing_field(api):
    response = api.post("/processes", "designer", data={}, content_type="multipart/form-data")
    assert response.status_code == 422
    assert set(response.json["error"]["fields"]) == {"file"}


@pytest.mark.parametrize("username", [official(campaign.ENTERPRISE), "supervisor"])
def test_only_designers_and_administrators_deploy(api, username):
    response = upload(api, username, "archive_lookup.bpmn", renamed_archive_lookup())
    assert response.status_code == 403
    assert response.json["error"]["code"] == "forbidden"
    assert processes(api, username)["archive_lookup"]["version"] == 1
