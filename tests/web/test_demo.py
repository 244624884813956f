"""The demo campaign: `yijiao seed-demo` loads organisations, logins, a roster and cases with work."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select
from werkzeug.security import check_password_hash

from engine import InboxFilter, NotYourTask
from engine.directory.audit import AuditEvent
from engine.directory.organisations import Organisation, User
from engine.policy import divisions, resident_id
from engine.policy.rules import group_roster
from engine.workflow.models import ProcessInstance, WorkItem
from tests.passwords import CHEAP_METHOD
from webapp import create_app, demo

PROCESSES = Path(__file__).resolve().parents[2] / "processes"

#: username → (organisation, roles): the logins DESIGN.md promises
DEMO_USERS = {
    "enterprise": ("org-ent-henan-energy", {"official", "leader"}),
    "prefecture": ("org-gov-410100", {"official"}),
    "county": ("org-gov-410105", {"official"}),
    "county2": ("org-gov-410102", {"official"}),
    "community": ("org-community-410105-1", {"official"}),
    "archive": ("org-archive-410105", {"official"}),
    "finance": ("org-finance-henan", {"official"}),
    "supervisor": ("org-office-henan", {"supervisor", "official"}),
    "designer": ("org-office-henan", {"designer"}),
    "admin": ("org-admin", {"admin"}),
}


@pytest.fixture
def demo_app(app):
    app.config["PROCESSES_DIR"] = str(PROCESSES)
    return app


@pytest.fixture
def seeded(demo_app, runner):
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture
def session(demo_app):
    with demo_app.extensions["yijiao"]["sessions"]() as session:
        yield session


@pytest.fixture(scope="module")
def seeded_app(tmp_path_factory, sqlite_template):
    """One app seeded once (SQLite) for the tests that only read the demo: seeding takes seconds."""
    path = tmp_path_factory.mktemp("demo") / "yijiao.db"
    shutil.copy(sqlite_template, path)
    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": f"sqlite:///{path}",
            "PROCESSES_DIR": str(PROCESSES),
            "CLOCK_START": "2017-04-02T09:00:00+08:00",
        }
    )
    result = app.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    yield app
    app.extensions["yijiao"]["db_engine"].dispose()


@pytest.fixture
def demo_session(seeded_app):
    with seeded_app.extensions["yijiao"]["sessions"]() as session:
        yield session


def claimable(app, session, username: str, process: str | None = None) -> list[WorkItem]:
    user = session.scalars(select(User).where(User.username == username)).one()
    page = app.extensions["yijiao"]["engine"].inbox(
        session, user.actor(), "claimable", filters=InboxFilter(process=process), per_page=100
    )
    return page.items


def counts(session) -> dict[str, int]:
    def count(query) -> int:
        return session.scalar(select(func.count()).select_from(query.subquery()))

    return {
        "organisations": count(select(Organisation.id)),
        "users": count(select(User.id)),
        "cases": count(select(ProcessInstance.id)),
        "work items": count(select(WorkItem.id)),
        "starts": count(select(AuditEvent.id).where(AuditEvent.action == "start")),
    }


# -- the command ------------------------------------------------------------------------------


def test_seed_demo_prints_what_it_loaded(seeded):
    assert "演示数据：" in seeded.output
    assert "24 个组织、12 个用户、300 名退休人员、5 个移交案件、5 项移交后服务（新建）" in seeded.output
    assert "demo data:" in seeded.output and "300 retirees" in seeded.output


def test_seeding_twice_creates_nothing_new(demo_app, runner, seeded, session):
    before = counts(session)
    session.rollback()
    again = runner.invoke(args=["seed-demo"])
    assert again.exit_code == 0, again.output
    assert "5 个移交案件、5 项移交后服务（已存在，未改动）" in again.output
    assert counts(session) == before
    # five hand-over cases and five of the services after it (a new retiree, a transfer, a
    # certification campaign, a festival visit campaign, a death report)
    assert before["starts"] == before["cases"] == 10


def test_seed_demo_is_refused_outside_demo_mode(demo_app, runner, session):
    demo_app.config["DEMO"] = False
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 1
    assert "demo mode" in result.output
    assert counts(session)["users"] == 0


def test_seed_leaves_the_transaction_to_the_caller(demo_app, session):
    engine = demo_app.extensions["yijiao"]["engine"]
    session.begin()
    summary = demo.seed(session, engine, PROCESSES, retirees=20, hash_password=lambda _: "x")
    session.rollback()
    assert summary.new and summary.retirees == 20
    assert counts(session) == dict.fromkeys(counts(session), 0)


# -- organisations and logins -----------------------------------------------------------------


@pytest.mark.parametrize("username", sorted(DEMO_USERS))
def test_every_demo_user_logs_in_with_demo_and_has_their_roles(demo_session, username):
    user = demo_session.scalars(select(User).where(User.username == username)).one()
    organisation, roles = DEMO_USERS[username]
    assert check_password_hash(user.password_hash, "demo")
    assert (user.organisation_id, set(user.roles)) == (organisation, roles)
    assert user.name and not user.name.isascii()


def test_organisations_form_a_tree_under_the_prefectures(demo_session):
    organisations = {o.id: o for o in demo_session.scalars(select(Organisation))}
    assert organisations["org-gov-410105"].parent_id == "org-gov-410100"
    assert organisations["org-gov-410303"].parent_id == "org-gov-410300"
    assert organisations["org-community-410303-2"].parent_id == "org-gov-410303"
    assert organisations["org-archive-410102"].kind == "archive_department"
    assert organisations["org-ent-henan-energy"].division_code == "410105"


# -- the roster ---------------------------------------------------------------------------------


def test_the_roster_has_valid_ids_and_addresses_in_the_communities_of_its_counties():
    roster = demo.generate_roster()
    assert len(roster) == 300
    assert all(resident_id.is_valid(r["id_number"]) for r in roster)
    communities = {c for pair in demo.COUNTIES.values() for c in pair}
    for person in roster:
        if person["residence_code"] in demo.COUNTIES:
            assert any(person["address"].startswith(c) for c in demo.COUNTIES[person["residence_code"]])
    assert communities


def test_the_roster_is_the_same_every_time():
    assert demo.generate_roster() == demo.generate_roster()


def test_the_roster_goes_to_three_counties_in_two_prefectures():
    summary = group_roster(demo.generate_roster(), demo.ENTERPRISE_INFO, demo.directory())["summary"]
    assert (summary["counties"], summary["prefectures"]) == (3, 2)
    assert 1 <= summary["out_of_province_hukou"] <= 2
    assert 0 < summary["excluded"]["离休干部"] + summary["excluded"]["省管干部"] < 10


def test_the_roster_mixes_hukou_party_members_and_special_statuses():
    roster = demo.generate_roster()
    elsewhere = [r for r in roster if r["hukou_code"] != r["residence_code"]]
    assert 15 <= len(elsewhere) <= 45
    assert all(divisions.is_henan_county(r["residence_code"]) for r in elsewhere)
    assert 60 <= sum(r["party_member"] for r in roster) <= 120
    assert any(r["special_status"] for r in roster)
    assert all("1926-01-01" <= r["birth_date"] < r["retirement_date"] < "2017-01-01" for r in roster)


# -- the cases and who has work ---------------------------------------------------------------


def test_zhongyuan_has_its_specific_agreement_to_sign(seeded_app, demo_session):
    (item,) = [
        i for i in claimable(seeded_app, demo_session, "county2") if i.spec_id == "sign_specific_agreement"
    ]
    assert item.owner_org == "org-gov-410102"
    assert item.milestone == "M2"


def test_jinshui_has_allocated_its_people_by_address_and_one_community_has_received_them(
    seeded_app, demo_session
):
    from engine.registry.retirees import Retiree

    rows = demo_session.execute(
        select(Retiree.community_org, Retiree.status, func.count())
        .where(Retiree.destination_code == "410105")
        .group_by(Retiree.community_org, Retiree.status)
    ).all()
    by_community = {(org, status): n for org, status, n in rows}
    assert set(by_community) == {
        ("org-community-410105-1", "received"),
        ("org-community-410105-2", "allocated"),
        # after the hand-over: a new retiree allocated to it, one person reported dead
        ("org-community-410105-1", "allocated"),
        ("org-community-410105-1", "deceased"),
    }
    assert by_community[("org-community-410105-1", "allocated")] == 1
    assert by_community[("org-community-410105-1", "deceased")] == 1
    second = [i for i in claimable(seeded_app, demo_session, "community") if i.spec_id == "receive_retirees"]
    assert second == []  # the demo community has received its people; the other one has not
    people = demo_session.scalars(select(Retiree).where(Retiree.community_org == "org-community-410105-1"))
    assert all(p.address is None or p.address.startswith("经八路街道花园路社区") for p in people)


def test_county2_cannot_see_the_task_of_county(seeded_app, demo_session):
    seen_by_county2 = {i.id for i in claimable(seeded_app, demo_session, "county2")}
    of_county = {i.id for i in claimable(seeded_app, demo_session, "county")}
    assert of_county and not seen_by_county2 & of_county
    assert all(i.owner_org == "org-gov-410102" for i in claimable(seeded_app, demo_session, "county2"))


def test_county2_cannot_claim_the_task_of_county(seeded_app, demo_session):
    (item,) = claimable(seeded_app, demo_session, "county")
    with pytest.raises(NotYourTask):
        seeded_app.extensions["yijiao"]["engine"].claim(
            demo_session, item.id, _actor(demo_session, "county2")
        )


def test_the_enterprise_still_has_to_draft_the_agreement_for_xigong(seeded_app, demo_session):
    items = claimable(seeded_app, demo_session, "enterprise")
    # besides: the new retiree's archive to sort (after the hand-over)
    assert sorted(i.spec_id for i in items) == ["draft_specific_agreement", "sort_archives"]
    items = [i for i in items if i.spec_id == "draft_specific_agreement"]
    engine = seeded_app.extensions["yijiao"]["engine"]
    data = engine.task_data(demo_session, items[0].id, _actor(demo_session, "enterprise"))
    assert data["county"]["code"] == "410303"


def test_the_archive_department_has_the_lookup_request(seeded_app, demo_session):
    (item,) = claimable(seeded_app, demo_session, "archive")
    assert (item.process_key, item.spec_id) == ("archive_lookup", "review_lookup_request")


def test_the_community_has_a_served_lookup_to_acknowledge(seeded_app, demo_session):
    items = claimable(seeded_app, demo_session, "community")
    (item,) = [i for i in items if i.process_key == "archive_lookup"]
    assert item.spec_id == "acknowledge_archive_copy"


def test_the_county_decides_on_the_enterprise_community_organisation(seeded_app, demo_session):
    specs = [
        i.spec_id for i in claimable(seeded_app, demo_session, "county", process="community_org_handover")
    ]
    assert specs == ["decide_community_arrangement"]


def test_the_supervisor_has_the_campaign_schedule(demo_session):
    schedule = demo_session.scalars(
        select(ProcessInstance).where(ProcessInstance.process_key == "milestone_schedule")
    ).one()
    assert schedule.parties == {"supervisor": "org-office-henan"}
    assert schedule.started_by == "supervisor"


def _actor(session, username: str):
    return session.scalars(select(User).where(User.username == username)).one().actor()


def test_the_seeder_hashes_passwords_with_the_configured_method(demo_session):
    """seed-demo follows PASSWORD_HASH_METHOD (the tests' cheap one here, scrypt by default)."""
    hashes = set(demo_session.scalars(select(User.password_hash)))
    assert hashes and all(h.startswith(f"{CHEAP_METHOD}$") for h in hashes)
