"""节日走访慰问 — a county government's festival visits (seed 四(四)(九); the Zhengzhou notice):
春节、重阳 or a campaign it names, with a date by which the communities visit everyone in the plan.
The plan, the lists and the visits live in ``engine.aftercare.visits``."""

from __future__ import annotations

from sqlalchemy import select

from engine.directory.organisations import Organisation
from engine.errors import InvalidTaskData
from engine.policy import divisions
from engine.procedures.declaration import CaseStart, Procedure, StartRequest, Step
from engine.workflow.models import ProcessInstance

KEY = "festival_visits"
#: the festivals the start form offers; 其他 takes the name typed
FESTIVALS = ("春节", "重阳")
OTHER = "其他"


def title(county_name: str, year: int, name: str) -> str:
    """ "金水区2017年春节走访慰问"."""
    return f"{county_name}{year}年{name}走访慰问"


def _name(answers: dict) -> str:
    festival = answers["festival"]
    if festival != OTHER:
        return festival
    typed = str(answers.get("name") or "").strip()
    if not typed:
        raise InvalidTaskData({"name": ["选择“其他”时请填写走访名称"]})
    return typed.removesuffix("走访慰问")


def start(request: StartRequest) -> CaseStart:
    """The government's county, the festival and the due date; one campaign of a name per year."""
    government = request.session.get(Organisation, request.organisation_id)
    county = government.division_code if government is not None else None
    if government is None or government.kind != "receiving_government" or not county:
        raise InvalidTaskData({"festival": ["只有县（市、区）政府可以开展节日走访慰问"]})
    answers = request.answers
    year, due, name = int(answers["year"]), str(answers["due"]), _name(answers)
    if due < request.today.isoformat() or not due.startswith(str(year)) and not due.startswith(str(year + 1)):
        raise InvalidTaskData({"due": [f"走访完成日期不得早于今天，且须在 {year} 年或次年初"]})
    case_title = title(divisions.full_name(county), year, name)
    if _opened(request, case_title):
        raise InvalidTaskData({"festival": [f"{case_title}已经开展"]})
    campaign = {
        "county": county,
        "year": year,
        "name": name,
        "due": due,
        "government": request.organisation_id,
        "notes": answers.get("notes") or "",
    }
    parties = {"receiving_government": request.organisation_id}
    return CaseStart(parties, {"campaign": campaign, "festival": name}, case_title)


def _opened(request: StartRequest, name: str) -> bool:
    statement = select(ProcessInstance.id).where(
        ProcessInstance.process_key == KEY, ProcessInstance.title == name, ProcessInstance.status != "error"
    )
    return request.session.scalar(statement) is not None


PROCEDURE = Procedure(
    key=KEY,
    steps={
        "record_visits": Step(record="festival_visits", shows=("community",)),
    },
    start=start,
    shows=("campaign", "festival"),
)
