"""The registry's API answers are what the OpenAPI document says they are."""

from __future__ import annotations

from jsonschema import Draft202012Validator

from .walk import JINSHUI, receive_in_one_community


def conforms(document: dict, schema_name: str, answer) -> list[str]:
    schema = {"$ref": f"#/components/schemas/{schema_name}", "components": document["components"]}
    return [error.message for error in Draft202012Validator(schema).iter_errors(answer)]


def test_answers_match_the_openapi_document(api, client, driver, programme, registered):
    receive_in_one_community(driver, programme, JINSHUI, 4)
    document = client.get("/api/v1/openapi.json").get_json()
    assert {"/retirees", "/retirees/{retiree_id}"} <= set(document["paths"])
    assert conforms(document, "RetireePage", api.retirees("county")) == []
    detail = api.get(f"/retirees/{registered['王建国']}", "county").get_json()
    assert detail["history"]["steps"] and conforms(document, "RetireeDetail", detail) == []
    unseen = api.get(f"/retirees/{registered['陈静']}", "enterprise").get_json()
    assert unseen["history"] is not None and conforms(document, "RetireeDetail", unseen) == []
    assert conforms(document, "Error", api.get("/retirees/999999", "county").get_json()) == []
