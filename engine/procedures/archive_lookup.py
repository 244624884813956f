"""档案查阅 — a community asks the archive department for a look at or a copy of an archive."""

from __future__ import annotations

from engine.directory.organisations import chosen_organisation
from engine.procedures.declaration import CaseStart, Procedure, StartRequest

REQUEST_KEYS = ("retiree_name", "id_number", "purpose", "kind")


def start(request: StartRequest) -> CaseStart:
    answers = request.answers
    archives = chosen_organisation(request.session, answers["archive_department"], "archive_department")
    lookup = {key: answers[key] for key in REQUEST_KEYS}
    lookup["submitted_on"] = request.today.isoformat()
    parties = {"community": request.organisation_id, "archive_department": archives}
    return CaseStart(parties, {"request": lookup}, f"{lookup['retiree_name']} 档案{lookup['kind']}")


PROCEDURE = Procedure(key="archive_lookup", start=start)
