"""Bearer tokens: issued for a name and password (with the pages' lock-out), checked on every
call but the token and OpenAPI ones."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from functools import wraps
from typing import Any

from flask import current_app, g, jsonify, request
from sqlalchemy.orm import Session

from engine.database import read_only

from ..auth import accounts
from ..context import db_session
from . import serialise
from .blueprint import bp
from .params import json_object
from .refusals import ApiError

BEARER = "bearer "


def _unauthorised(message: str) -> ApiError:
    return ApiError(401, "unauthorized", message, {"WWW-Authenticate": 'Bearer realm="yijiao"'})


def token_required(view: Callable[..., Any]) -> Callable[..., Any]:
    """Run ``view`` for the holder of a valid bearer token (``caller()``), else answer 401."""

    @wraps(view)
    def checked(*args: Any, **kwargs: Any) -> Any:
        header = request.headers.get("Authorization", "")
        if not header.lower().startswith(BEARER) or not header[len(BEARER) :].strip():
            raise _unauthorised("请在 Authorization 请求头中提供访问令牌：Bearer <token>。")
        session = db_session()
        with session.begin():
            read_only(session)  # a token check never takes SQLite's write lock (16 clients: 500s)
            user = accounts.user_for_token(session, header[len(BEARER) :].strip(), accounts.security_now())
        if user is None:
            raise _unauthorised("访问令牌无效或已过期，请重新获取。")
        g.api_caller = user
        return view(*args, **kwargs)

    return checked


def caller() -> accounts.SignedIn:
    """The person the request's token belongs to."""
    return g.api_caller


@bp.post("/tokens")
def issue_token():
    body = json_object()
    username, password = _text(body.get("username")).strip(), _text(body.get("password"))
    session = db_session()
    now = accounts.security_now()
    lifetime = timedelta(hours=current_app.config["API_TOKEN_HOURS"])
    with session.begin():  # commits the failure count of a refused attempt too
        try:
            user = _authenticate(session, username, password, now)
        except accounts.LoginRefused as refused:
            error = _unauthorised(refused.message)  # one answer: no account's state is told
        else:
            error, token = None, accounts.issue_token(session, user.id, now, lifetime)
    if error is not None:
        raise error
    return jsonify(
        {"token": token, "expires_at": serialise.iso(now + lifetime), "user": serialise.user(user)}
    ), 201


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _authenticate(session: Session, username: str, password: str, now: datetime) -> accounts.SignedIn:
    policy = accounts.LoginPolicy.from_config(current_app.config)
    return accounts.authenticate(session, username, password, now, policy)
