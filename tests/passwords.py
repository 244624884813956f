"""Cheap password hashes for tests: scrypt costs ~130 ms a hash or check, and fixtures make dozens
of users per test. Production keeps scrypt (tests/web/test_password_hashing.py holds it there)."""

from __future__ import annotations

from functools import cache

from webapp.auth.accounts import hash_password

#: one PBKDF2 round: a real Werkzeug hash that checks like any other, at no cost
CHEAP_METHOD = "pbkdf2:sha256:1"


@cache
def password_hash(password: str) -> str:
    """The same hash for every user with this password, made once per test run."""
    return hash_password(password, CHEAP_METHOD)
