"""``python -m tools.screenshots`` keeps working: each of its pages opens and is pictured."""

from __future__ import annotations

from tools.screenshots import SHOTS, take

PNG = b"\x89PNG\r\n\x1a\n"


def test_every_readme_screenshot_can_be_retaken(browser, live_server, tmp_path):
    for shot in SHOTS:
        picture = take(browser, live_server, shot, tmp_path)
        header = picture.read_bytes()[:24]
        assert header.startswith(PNG), shot.name
        assert int.from_bytes(header[16:20], "big") == shot.width, shot.name
