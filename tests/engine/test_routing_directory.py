"""The directory a programme routes by: each county's receiving government, its archive department
(the county's, else its prefecture's, else the province's) and the finance bureau that pays — the
province's, always (issue 14, 4)."""

from __future__ import annotations

from engine.directory.organisations import Organisation, routing_directory


def _add(tx, *rows: tuple[str, str, str]) -> None:
    with tx() as session:
        for organisation_id, kind, code in rows:
            session.add(Organisation(id=organisation_id, name=organisation_id, kind=kind, division_code=code))


def test_a_county_finance_bureau_registered_does_not_become_the_payer(tx):
    """Seed 六(二)2: "此项经费先由省级财政分期拨付给相关县(市、区)政府" — the province pays every
    county; a county's own finance bureau in the directory (to sign in, say) changes nothing."""
    _add(
        tx,
        ("gov-410105", "receiving_government", "410105"),
        ("gov-410102", "receiving_government", "410102"),
        ("archive-410105", "archive_department", "410105"),
        ("archive-410100", "archive_department", "410100"),
        ("finance-henan", "finance_bureau", "410000"),
        ("finance-410105", "finance_bureau", "410105"),
        ("finance-410100", "finance_bureau", "410100"),
    )
    with tx() as session:
        directory = routing_directory(session)
    assert directory["410105"] == {
        "receiving_government": "gov-410105",
        "archive_department": "archive-410105",
        "finance_bureau": "finance-henan",
    }  # (no 组织部门 registered here)
    assert directory["410102"]["archive_department"] == "archive-410100"  # the prefecture's
    assert directory["410102"]["finance_bureau"] == "finance-henan"


def test_without_the_provincial_finance_bureau_no_county_has_a_payer(tx):
    _add(tx, ("gov-410105", "receiving_government", "410105"), ("finance-410105", "finance_bureau", "410105"))
    with tx() as session:
        assert "finance_bureau" not in routing_directory(session)["410105"]


def test_party_relations_go_to_the_county_s_organisation_department_else_its_prefecture_s(tx):
    """Seed 八(二): "组织部门要做好企业向街道(乡镇)和社区移交党组织关系的接收工作" — the 组织部门
    receives party relations: the county's own (县委组织部), else its prefecture's."""
    _add(
        tx,
        ("gov-410105", "receiving_government", "410105"),
        ("gov-410102", "receiving_government", "410102"),
        ("party-410105", "organisation_department", "410105"),
        ("party-410100", "organisation_department", "410100"),
    )
    with tx() as session:
        directory = routing_directory(session)
    assert directory["410105"]["organisation_department"] == "party-410105"
    assert directory["410102"]["organisation_department"] == "party-410100"
