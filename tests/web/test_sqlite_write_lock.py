"""Pages that only read (the inbox, a task, the cases) begin deferred on SQLite: they never take
the write lock (issue 13, 11)."""

from __future__ import annotations

from tests.api.test_sqlite_write_lock import begins  # noqa: F401 - the fixture

from .conftest import login


def test_pages_read_without_the_write_lock(client, people, programme, begins):  # noqa: F811
    login(client, "county")
    begins.clear()
    for page in ("/inbox", "/cases", f"/cases/{programme}"):
        assert client.get(page).status_code == 200, page
    assert begins and set(begins) == {"BEGIN DEFERRED"}
