"""档案查阅 — a community asks the archive department for a look at or a copy of an archive.

The request carries its deadlines (days from the day it was submitted), copied from the campaign
settings when the case starts: a later change of the settings reaches new requests only. The
policy sets no look-up deadline; the defaults are ours (``engine.campaigns``)."""

from __future__ import annotations

from engine.campaigns import campaign_settings
from engine.directory.organisations import chosen_organisation
from engine.procedures.declaration import CaseStart, Procedure, StartRequest

REQUEST_KEYS = ("retiree_name", "id_number", "purpose", "kind")

#: the request's deadline (``request["deadlines"]``, read by the diagram's ``due``) → the campaign
#: setting it is copied from
DEADLINES = {
    "review": "lookup_review_days",
    "service": "lookup_service_days",
    "acknowledge": "lookup_acknowledge_days",
    "refusal": "lookup_refusal_days",
}


def start(request: StartRequest) -> CaseStart:
    answers = request.answers
    archives = chosen_organisation(request.session, answers["archive_department"], "archive_department")
    lookup = {key: answers[key] for key in REQUEST_KEYS}
    lookup["submitted_on"] = request.today.isoformat()
    settings = campaign_settings(request.session)
    lookup["deadlines"] = {name: settings[key] for name, key in DEADLINES.items()}
    parties = {"community": request.organisation_id, "archive_department": archives}
    return CaseStart(parties, {"request": lookup}, f"{lookup['retiree_name']} 档案{lookup['kind']}")


PROCEDURE = Procedure(key="archive_lookup", start=start)
