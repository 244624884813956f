"""Yijiao's Flask application: the app factory wires configuration, database, engine, extensions."""

from __future__ import annotations

import os
import secrets
import time
from datetime import datetime
from pathlib import Path
from typing import Any

from flask import Flask

import forms
from engine import Engine, OffsetClock, SystemClock
from engine.clock.stored import StoredClock
from engine.database import make_engine, make_session_factory
from engine.listeners import declared_dependencies, domain_listeners, shown_task_data

from . import errors, extensions, ids, logs, security

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the application; ``test_config`` overrides everything (tests, scripts)."""
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_mapping(
        SECRET_KEY=None,  # YIJIAO_SECRET_KEY; a demo without one gets a random key of its own
        DATABASE_URL=f"sqlite:///{Path(app.instance_path) / 'yijiao.db'}",
        PROCESSES_DIR=str(PROJECT_ROOT / "processes"),
        CLOCK_START=None,  # ISO datetime: replay a campaign from that moment (a clock set by
        # an administrator, stored in the database, wins over it)
        DEMO=True,
        MAX_CONTENT_LENGTH=20 * 1024 * 1024,  # uploads: 20 MB a request
        UPLOAD_MAX_BYTES=10 * 1024 * 1024,
        UPLOAD_TYPES=(
            "application/pdf",
            "image/jpeg",
            "image/png",
            "text/csv",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        LOGIN_ATTEMPTS=5,  # failures before the account is locked for LOCKOUT_MINUTES
        LOCKOUT_MINUTES=15,
        PASSWORD_HASH_METHOD="scrypt",  # Werkzeug method for new hashes (tests use a cheap one)
        API_TOKEN_HOURS=12,
        BABEL_DEFAULT_LOCALE="zh_Hans_CN",
        BABEL_TRANSLATION_DIRECTORIES=str(Path(__file__).parent / "translations"),
        PER_PAGE=20,
        **security.COOKIES,  # HttpOnly, SameSite=Lax; YIJIAO_SESSION_COOKIE_SECURE=true behind TLS
    )
    app.config.from_prefixed_env("YIJIAO")
    if os.environ.get("DATABASE_URL"):
        app.config["DATABASE_URL"] = os.environ["DATABASE_URL"]
    if test_config:
        app.config.update(test_config)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config["SECRET_KEY"] = secret_key(app)
    logs.mask_id_numbers_in_logs()
    logs.log_as_json()
    _wire_engine(app)
    extensions.init_app(app)
    errors.init_app(app)
    security.init_app(app)
    logs.log_requests(app)
    ids.use_database_ids(app)  # before the routes: an id past the integer columns is a 404
    _register_blueprints(app)
    return app


#: the shortest session secret accepted outside demo mode (a random one is 64 hex characters)
MIN_SECRET_LENGTH = 32
#: keys that have been published (in this repository's history): never accepted
KNOWN_KEYS = {"dev-only-change-me", "change-me-in-production"}


def secret_key(app: Flask) -> str:
    """The key that signs session cookies. Outside demo mode it must be configured and strong
    (anyone who knows it can forge a login); a demo without one makes a random key and keeps
    it in its instance folder, so sessions survive a restart."""
    configured = app.config.get("SECRET_KEY")
    if configured and configured not in KNOWN_KEYS and len(str(configured)) >= MIN_SECRET_LENGTH:
        return str(configured)
    if not app.config.get("DEMO"):
        raise RuntimeError(
            "YIJIAO_SECRET_KEY must be set to a random key of at least "
            f"{MIN_SECRET_LENGTH} characters outside demo mode (e.g. python -c "
            "'import secrets; print(secrets.token_hex(32))')"
        )
    if configured:
        app.logger.warning("YIJIAO_SECRET_KEY is weak or published: a random key is used instead")
    return _instance_key(Path(app.instance_path) / "secret_key")


def _instance_key(stored: Path) -> str:
    """The demo's own key: made once (the server and the worker may start together: the first
    creates the file, the other reads it when it is written)."""
    try:
        descriptor = os.open(stored, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        for _ in range(50):
            key = stored.read_text(encoding="ascii").strip()
            if key:
                return key
            time.sleep(0.02)
        raise RuntimeError(f"{stored} is empty: delete it to make a new key") from None
    key = secrets.token_hex(32)
    with os.fdopen(descriptor, "w", encoding="ascii") as file:
        file.write(key)
    return key


def _wire_engine(app: Flask) -> None:
    db_engine = make_engine(app.config["DATABASE_URL"])
    sessions = make_session_factory(db_engine)
    clock_start = app.config.get("CLOCK_START")
    configured = OffsetClock(datetime.fromisoformat(clock_start)) if clock_start else SystemClock()
    clock = StoredClock(sessions, configured)
    app.extensions["yijiao"] = {
        "db_engine": db_engine,
        "sessions": sessions,
        "clock": clock,
        # sessions, tokens and lock-outs run on the machine's time, never on the replay clock
        "security_clock": SystemClock(),
        "engine": Engine(
            clock=clock,
            validator=forms.engine_validator,
            listeners=domain_listeners(),
            shown_data=shown_task_data,
            dependencies=declared_dependencies,
            form_source=forms.engine_form_source(),
        ),
    }


def _register_blueprints(app: Flask) -> None:
    from . import admin, api, auth, cases, cli, documents, home, inbox, progress, registry, rosters, tasks
    from .aftercare import bp as aftercare_bp
    from .campaign import bp as campaign_bp
    from .comments import bp as comments_bp
    from .handing import bp as handing_bp
    from .notifications import bp as notifications_bp
    from .processes import bp as processes_bp

    for blueprint in (home.bp, auth.bp, inbox.bp, tasks.bp, cases.bp, admin.bp, api.bp, registry.bp):
        app.register_blueprint(blueprint)
    app.register_blueprint(rosters.bp)
    app.register_blueprint(documents.bp)
    app.register_blueprint(progress.bp)
    app.register_blueprint(campaign_bp)
    app.register_blueprint(handing_bp)
    app.register_blueprint(notifications_bp)
    app.register_blueprint(processes_bp)
    app.register_blueprint(comments_bp)
    app.register_blueprint(aftercare_bp)
    cli.register(app)
