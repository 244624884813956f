"""The README's screenshots: the demo campaign served as the browser tests serve it, photographed
in Chromium, one viewport a page (1280×800, or a 390×844 phone), into ``docs/screenshots/``.

    python -m tools.screenshots [--out docs/screenshots]
"""

from __future__ import annotations

import argparse
import tempfile
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Browser, sync_playwright

from tests.browser.live import launch_chromium, login, open_page, seed_demo, serve_copy

OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
WIDTH, HEIGHT = 1280, 800
PHONE_WIDTH, PHONE_HEIGHT = 390, 844


@dataclass(frozen=True)
class Shot:
    """One screenshot: who is logged in, which page, and what must be on it before the picture."""

    name: str
    username: str
    path: str
    ready: str  # a CSS selector: the page's main content, so a broken page is never pictured
    width: int = WIDTH
    height: int = HEIGHT


SHOTS = (
    Shot("progress-dashboard", "supervisor", "/progress", "table.progress"),
    Shot("case-diagram", "supervisor", "/cases/1", ".case-diagram svg.bpmn-diagram"),
    Shot("county-inbox", "county", "/inbox", "main table"),
    Shot("roster-upload", "enterprise", "/rosters", "main form input[type=file]"),
    # 金水区's allocation of its people by name (the demo's work item 13), scrolled to the list
    Shot("county-allocation", "county", "/tasks/13?per_page=12#people", "section.people table.people-list"),
    # the same pages on a phone (issue 15)
    Shot("phone-inbox", "county", "/inbox", "main table", PHONE_WIDTH, PHONE_HEIGHT),
    Shot("phone-task", "county", "/tasks/13", "main h1", PHONE_WIDTH, PHONE_HEIGHT),
    Shot("phone-dashboard", "supervisor", "/progress", "table.progress", PHONE_WIDTH, PHONE_HEIGHT),
    # the designers' processes area (issue 16): the modeler on the county procedure, a version
    Shot("designer-modeler", "designer", "/processes/county_handover/edit", ".djs-container .djs-element"),
    Shot("process-version", "designer", "/processes/county_handover/versions/1", "main svg"),
)


def take(browser: Browser, server, shot: Shot, out: Path) -> Path:
    """Log in as the shot's user, open its page and save the viewport as ``<name>.png``."""
    page = open_page(browser, server, shot.width, shot.height)
    try:
        login(page, shot.username)
        response = page.goto(shot.path)
        if response is None or not response.ok:
            raise RuntimeError(f"{shot.path} as {shot.username}: HTTP {response and response.status}")
        page.wait_for_selector(shot.ready)
        target = out / f"{shot.name}.png"
        page.screenshot(path=str(target))
        return target
    finally:
        page.context.close()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT, help="folder for the PNG files")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        seeded = Path(folder) / "seeded.db"
        seed_demo(seeded)
        with serve_copy(seeded, Path(folder)) as server, sync_playwright() as playwright:
            browser = launch_chromium(playwright)
            for shot in SHOTS:
                target = take(browser, server, shot, args.out)
                print(f"{target} ({target.stat().st_size // 1024} KB)")
            browser.close()


if __name__ == "__main__":
    main()
