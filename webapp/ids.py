"""Ids in URLs (``/tasks/<int:item_id>``): a number the database's integer columns can hold.

PostgreSQL's ``integer`` ends at 2,147,483,647; a larger id in a path made the look-up fail with
"integer out of range" (a 500). Such an id names nothing: the route does not match (404)."""

from __future__ import annotations

from werkzeug.routing import IntegerConverter

#: the largest value of a 32-bit signed integer column (PostgreSQL ``integer``, SQLite's rowid
#: holds more, but our ids never get there)
MAX_ID = 2**31 - 1


class DatabaseId(IntegerConverter):
    """``int`` in routes: 0 … ``MAX_ID`` unless the route says otherwise."""

    def __init__(self, map, fixed_digits=0, min=None, max=MAX_ID, signed=False):  # noqa: A002 - werkzeug's names
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def names_no_id(path: str) -> bool:
    """Whether a segment of ``path`` is a number past ``MAX_ID`` (an id no row can have).

    Werkzeug tries the rules of a path before their converters: a POST to
    ``/tasks/2147483648/comments`` finds the GET rule of the same path and answers 405, although
    no rule's id can hold the number."""
    return any(part.isascii() and part.isdigit() and int(part) > MAX_ID for part in path.split("/"))


def use_database_ids(app) -> None:
    """Make ``<int:…>`` in every route this app registers from now on a ``DatabaseId``."""
    app.url_map.converters["int"] = DatabaseId
