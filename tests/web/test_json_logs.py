"""Every line the application logs is one JSON object with the request's id, user and organisation,
and no ID number — not even in a traceback (issue 13, production footing)."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Callable
from datetime import date

import pytest
from flask_login import login_required

from engine.policy.resident_id import make
from webapp.logs import APP_LOGGERS, JsonFormatter

from .conftest import login

NUMBER = make("410105", date(1950, 1, 2), 3)


@pytest.fixture
def written() -> Callable[[], list[dict]]:
    """The lines the application's loggers have written since, parsed."""
    handlers = [
        handler
        for name in APP_LOGGERS
        for handler in logging.getLogger(name).handlers
        if isinstance(handler.formatter, JsonFormatter)
    ]
    previous = [handler.setStream(io.StringIO()) for handler in handlers]
    yield lambda: [json.loads(line) for h in handlers for line in h.stream.getvalue().splitlines()]
    for handler, stream in zip(handlers, previous, strict=True):
        handler.setStream(stream)


def test_lines_logged_in_and_out_of_requests(app, client, people, written):
    @app.get("/probe/failing")
    @login_required
    def failing():
        logging.getLogger("yijiao.rosters").warning("row of %s refused", NUMBER)
        raise RuntimeError(f"constraint failed for {NUMBER}")

    app.config["PROPAGATE_EXCEPTIONS"] = False  # answered 500 and logged, as in production
    login(client, "county")
    assert client.get("/probe/failing", headers={"X-Request-ID": "probe-7"}).status_code == 500
    logging.getLogger("engine.workflow").warning("no request here")
    lines = written()
    assert NUMBER not in json.dumps(lines, ensure_ascii=False)

    warning = next(line for line in lines if line["logger"] == "yijiao.rosters")
    who = (warning["request_id"], warning["user"], warning["organisation"])
    assert who == ("probe-7", "county", "org-gov-410105")
    assert warning["message"] == f"row of {NUMBER[:3]}{'*' * 11}{NUMBER[-4:]} refused"

    error = next(line for line in lines if line["level"] == "ERROR")
    assert error["request_id"] == "probe-7"
    assert "RuntimeError: constraint failed for 410" in error["exception"]

    outside = next(line for line in lines if line["message"] == "no request here")
    assert "request_id" not in outside and outside["logger"] == "engine.workflow"
