"""What every answer carries for the browser's part of security: a Content-Security-Policy that
runs only the app's own script and styles (the case diagram's one ``<style>`` is allowed by its
hash; ``style`` attributes stay, for chart swatches), no sniffing, no framing, no referrer to
other sites. Session cookies are HttpOnly and SameSite=Lax, and Secure when the app is served
over TLS (``YIJIAO_SESSION_COOKIE_SECURE=true``)."""

from __future__ import annotations

import base64
import hashlib

from flask import Flask, Response

from engine.diagram.svg import STYLE


def _hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        f"style-src 'self' {_hash(STYLE)}",
        "style-src-attr 'unsafe-inline'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
HEADERS = {
    "Content-Security-Policy": POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}


#: cookie settings, the app's defaults (``create_app``; the environment may set Secure)
COOKIES = {
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "SESSION_COOKIE_SECURE": False,
    "REMEMBER_COOKIE_HTTPONLY": True,
    "REMEMBER_COOKIE_SAMESITE": "Lax",
}


def init_app(app: Flask) -> None:
    @app.after_request
    def headers(response: Response) -> Response:
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        return response
