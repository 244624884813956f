"""The API fuzzed from its own OpenAPI document (issue 13): schemathesis makes requests for every
operation — valid and invalid paths, queries and bodies — as an official of each kind of
organisation, a read-only viewer, the supervisor, a designer and the administrator, against a
database holding a programme in progress. No answer is a 500; every answer has a status the
document lists for it, its content type, and a body matching its schema. Bounded: a few
examples an operation and a caller."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.processes import campaign
from webapp.api.openapi import DOCUMENT

from .cases import ENTERPRISE, start_programme
from .conftest import official

CALLERS = {
    "enterprise": ENTERPRISE,
    "viewer": "viewer@" + campaign.ENTERPRISE,
    "county": official(campaign.county_org("410402")),
    "prefecture": official(campaign.prefecture_org("410400")),
    "supervisor": "supervisor",
    "designer": "designer",
    "admin": "admin",
}
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture
def in_progress(app, api) -> None:
    """A programme started and its first task claimed: ids 1, 2, … exist."""
    case = start_programme(api)
    task = next(t for t in api.ok("get", f"/instances/{case['id']}", ENTERPRISE)["active_tasks"])
    api.ok("post", f"/tasks/{task['id']}/claim", ENTERPRISE)


#: the document ``GET /api/v1/openapi.json`` serves (no app is needed to read it)
schema = schemathesis.openapi.from_dict(DOCUMENT)


@schema.parametrize()
@settings(
    max_examples=3, deadline=None, suppress_health_check=list(HealthCheck), database=None, derandomize=True
)
def test_no_operation_answers_500_or_off_its_schema(case, app, api, in_progress, db_engine):
    # PostgreSQL's own errors (NUL bytes, integer range) show to any caller: two are enough there
    callers = CALLERS if db_engine.dialect.name == "sqlite" else ("enterprise", "county")
    for caller in callers:
        case.call_and_validate(app=app, headers=api.headers(CALLERS[caller]), checks=CHECKS)
