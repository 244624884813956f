"""/processes/<key>/migrate: a designer previews moving running cases to a new version, ticks
them, confirms, and sees which moved and which could not."""

from __future__ import annotations

import contextlib
import re

import pytest

from engine import Actor
from engine.workflow.models import ProcessDefinition, ProcessInstance
from tests import migration_sample as sample
from tests.migration_sample import KEY, Cases
from tests.processes import campaign

from .conftest import PEOPLE, add_designer, login, post
from .test_words import words_on

PAGE = f"/processes/{KEY}/migrate"
COUNTY = PEOPLE["county"][0]


@pytest.fixture
def cases(app, people, clock) -> Cases:
    yijiao = app.extensions["yijiao"]
    yijiao["engine"].clock = clock  # timers fire when the test says

    @contextlib.contextmanager
    def tx():
        with yijiao["sessions"]() as session, session.begin():
            yield session

    with tx() as session:
        add_designer(session, campaign.SUPERVISOR, "流程设计员")
    sample.deploy(yijiao["engine"], tx, 1)
    parties = {"enterprise": campaign.ENTERPRISE, "receiving_government": COUNTY}
    actors = {
        "enterprise": Actor("enterprise", campaign.ENTERPRISE),
        "receiving_government": Actor("county", COUNTY),
    }
    return Cases(yijiao["engine"], tx, clock, parties, actors)


def rows(html: str) -> dict[int, str]:
    return {int(m.group(1)): m.group(2) for m in re.finditer(r'<tr data-case="(\d+)"(.*?)</tr>', html, re.S)}


def version(cases: Cases, case: int) -> int:
    with cases.tx() as session:
        return session.get(ProcessDefinition, session.get(ProcessInstance, case).definition_id).version


@pytest.fixture
def two_versions(cases) -> tuple[int, int]:
    """A case at 审核材料 (it can move) and one at 旧版复核 (version 2 removed it)."""
    [stuck], [movable] = cases.at("old_check"), cases.at("review")
    sample.deploy(cases.engine, cases.tx, 2)
    return movable, stuck


def test_the_page_previews_each_case_and_ticks_those_that_can_move(client, two_versions):
    movable, stuck = two_versions
    login(client, "designer")
    html = client.get(PAGE).get_data(as_text=True)
    assert "迁移案件" in html
    found = rows(html)
    assert 'name="instance"' in found[movable] and "checked" in found[movable]
    assert '<span class="outcome">保留（新版已修改）</span> 审核材料 → 审核材料（新版）' in found[movable]
    assert 'name="instance"' not in found[stuck]
    assert "停在第 2 版已删除的任务 &#39;旧版复核&#39;" in found[stuck]


def test_migrating_the_ticked_cases_shows_what_moved(client, cases, two_versions):
    movable, stuck = two_versions
    login(client, "designer")
    revision = re.search(r'name="revision-\d+" value="(\d+)"', client.get(PAGE).get_data(as_text=True))[1]
    data = {
        "from": "1",
        "to": "2",
        "instance": [str(movable)],
        f"revision-{movable}": revision,
        "confirm": "yes",
    }
    response = post(client, PAGE, data, token_from=PAGE)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "1 个案件已从第 1 版迁移到第 2 版" in html
    assert (version(cases, movable), version(cases, stuck)) == (2, 1)
    cases.complete(movable, "review")  # on version 2 the case ends here
    assert cases.open_steps(movable) == []


def test_a_refused_case_ticked_by_hand_is_reported_not_moved(client, cases, two_versions):
    movable, stuck = two_versions
    login(client, "admin")
    data = {"from": "1", "to": "2", "instance": [str(movable), str(stuck)], "confirm": "yes"}
    html = post(client, PAGE, data, token_from=PAGE).get_data(as_text=True)
    assert "1 个案件未迁移" in html
    assert "停在第 2 版已删除的任务" in rows(html)[stuck]
    assert version(cases, stuck) == 1


def test_nothing_moves_without_the_confirmation(client, cases, two_versions):
    movable, _stuck = two_versions
    login(client, "designer")
    response = post(client, PAGE, {"from": "1", "to": "2", "instance": [str(movable)]}, token_from=PAGE)
    assert response.status_code == 422
    assert "请勾选" in response.get_data(as_text=True)
    assert version(cases, movable) == 1


def test_an_official_may_not_migrate(client, two_versions):
    login(client, "enterprise")
    assert client.get(PAGE).status_code == 403


def test_a_procedure_with_one_version_has_nothing_to_migrate(client, cases):
    login(client, "designer")
    assert "只有一个版本" in client.get(PAGE).get_data(as_text=True)


def test_the_preview_and_the_result_speak_chinese(client, two_versions):
    movable, stuck = two_versions
    login(client, "designer")
    preview = client.get(PAGE).get_data(as_text=True)
    assert words_on(PAGE, preview) == set()
    data = {"from": "1", "to": "2", "instance": [str(movable), str(stuck)], "confirm": "yes"}
    result = post(client, PAGE, data, token_from=PAGE).get_data(as_text=True)
    assert words_on(PAGE, result) == set()
