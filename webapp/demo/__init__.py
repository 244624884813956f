"""演示数据 — the demo campaign ``yijiao seed-demo`` loads.

One provincial enterprise (河南能源化工集团) hands a few hundred generated retirees over to three
counties in two prefectures; every role has an organisation, and one login per role (password
``demo``). Cases are started and stepped through the engine's public methods as the officials
who own each step, so inboxes, audit log and case histories are what real use leaves behind.

Everything is looked up before it is made (organisations by id, users by username, cases by
process and title), so seeding twice changes nothing. The caller owns the transaction.

The administrators' organisation ``org-admin`` (系统管理) has kind ``supervisor``, a lane role,
so that the admin pages (which offer only lane roles) can edit it; no case names it as a party,
so no task is ever routed to it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.security import generate_password_hash

from engine import Actor, Clock, Engine
from engine.clock.stored import clock_status, set_clock
from engine.directory.organisations import Organisation, User
from engine.policy import divisions
from engine.policy.rules import DEFAULT_MILESTONES
from engine.registry import allocation
from engine.registry.enrolment import enrol
from engine.registry.handover import CountyScope
from engine.registry.retirees import Retiree
from engine.registry.task_people import PeopleFilter, TaskPeople
from engine.workflow.deadlines import CHINA_TZ
from engine.workflow.models import ProcessInstance, WorkItem

from . import after_certification, after_changes, after_deaths, after_newcomers, after_visits
from .roster import COMMUNITIES, generate_roster

PASSWORD = "demo"
ENTERPRISE = "org-ent-henan-energy"
OFFICE = "org-office-henan"
FINANCE = "org-finance-henan"
ADMIN = "org-admin"
ENTERPRISE_INFO = {
    "name": "河南能源化工集团有限公司",
    "location_code": "410105",  # 郑州市金水区
    "devolved_from_centre": True,
    "industry": "煤炭",
}
PREFECTURES = ("410100", "410300")
#: receiving county → its two communities (街道 and 社区)
COUNTIES = COMMUNITIES
#: counties whose specific agreement the enterprise has drafted; the rest wait on its draft
DRAFTED_COUNTIES = ("410105", "410102")
#: the county that has signed, verified its people and allocated them by address; its first
#: community has received its people, the second has yet to
ALLOCATED_COUNTY = "410105"
RECEIVED_COMMUNITY = "org-community-410105-1"

#: username, display name, organisation, user roles
USERS = (
    ("enterprise", "张伟", ENTERPRISE, ("official", "leader")),
    ("prefecture", "王芳", "org-gov-410100", ("official",)),
    ("county", "李娜", "org-gov-410105", ("official",)),
    ("county2", "刘洋", "org-gov-410102", ("official",)),
    ("community", "陈静", "org-community-410105-1", ("official",)),
    ("archive", "杨磊", "org-archive-410105", ("official",)),
    ("party", "郭涛", "org-party-410105", ("official",)),
    # 社会保险经办机构: pensions, certification, survivors' grants after the hand-over
    ("agency", "马丽", "org-sia-410105", ("official",)),
    ("finance", "赵敏", FINANCE, ("official",)),
    ("supervisor", "黄强", OFFICE, ("supervisor", "official")),
    ("designer", "周杰", OFFICE, ("designer",)),
    ("admin", "吴刚", ADMIN, ("admin",)),
)
#: officials of organisations without a demo login, who still sign in the seeded history
STAND_INS = {"org-gov-410300": "孙明"}

PROGRAMME = "河南能源化工集团 退休人员社会化管理移交"
COMMUNITY_ORG = {"name": "郑州生活区社区管理委员会", "households": 1800, "setting": "city", "staff": 8}
CAMPAIGN = {"name": "2017年省属企业退休人员社会化管理移交"}
SCHEDULE = CAMPAIGN["name"] + " 时间节点督办"
#: where a fresh demo's clock starts: the roster registered, framework agreements due by 03-31
DEMO_CLOCK = datetime(2017, 3, 20, 9, 0, tzinfo=CHINA_TZ)
MILESTONES = {"milestones": DEFAULT_MILESTONES}  # the 2017 schedule (the engine copies case data)


def gov(code: str) -> str:
    return f"org-gov-{code}"


@dataclass(frozen=True)
class DemoSummary:
    """What the demo holds after seeding, and how many rows and cases this run added."""

    processes: int
    organisations: int
    users: int
    retirees: int
    cases: int
    #: services after the hand-over (death report, certification, visits, changes, new retiree)
    services: int
    created: int

    @property
    def new(self) -> bool:
        return self.created > 0


def seed(
    session: Session,
    engine: Engine,
    processes_dir: Path,
    *,
    retirees: int = 300,
    hash_password: Callable[[str], str] = generate_password_hash,
) -> DemoSummary:
    """Deploy ``processes_dir`` and load the demo campaign in the caller's transaction."""
    deployments = engine.deploy_directory(session, processes_dir)
    organisations = _add_missing_organisations(session)
    users = _add_missing_users(session, hash_password)
    session.flush()
    roster = generate_roster(retirees)
    _register_missing_people(session, roster, engine.clock.now())
    cases = _Campaign(session, engine).seed_cases(roster)
    services = seed_services(session, engine)
    return DemoSummary(
        processes=len(deployments),
        organisations=len(organisation_specs()),
        users=len(USERS),
        retirees=len(roster),
        cases=len(cases),
        services=len(AFTER_HANDOVER),
        created=organisations + users + sum(cases.values()) + services,
    )


#: the services after the hand-over the demo shows, in this order (each takes its own people of
#: 金水区's first community: changes the first two, the death report the last)
AFTER_HANDOVER = (after_newcomers, after_changes, after_certification, after_visits, after_deaths)


def seed_services(session: Session, engine: Engine) -> int:
    """Each piece of the services after the hand-over, unless already there; how many rows and
    cases they added."""
    return sum(piece.seed(session, engine) for piece in AFTER_HANDOVER)


def start_demo_clock(session: Session, clock: Clock) -> datetime | None:
    """Put a fresh demo in 2017: when the application runs on the machine's time and no case
    exists yet, the stored clock is set to ``DEMO_CLOCK`` and runs on (audited, as any setting).
    Returns the moment set, or None when the clock was left alone."""
    if clock_status(clock).source != "machine" or session.scalar(select(ProcessInstance.id).limit(1)):
        return None
    set_clock(session, DEMO_CLOCK, frozen=False, actor="seed-demo", now=datetime.now(UTC))
    return DEMO_CLOCK


# -- organisations and users ------------------------------------------------------------------


def organisation_specs() -> list[dict[str, Any]]:
    """Every demo organisation as the columns of its row, parents before children."""
    specs = [
        _org(ENTERPRISE, ENTERPRISE_INFO["name"], "enterprise", ENTERPRISE_INFO["location_code"]),
        _org(FINANCE, "河南省财政厅", "finance_bureau", "410000"),
        _org(OFFICE, "河南省省属企业退休人员社会化管理服务工作领导小组办公室", "supervisor", "410000"),
        _org(ADMIN, "系统管理", "supervisor", None),
    ]
    specs += [
        _org(gov(code), f"{divisions.name(code)}人民政府", "prefecture_government", code)
        for code in PREFECTURES
    ]
    for code, communities in COUNTIES.items():
        specs += _county_specs(code, communities)
    return specs


def _county_specs(code: str, communities: tuple[str, ...]) -> list[dict[str, Any]]:
    government, label = gov(code), divisions.full_name(code)
    return [
        _org(
            government, f"{label}人民政府", "receiving_government", code, gov(divisions.prefecture_of(code))
        ),
        _org(f"org-archive-{code}", f"{label}档案馆", "archive_department", code, government),
        _org(f"org-party-{code}", f"中共{label}委员会组织部", "organisation_department", code, government),
        # 过渡期管理 (三): may manage retirees for a period where no community can yet
        _org(f"org-sia-{code}", f"{label}社会保险事业管理局", "social_insurance_agency", code, government),
        *(
            _org(f"org-community-{code}-{number}", name, "community", code, government)
            for number, name in enumerate(communities, start=1)
        ),
    ]


def _org(org_id: str, name: str, kind: str, code: str | None, parent: str | None = None) -> dict[str, Any]:
    return {"id": org_id, "name": name, "kind": kind, "division_code": code, "parent_id": parent}


def directory() -> dict[str, dict[str, str]]:
    """The case data's ``directory``: division code → role → organisation id."""
    entries = {code: {"prefecture_government": gov(code)} for code in PREFECTURES}
    for code in COUNTIES:
        entries[code] = dict(
            receiving_government=gov(code),
            archive_department=f"org-archive-{code}",
            finance_bureau=FINANCE,
            organisation_department=f"org-party-{code}",
        )
    return entries


def _add_missing_organisations(session: Session) -> int:
    existing = set(session.scalars(select(Organisation.id)))
    missing = [spec for spec in organisation_specs() if spec["id"] not in existing]
    for spec in missing:
        session.add(Organisation(**spec))
        session.flush()  # a child's parent must be there first
    return len(missing)


def _register_missing_people(session: Session, roster: list[dict[str, Any]], now: datetime) -> int:
    """The generated roster in the registry, as the enterprise's roster import would leave it."""
    known = set(session.scalars(select(Retiree.id_number).where(Retiree.enterprise_org == ENTERPRISE)))
    missing = [person for person in roster if person["id_number"] not in known]
    return enrol(session, ENTERPRISE, ENTERPRISE_INFO["location_code"], missing, now)


def _add_missing_users(session: Session, hash_password: Callable[[str], str]) -> int:
    existing = set(session.scalars(select(User.username)))
    missing = [row for row in USERS if row[0] not in existing]
    password_hash = hash_password(PASSWORD) if missing else ""  # one hash: every demo user has it
    for username, name, organisation, roles in missing:
        user = User(username=username, name=name, organisation_id=organisation, roles=list(roles))
        user.password_hash = password_hash
        user.email = f"{username}@demo.yijiao.example"  # reserved domain: `yijiao send-mail --print`
        session.add(user)
    return len(missing)


#: what an official submits at a task, made from the task; None leaves the task waiting
Form = Callable[[WorkItem], dict[str, Any] | None]


@dataclass
class _Case:
    """A demo case: how it starts, and the steps taken in it since."""

    process: str
    title: str
    parties: dict[str, str]
    data: dict[str, Any]
    steps: list[tuple[str, Form]] = field(default_factory=list)


class _Campaign:
    """Starts the demo cases and steps them as the officials who own each step."""

    def __init__(self, session: Session, engine: Engine):
        self.session, self.engine = session, engine
        users = session.scalars(select(User).where(User.username.in_([row[0] for row in USERS])))
        self.officials = {u.organisation_id: u for u in users if "official" in u.roles}
        self.today = engine.clock.now().astimezone(CHINA_TZ).date()

    def seed_cases(self, roster: list[dict[str, Any]]) -> dict[str, bool]:
        """Each demo case's title → whether this run started it."""
        return {case.title: self.seed_case(case) for case in self.cases(roster)}

    def cases(self, roster: list[dict[str, Any]]) -> list[_Case]:
        first = COUNTIES[ALLOCATED_COUNTY][0]  # the community that has received its people
        ordinary = [r for r in roster if r["category"] == "普通退休人员"]
        received = [r for r in ordinary if (r.get("address") or "").startswith(first)]
        asking = received or roster
        return [
            self.programme(roster),
            self.community_org(),
            self.archive_lookup(asking[0], served=False),
            self.archive_lookup(asking[-1], served=True),
            _Case(
                "milestone_schedule", SCHEDULE, {"supervisor": OFFICE}, {"campaign": CAMPAIGN, **MILESTONES}
            ),
        ]

    def programme(self, roster: list[dict[str, Any]]) -> _Case:
        """Past survey and roster, framework agreements signed, 西工区's specific agreement undrafted."""
        parties = {"enterprise": ENTERPRISE, "supervisor": OFFICE}
        data = {"enterprise": ENTERPRISE_INFO, **MILESTONES, "directory": directory()}
        steps = [
            ("survey_retirees", lambda _: _survey(roster)),
            ("register_roster", lambda _: {"confirmed": True, "retiree_count": len(roster)}),
            ("draft_framework_agreement", self.framework_draft),
            ("sign_framework_agreement", self.approval),
            ("draft_specific_agreement", self.specific_draft),
            ("sign_specific_agreement", self.county_approval),
            ("verify_retiree_data", lambda _: {"all_correct": True}),
            ("allocate_to_communities", self.allocate_by_address),
            ("receive_retirees", self.reception),
        ]
        return _Case("retiree_handover_programme", PROGRAMME, parties, data, steps)

    def community_org(self) -> _Case:
        """金水区 has signed the agreement and is to decide: a community of its own, or merged."""
        parties = {"enterprise": ENTERPRISE, "receiving_government": gov("410105")}
        # as the start form leaves it: the county it goes to, whose code its agreement is printed for
        place = {"code": "410105", "prefecture_code": "410100", "parties": parties}
        data = {"enterprise": ENTERPRISE_INFO, **MILESTONES, "community_org": {**COMMUNITY_ORG, **place}}
        steps = [
            ("draft_community_agreement", self.community_agreement),
            ("sign_community_agreement", self.approval),
        ]
        return _Case("community_org_handover", COMMUNITY_ORG["name"] + "移交", parties, data, steps)

    def archive_lookup(self, retiree: dict[str, Any], *, served: bool) -> _Case:
        """A request of 金水区's first community; a served one waits for its acknowledgement."""
        kind = "查阅" if served else "复制"
        request = {
            "retiree_name": retiree["name"],
            "id_number": retiree["id_number"],
            "purpose": "核对参加工作时间" if served else "办理养老金资格认证",
            "kind": kind,
            "submitted_on": self.today.isoformat(),
        }
        parties = {"community": "org-community-410105-1", "archive_department": "org-archive-410105"}
        provided = {"provided_on": self.today.isoformat(), "copies": 0, "notes": "已在档案馆阅览室查阅"}
        steps = [
            ("review_lookup_request", lambda _: {"approved": True}),
            ("provide_archive_copy", lambda _: provided),
        ]
        title = f"{retiree['name']} 档案{kind}"
        return _Case("archive_lookup", title, parties, {"request": request}, steps if served else [])

    # -- stepping through the engine --------------------------------------------------------

    def seed_case(self, case: _Case) -> bool:
        """Start a case as an official of its first party and take its steps, unless it exists."""
        query = select(ProcessInstance.id).where(ProcessInstance.process_key == case.process)
        if self.session.scalars(query.where(ProcessInstance.title == case.title)).first() is not None:
            return False
        starter = self.actor(next(iter(case.parties.values())))
        instance = self.engine.start(self.session, case.process, case.parties, case.data, starter, case.title)
        for spec_id, form in case.steps:
            self.complete_each(instance.id, spec_id, form)
        return True

    def complete_each(self, case: int, spec_id: str, form: Form) -> None:
        """Claim and complete every open ``spec_id`` of a case as an official of its owner."""
        for item in self.engine.work_items(self.session, case, state="open"):
            data = form(item) if item.spec_id == spec_id else None
            if data is not None:
                actor = self.actor(item.owner_org)
                self.engine.claim(self.session, item.id, actor)
                self.engine.complete(self.session, item.id, actor, data)

    def seen_by(self, item: WorkItem) -> dict[str, Any]:
        return self.engine.task_data(self.session, item.id, self.actor(item.owner_org))

    def actor(self, organisation: str) -> Actor:
        user = self.officials.get(organisation)
        return user.actor() if user else Actor(f"demo@{organisation}", organisation)

    # -- what the officials write -----------------------------------------------------------

    def signed(self, organisation: str) -> dict[str, str]:
        user = self.officials.get(organisation)
        signer = user.name if user else STAND_INS.get(organisation, "负责人")
        return {"signed_by": signer, "signed_on": self.today.isoformat()}

    def approval(self, item: WorkItem) -> dict[str, Any]:
        return {"approved": True, **self.signed(item.owner_org)}

    def framework_draft(self, item: WorkItem) -> dict[str, Any]:
        prefecture = self.seen_by(item)["prefecture"]
        return {
            "agreement_number": f"豫能化移框〔{self.today.year}〕{prefecture['code'][2:4]}号",
            "content": f"{prefecture['name']}辖区{prefecture['retiree_count']}名退休人员管理服务职能整体移交",
            "responsibilities": "企业负责人员档案整理、移交和费用拨付；市政府负责组织所辖县（区）接收",
            **self.signed(ENTERPRISE),
        }

    def specific_draft(self, item: WorkItem) -> dict[str, Any] | None:
        seen = self.seen_by(item)
        county = seen["county"]
        if county["code"] not in DRAFTED_COUNTIES:
            return None
        return {
            "agreement_number": f"豫能化移具〔{self.today.year}〕{county['code'][2:]}号",
            "content": f"{county['name']}{county['retiree_count']}名退休人员及其档案、党组织关系",
            "requirements": "退休人员信息准确、档案齐全，移交期间养老金按时足额发放",
            "time_nodes": f"{DEFAULT_MILESTONES['M2']}前签订本协议，{DEFAULT_MILESTONES['M4']}前完成移交",
            "retiree_count": county["retiree_count"],
            "staff_to_hand_over": seen["staff_due"],
            **self.signed(ENTERPRISE),
        }

    def county_approval(self, item: WorkItem) -> dict[str, Any] | None:
        return self.approval(item) if item.owner_org == gov(ALLOCATED_COUNTY) else None

    def allocate_by_address(self, item: WorkItem) -> dict[str, Any]:
        """分解落实 by 常住地址: each person to the community their address names."""
        scope = CountyScope(item.instance_id, ALLOCATED_COUNTY)
        people = TaskPeople("allocation", scope)
        now = self.engine.clock.now()
        for number, community in enumerate(COUNTIES[ALLOCATED_COUNTY], start=1):
            org = f"org-community-{ALLOCATED_COUNTY}-{number}"
            allocation.assign(self.session, people, org, now, filters=PeopleFilter(address=community))
        # people without an address here (省外户籍, handed to the enterprise's county) go to its first
        rest = PeopleFilter(community="unassigned")
        allocation.assign(self.session, people, RECEIVED_COMMUNITY, now, filters=rest)
        return {"notes": "按常住地址分解到社区；省外户籍人员分解到企业所在地社区"}

    def reception(self, item: WorkItem) -> dict[str, Any] | None:
        if item.owner_org != RECEIVED_COMMUNITY:
            return None
        return {
            "all_received": True,
            "info_database_built": True,
            "ledger_built": True,
            "contact_cards_issued": True,
            "service_phone": "0371-63912345",
        }

    def community_agreement(self, _item: WorkItem) -> dict[str, Any]:
        return {
            "agreement_number": f"豫能化社移〔{self.today.year}〕1号",
            "content": "社区管理组织的职能、工作人员和资产整体移交金水区",
            "assets": [{"name": "生活区社区办公楼", "kind": "办公场所", "quantity": 1, "value": 1_200_000}],
            **self.signed(ENTERPRISE),
        }


def _survey(roster: list[dict[str, Any]]) -> dict[str, Any]:
    in_province = sum(r["residence_code"].startswith(divisions.HENAN) for r in roster)
    return {
        "total_retirees": len(roster),
        "in_province": in_province,
        "out_of_province": len(roster) - in_province,
        "archives_sorted": True,
    }
