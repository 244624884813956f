"""Yijiao's Flask application: the app factory wires configuration, database, engine, extensions."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path
from typing import Any

from flask import Flask

import forms
from engine import Engine, OffsetClock, SystemClock
from engine.clock.stored import StoredClock
from engine.database import make_engine, make_session_factory
from engine.listeners import domain_listeners, shown_task_data

from . import errors, extensions

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the application; ``test_config`` overrides everything (tests, scripts)."""
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_mapping(
        SECRET_KEY="dev-only-change-me",
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
    )
    app.config.from_prefixed_env("YIJIAO")
    if os.environ.get("DATABASE_URL"):
        app.config["DATABASE_URL"] = os.environ["DATABASE_URL"]
    if test_config:
        app.config.update(test_config)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    _wire_engine(app)
    extensions.init_app(app)
    errors.init_app(app)
    _register_blueprints(app)
    return app


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
        "engine": Engine(
            clock=clock,
            validator=forms.engine_validator,
            listeners=domain_listeners(),
            shown_data=shown_task_data,
        ),
    }


def _register_blueprints(app: Flask) -> None:
    from . import admin, api, auth, cases, cli, documents, home, inbox, progress, registry, rosters, tasks

    for blueprint in (home.bp, auth.bp, inbox.bp, tasks.bp, cases.bp, admin.bp, api.bp, registry.bp):
        app.register_blueprint(blueprint)
    app.register_blueprint(rosters.bp)
    app.register_blueprint(documents.bp)
    app.register_blueprint(progress.bp)
    cli.register(app)
