"""Fixtures for the browser tests: the demo campaign served live, Chromium, a page per test."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from .live import LiveServer, launch_chromium, open_page, seed_demo, serve_copy

HERE = Path(__file__).parent


def pytest_collection_modifyitems(items) -> None:
    """Every test here is a browser test (`pytest -m "not browser"` leaves them out)."""
    for item in items:
        if HERE in item.path.parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def seeded_database(tmp_path_factory) -> Path:
    """The demo campaign seeded once (it takes seconds); servers run on copies of it."""
    database = tmp_path_factory.mktemp("browser-demo") / "seeded.db"
    seed_demo(database)
    return database


@pytest.fixture(scope="session")
def live_server(seeded_database, tmp_path_factory):
    """One server for the tests that only look: they must leave the data as they found it."""
    with serve_copy(seeded_database, tmp_path_factory.mktemp("live")) as server:
        yield server


@pytest.fixture
def private_server(seeded_database, tmp_path):
    """A server on the test's own copy of the demo, for a test that changes it (the clock, …)."""
    with serve_copy(seeded_database, tmp_path) as server:
        yield server


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        yield chromium
        chromium.close()


@pytest.fixture
def new_page(browser):
    """``new_page(server)``: a fresh page (own cookies) on ``server``, closed after the test."""
    contexts = []

    def make(server: LiveServer):
        page = open_page(browser, server)
        contexts.append(page.context)
        return page

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page, live_server):
    return new_page(live_server)
