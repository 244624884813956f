"""移交框架协议 — the enterprise and a prefecture's (or directly administered county's) government
sign the framework agreement (M1)."""

from __future__ import annotations

from engine.procedures.declaration import Agreement, Procedure, Returned, Step

PROCEDURE = Procedure(
    key="framework_agreement",
    steps={
        "draft_framework_agreement": Step(
            documents=("framework_agreement",),
            returned_by=(Returned("sign_framework_agreement", "approved"),),
        ),
        "sign_framework_agreement": Step(
            progress="framework_signed",
            documents=("framework_agreement",),
            shows=("draft_framework_agreement",),
        ),
    },
    shows=("enterprise", "milestones", "prefecture"),
    agreements={"framework_agreement": Agreement("draft_framework_agreement", "sign_framework_agreement")},
    document_sources={"framework_agreement": "draft_framework_agreement"},
)
