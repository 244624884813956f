"""Refusals the API makes itself (no token, a malformed request), in the error shape the engine's
errors get from ``webapp/errors.py``: ``{"error": {"code", "message", …}}``."""

from __future__ import annotations

from typing import Any

from flask import jsonify
from werkzeug.exceptions import HTTPException

from .blueprint import bp

#: what a client reads for HTTP errors raised inside the API's views (400 bad JSON, …)
HTTP_CODES = {400: "bad_request", 401: "unauthorized", 415: "unsupported_media_type"}


class ApiError(Exception):
    """A refusal with its status, code and Chinese message; ``extra`` joins the error object."""

    def __init__(
        self, status: int, code: str, message: str, headers: dict[str, str] | None = None, **extra: Any
    ):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message
        self.headers = headers or {}
        self.extra = extra

    def body(self) -> dict[str, Any]:
        return {"error": {"code": self.code, "message": self.message, **self.extra}}


def invalid(message: str, fields: dict[str, list[str]]) -> ApiError:
    """422 naming the fields (request keys, query parameters) that are wrong."""
    return ApiError(422, "invalid_data", message, fields=fields)


@bp.errorhandler(ApiError)
def _refused(error: ApiError):
    return jsonify(error.body()), error.status, error.headers


@bp.errorhandler(HTTPException)
def _http_error(error: HTTPException):
    # 403/404/405/413 have handlers of their own in webapp/errors.py; this takes the rest.
    status = error.code or 500
    code = HTTP_CODES.get(status, (error.name or "error").lower().replace(" ", "_"))
    return jsonify({"error": {"code": code, "message": error.description or error.name}}), status
