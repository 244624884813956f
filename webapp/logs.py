"""No personal data in the logs: a resident ID number in a logged line (``/retirees?q=410105…``
in an access log, a message quoting one) is masked as the registry masks it."""

from __future__ import annotations

import json
import logging
import re
import time
import uuid
from datetime import UTC, datetime

from flask import g, has_request_context, request
from flask_login import current_user

from engine.registry.access import mask_all

#: the loggers that write requests' lines: Werkzeug's (the development server) and gunicorn's
ACCESS_LOGGERS = ("werkzeug", "gunicorn.access", "gunicorn.error", "yijiao")


class MaskIdNumbers(logging.Filter):
    """Rewrites a record's message with every ID number masked (the record is then logged)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_all(message)
        if masked != message:
            record.msg, record.args = masked, None
        return True


def mask_id_numbers_in_logs() -> None:
    """Put the filter on the access loggers and on the root logger's handlers (once)."""
    for name in ACCESS_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, MaskIdNumbers) for f in logger.filters):
            logger.addFilter(MaskIdNumbers())


# -- structured request logs ---------------------------------------------------------------------

#: one JSON line per request: id, method, path (never the query string: it may hold personal
#: data), status, milliseconds, user and organisation
REQUESTS = "yijiao.requests"
_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")


class JsonFormatter(logging.Formatter):
    """A record as one JSON object: time, level, logger, message and the record's ``fields``."""

    def format(self, record: logging.LogRecord) -> str:
        payload = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            **getattr(record, "fields", {}),
        }
        if record.exc_info:  # a traceback may quote data (an SQL statement's parameters)
            payload["exception"] = mask_all(self.formatException(record.exc_info))
        return json.dumps(payload, ensure_ascii=False, default=str)


#: the application's own loggers, written as JSON lines (``yijiao.requests`` has its own handler)
APP_LOGGERS = ("yijiao", "engine", "webapp")


class RequestFields(logging.Filter):
    """Puts the request's id, user and organisation on a record logged while a request runs."""

    def filter(self, record: logging.LogRecord) -> bool:
        if has_request_context() and not hasattr(record, "fields"):
            record.fields = _who() | {"request_id": getattr(g, "request_id", None)}
        return True


def log_as_json() -> None:
    """Every line the application logs (workers, imports, errors with their traceback) as one
    JSON object on stderr, ID numbers masked, with the request's id, user and organisation."""
    for name in APP_LOGGERS:
        logger = logging.getLogger(name)
        if any(isinstance(h.formatter, JsonFormatter) for h in logger.handlers):
            continue
        handler = logging.StreamHandler()
        handler.setFormatter(JsonFormatter())
        handler.addFilter(RequestFields())
        handler.addFilter(MaskIdNumbers())
        logger.addHandler(handler)
        if logger.level == logging.NOTSET:
            logger.setLevel(logging.INFO)
        logger.propagate = False


def _who() -> dict[str, str | None]:
    user = getattr(g, "api_caller", None) or (current_user if current_user.is_authenticated else None)
    return {"user": getattr(user, "username", None), "organisation": getattr(user, "organisation_id", None)}


def log_requests(app) -> None:
    """Give every request an id (a caller's sane ``X-Request-ID``, else a new one), answer it in
    the same header, and log the request as one JSON line when it ends."""
    logger = logging.getLogger(REQUESTS)
    if not logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(JsonFormatter())
        logger.addHandler(handler)
        logger.addFilter(MaskIdNumbers())
        logger.setLevel(logging.INFO)
        logger.propagate = False

    @app.before_request
    def start():
        given = request.headers.get("X-Request-ID", "")
        g.request_id = given if _REQUEST_ID.fullmatch(given) else uuid.uuid4().hex
        g.request_started = time.perf_counter()

    @app.after_request
    def finish(response):
        request_id = getattr(g, "request_id", None) or uuid.uuid4().hex
        response.headers["X-Request-ID"] = request_id
        fields = {
            "request_id": request_id,
            "method": request.method,
            "path": request.path,
            "status": response.status_code,
            "ms": round((time.perf_counter() - getattr(g, "request_started", time.perf_counter())) * 1000, 1),
            **_who(),
        }
        logger.info("request", extra={"fields": fields})
        return response
