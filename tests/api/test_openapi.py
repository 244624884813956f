"""The OpenAPI document: every route of /api/v1 in it and nothing more, and answers that match it."""

from __future__ import annotations

import re

import pytest
from jsonschema import Draft202012Validator

from tests.processes import submissions as form

from .cases import ENTERPRISE, active, claim_and_complete, start_programme

METHODS = {"get", "post", "put", "patch", "delete"}


@pytest.fixture
def document(client) -> dict:
    response = client.get("/api/v1/openapi.json")  # no token needed
    assert response.status_code == 200
    return response.json


def routes(app) -> set[tuple[str, str]]:
    """(OpenAPI path, method) of every /api/v1 rule of the app."""
    found = set()
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/v1/"):
            path = re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.rule.removeprefix("/api/v1"))
            found |= {(path, method.lower()) for method in rule.methods - {"HEAD", "OPTIONS"}}
    return found


def operations(document: dict):
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method in METHODS:
                yield path, method, operation


def test_it_is_openapi_3_1_served_under_api_v1(document):
    assert document["openapi"].startswith("3.1")
    assert document["servers"] == [{"url": "/api/v1"}]


def test_every_route_is_documented_and_nothing_else(app, document):
    assert {(path, method) for path, method, _ in operations(document)} == routes(app)


def test_bearer_tokens_guard_everything_but_tokens_and_this_document(document):
    scheme = document["components"]["securitySchemes"]["bearerAuth"]
    assert (scheme["type"], scheme["scheme"]) == ("http", "bearer")
    assert document["security"] == [{"bearerAuth": []}]
    public = {path for path, _, operation in operations(document) if operation.get("security") == []}
    assert public == {"/tokens", "/openapi.json"}
    for path, method, operation in operations(document):
        if path not in public:
            assert "401" in operation["responses"], (path, method)


def test_every_operation_names_its_parameters_and_errors(document):
    ids = [operation["operationId"] for _, _, operation in operations(document)]
    assert len(ids) == len(set(ids))
    for path, _, operation in operations(document):
        declared = {p["name"] for p in operation.get("parameters", []) if p["in"] == "path"}
        assert declared == set(re.findall(r"{(\w+)}", path)), path
        for status, response in operation["responses"].items():
            if status.startswith("4"):
                assert response["$ref"].startswith("#/components/responses/")


def test_every_reference_resolves(document):
    text = str(document)
    for ref in set(re.findall(r"'\$ref': '#/([^']+)'", text)):
        node = document
        for part in ref.split("/"):
            node = node[part]
        assert node, ref


def test_the_error_schema_is_the_error_shape(document):
    error = document["components"]["schemas"]["Error"]["properties"]["error"]
    assert set(error["required"]) == {"code", "message"}
    assert {"fields", "problems"} <= set(error["properties"])


def conforms(document: dict, schema_name: str, instance) -> list[str]:
    schema = {"$ref": f"#/components/schemas/{schema_name}", "components": document["components"]}
    return [error.message for error in Draft202012Validator(schema).iter_errors(instance)]


def test_answers_match_their_schemas(api, document):
    case = start_programme(api)["id"]
    survey = active(api, case, "survey_retirees")
    assert conforms(document, "TaskDetail", api.ok("get", f"/tasks/{survey['id']}", ENTERPRISE)) == []
    assert conforms(document, "CompletedTask", claim_and_complete(api, survey, form.survey(3))) == []
    assert conforms(document, "InstanceDetail", api.ok("get", f"/instances/{case}", ENTERPRISE)) == []
    assert (
        conforms(document, "TaskPage", api.ok("get", "/tasks", ENTERPRISE, query_string={"scope": "done"}))
        == []
    )
    for process in api.ok("get", "/processes", ENTERPRISE)["processes"]:
        assert conforms(document, "Process", process) == []
    assert conforms(document, "Error", api.get("/tasks/999999", ENTERPRISE).json) == []
