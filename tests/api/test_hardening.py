"""Ids past the database's range name nothing, whatever the method."""

from __future__ import annotations


def test_a_post_to_an_id_past_the_database_s_range_is_not_found_even_beside_a_get_route(api):
    """Werkzeug finds the GET rule of /tasks/<id>/comments before the id's converter refuses the
    number, and would answer 405 to the POST: an id no row can have names nothing (404)."""
    token = api.token("supervisor")
    answer = api.client.post(
        "/api/v1/tasks/2147483648/comments", json={"body": "x"}, headers={"Authorization": f"Bearer {token}"}
    )
    assert answer.status_code == 404
    assert answer.get_json()["error"]["code"] == "not_found"
