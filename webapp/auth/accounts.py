"""Accounts: passwords, lock-out after repeated failures, API tokens (no Flask request here)."""

from __future__ import annotations

import functools
import hashlib
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from flask_login import UserMixin
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from engine import Actor
from engine.directory.organisations import Organisation, User
from engine.directory.tokens import ApiToken


@dataclass
class SignedIn(UserMixin):
    """The logged-in person as the pages need them (detached from any database session)."""

    id: int
    username: str
    name: str
    organisation_id: str
    organisation_name: str
    organisation_kind: str
    roles: frozenset[str]
    #: the user's session epoch when this login was made (see ``revoke``)
    epoch: int = 0

    def get_id(self) -> str:
        """What the session cookie keeps: the user and the epoch of the login."""
        return f"{self.id}.{self.epoch}"

    @property
    def actor(self) -> Actor:
        return Actor(self.username, self.organisation_id, self.roles)

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles & set(roles))


class LoginRefused(Exception):
    """Wrong name or password (one message for both), inactive, or locked out."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


#: Werkzeug's method for new password hashes. scrypt (~130 ms a hash here) in production; tests set
#: ``PASSWORD_HASH_METHOD`` to a cheap one. A stored hash names its own method, so checks follow it.
DEFAULT_HASH_METHOD = "scrypt"


def hash_password(password: str, method: str = DEFAULT_HASH_METHOD) -> str:
    return generate_password_hash(password, method=method)


@dataclass(frozen=True)
class LoginPolicy:
    """How logins are checked: failures before a lock-out, its length, the hash of new passwords."""

    attempts: int
    lockout: timedelta
    hash_method: str = DEFAULT_HASH_METHOD

    @property
    def refusal(self) -> str:
        """The one answer to every failed login (it names no account's state)."""
        minutes = int(self.lockout.total_seconds() // 60)
        return f"用户名或密码错误（连续输错 {self.attempts} 次将锁定 {minutes} 分钟；停用的账户不能登录）"

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> LoginPolicy:
        return cls(
            config["LOGIN_ATTEMPTS"],
            timedelta(minutes=config["LOCKOUT_MINUTES"]),
            config.get("PASSWORD_HASH_METHOD") or DEFAULT_HASH_METHOD,
        )


def signed_in(session: Session, user: User) -> SignedIn:
    organisation = session.get(Organisation, user.organisation_id)
    return SignedIn(
        user.id,
        user.username,
        user.name,
        user.organisation_id,
        organisation.name if organisation else user.organisation_id,
        organisation.kind if organisation else "",
        frozenset(user.roles),
        user.session_epoch or 0,
    )


def load(session: Session, user_id: int, epoch: int | None = None) -> SignedIn | None:
    """The active user of a session (or a token: ``epoch`` None); None when the session was
    revoked since (logout, password reset, deactivation)."""
    user = session.get(User, user_id)
    if user is None or not user.active:
        return None
    if epoch is not None and epoch != (user.session_epoch or 0):
        return None
    return signed_in(session, user)


def revoke(session: Session, user: User) -> None:
    """End every session and API token of ``user``: a logout, a password reset or a deactivation
    must not leave an old cookie or token working."""
    user.session_epoch = (user.session_epoch or 0) + 1
    session.execute(delete(ApiToken).where(ApiToken.user_id == user.id))


def security_now() -> datetime:
    """The machine's time (the app's ``security_clock``): token expiry and lock-out never follow
    the settable demo clock — moved back, it would revive an expired token; frozen, it would
    never expire one."""
    return current_app.extensions["yijiao"]["security_clock"].now()


def authenticate(
    session: Session, username: str, password: str, now: datetime, policy: LoginPolicy
) -> SignedIn:
    """The user if the password is right and the account usable; failures count towards a
    temporary lock-out. Every refusal reads the same and costs one password check, so neither
    the message nor the time tells whether a username exists, is locked or is deactivated."""
    user = session.scalars(select(User).where(func.lower(User.username) == username.lower())).one_or_none()
    if user is None:
        check_password_hash(_dummy_hash(policy.hash_method), password)
        raise LoginRefused(policy.refusal)
    right = check_password_hash(user.password_hash, password)
    if not user.active or (user.locked_until is not None and user.locked_until > now):
        raise LoginRefused(policy.refusal)
    if not right:
        user.failed_logins += 1
        if user.failed_logins >= policy.attempts:
            user.failed_logins, user.locked_until = 0, now + policy.lockout
        raise LoginRefused(policy.refusal)
    user.failed_logins, user.locked_until = 0, None
    return signed_in(session, user)


@functools.cache
def _dummy_hash(method: str) -> str:
    """A hash to check an unknown username's password against (made once per method)."""
    return hash_password(secrets.token_hex(16), method)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(session: Session, user_id: int, now: datetime, lifetime: timedelta) -> str:
    """A new bearer token (only its hash is stored)."""
    token = secrets.token_urlsafe(32)
    session.add(
        ApiToken(token_hash=_digest(token), user_id=user_id, created_at=now, expires_at=now + lifetime)
    )
    return token


def user_for_token(session: Session, token: str, now: datetime) -> SignedIn | None:
    row = session.scalars(select(ApiToken).where(ApiToken.token_hash == _digest(token))).one_or_none()
    if row is None or row.expires_at <= now:
        return None
    return load(session, row.user_id)
