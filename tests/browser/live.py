"""The demo application served for a real browser: a seeded SQLite file, werkzeug's server in a
thread on a free port, and Debian's Chromium driven by Playwright. Shared by the browser tests
and ``tools/screenshots.py``."""

from __future__ import annotations

import contextlib
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

from flask import Flask
from playwright.sync_api import Browser, Page, Playwright
from werkzeug.serving import WSGIRequestHandler, make_server

from webapp import create_app

CHROMIUM = Path("/usr/bin/chromium")
PASSWORD = "demo"  # every demo login's password (demo mode only)


def demo_app(database: Path) -> Flask:
    """The app on the SQLite file ``database``, on the clock the demo stores (no CLOCK_START)."""
    return create_app({"DATABASE_URL": f"sqlite:///{database}", "CLOCK_START": None, "DEMO": True})


def seed_demo(database: Path) -> None:
    """Migrate ``database`` and load the demo campaign, as `make run` does (clock 2017-03-20 09:00)."""
    app = demo_app(database)
    runner = app.test_cli_runner()
    for command in ("upgrade-db", "seed-demo"):
        result = runner.invoke(args=[command])
        if result.exit_code != 0:
            raise RuntimeError(f"yijiao {command} failed:\n{result.output}") from result.exception
    app.extensions["yijiao"]["db_engine"].dispose()


class QuietRequestHandler(WSGIRequestHandler):
    """No line per request on the terminal (errors are still logged)."""

    def log_request(self, *args, **kwargs) -> None:
        pass


class LiveServer:
    """The app served on 127.0.0.1 by werkzeug in a daemon thread; ``url`` is its root."""

    def __init__(self, app: Flask):
        self.app = app
        self._server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=QuietRequestHandler)
        self.url = f"http://127.0.0.1:{self._server.server_port}"
        self._thread = threading.Thread(target=self._server.serve_forever, name="live-server", daemon=True)

    def __enter__(self) -> LiveServer:
        self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._server.shutdown()
        self._thread.join(timeout=10)
        self.app.extensions["yijiao"]["db_engine"].dispose()


@contextlib.contextmanager
def serve_copy(seeded: Path, folder: Path) -> Iterator[LiveServer]:
    """A live server on a private copy of the seeded database, so a test may change it freely."""
    database = folder / "yijiao.db"
    shutil.copy(seeded, database)
    with LiveServer(demo_app(database)) as server:
        yield server


def launch_chromium(playwright: Playwright) -> Browser:
    """Debian's Chromium, headless (Playwright's own browser download is not used here)."""
    if not CHROMIUM.exists():
        raise RuntimeError(
            f"{CHROMIUM} is missing: the browser tests need Debian's chromium package — run "
            "`make setup` (scripts/install-system-deps.sh installs it), or deselect them with "
            "`pytest -m 'not browser'`"
        )
    args = ["--no-sandbox"] if os.geteuid() == 0 else []  # Chromium refuses its sandbox as root
    return playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=args)


def open_page(browser: Browser, server: LiveServer, width: int = 1280, height: int = 800) -> Page:
    """A page in a context of its own (its own cookies) whose relative URLs go to ``server``."""
    context = browser.new_context(base_url=server.url, viewport={"width": width, "height": height})
    return context.new_page()


def login(page: Page, username: str) -> None:
    """Sign in through the login form as a demo user and wait for the page it leads to."""
    page.goto("/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.click("main form button")
    if "/login" in page.url:
        raise AssertionError(f"{username} could not log in: {page.inner_text('main')}")
