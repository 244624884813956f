"""The directory's names: every lane role has its Chinese name, organisations are named by id."""

from __future__ import annotations

from engine.directory.organisations import Organisation, organisation_names
from engine.directory.roles import LANE_ROLES, ROLE_NAMES


def test_every_lane_role_has_a_chinese_name():
    assert set(ROLE_NAMES) == LANE_ROLES
    assert all(ROLE_NAMES[role].strip() for role in LANE_ROLES)


def test_organisation_names_names_known_ids_and_leaves_out_unknown_and_empty_ones(tx):
    with tx() as session:
        session.add_all(
            [
                Organisation(id="org-ent-a", name="甲企业", kind="enterprise"),
                Organisation(id="org-gov-b", name="乙县政府", kind="receiving_government"),
            ]
        )
    with tx() as session:
        names = organisation_names(session, ["org-ent-a", "org-gov-b", "org-unknown", None, ""])
    assert names == {"org-ent-a": "甲企业", "org-gov-b": "乙县政府"}


def test_organisation_names_of_no_ids_is_empty(tx):
    with tx() as session:
        assert organisation_names(session, [None, ""]) == {}
