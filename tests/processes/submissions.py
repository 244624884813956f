"""Form submissions an official would make at each step (valid against forms/)."""

from __future__ import annotations

SIGNED_ON = "2017-03-20"


def survey(total: int) -> dict:
    return {"total_retirees": total, "in_province": total - 1, "out_of_province": 1, "archives_sorted": True}


def registered(count: int | None = None) -> dict:
    return {"confirmed": True} if count is None else {"confirmed": True, "retiree_count": count}


def approve(signer: str = "张局长") -> dict:
    return {"approved": True, "signed_by": signer, "signed_on": SIGNED_ON}


def refuse(reason: str = "移交内容不完整") -> dict:
    return {"approved": False, "reasons": reason}


def framework_draft() -> dict:
    return {
        "agreement_number": "豫移框〔2017〕1号",
        "content": "退休人员、档案、社区管理组织整体移交",
        "responsibilities": "企业负责移交，政府负责接收",
        "signed_by": "李总",
        "signed_on": SIGNED_ON,
    }


def specific_draft(retirees: int, staff: int) -> dict:
    return {
        "agreement_number": "豫移具〔2017〕1号",
        "content": "退休人员整体移交",
        "requirements": "信息准确、档案齐全",
        "time_nodes": "2017年6月底前完成",
        "retiree_count": retirees,
        "staff_to_hand_over": staff,
        "signed_by": "李总",
        "signed_on": "2017-04-20",
    }


def all_correct() -> dict:
    return {"all_correct": True}


def corrections(id_number: str, field: str = "常住地址", issue: str = "常住地址有误") -> dict:
    return {"all_correct": False, "corrections": [{"id_number": id_number, "field": field, "issue": issue}]}


def corrected(id_number: str, field: str = "常住地址", value: str = "经八路街道花园路社区5号楼") -> dict:
    return {"corrections_made": [{"id_number": id_number, "field": field, "value": value}]}


def allocated() -> dict:
    return {}


def received(count: int | None = None, not_received: list[dict] | None = None) -> dict:
    data = {
        "all_received": not not_received,
        "info_database_built": True,
        "ledger_built": True,
        "contact_cards_issued": True,
        "service_phone": "0371-63212345",
    }
    if not_received:
        data["not_received"] = not_received
    if count is not None:
        data["received_count"] = count
    return data


def party_transfer(members: int) -> dict:
    return {"party_member_count": members, "letters_issued": True}


def party_received(members: int) -> dict:
    return {"received_count": members, "receiving_party_org": "街道党工委"}


def staff(*people: tuple[str, str]) -> dict:
    return {
        "staff": [
            {"name": name, "id_number": number, "position": "退休管理员", "previous_monthly_salary": 4200}
            for name, number in people
        ]
    }


def staff_members(count: int) -> tuple[tuple[str, str], ...]:
    """``count`` of the enterprise's retiree-management staff (employees, not retirees)."""
    from datetime import date

    from engine.policy import resident_id

    return tuple(
        (f"管理员{n}", resident_id.make("410402", date(1975, 1, 1 + n), 2 * n + 1)) for n in range(count)
    )


def staff_accepted() -> dict:
    return {"accepted": True, "local_monthly_salary": 3800, "enterprise_pays_difference": True}


def staff_refused() -> dict:
    return {"accepted": False, "reasons": "人数不足"}


def fee_plan(*amounts: int) -> dict:
    return {
        "budget_document": "豫财社〔2017〕12号",
        "instalments": [{"due_on": f"2017-0{5 + n}-15", "amount": a} for n, a in enumerate(amounts)],
    }


def disbursed(amount: int) -> dict:
    return {"paid_on": "2017-05-20", "amount": amount, "voucher": "拨2017-001"}


def fee_received(total: int) -> dict:
    return {"received_total": total, "earmarked": True}


def county_done() -> dict:
    return {"completed_on": "2017-06-25"}


def overall_done() -> dict:
    return {"completed_on": "2017-06-28", "summary": "全部退休人员已移交"}


def archive_list() -> dict:
    return {"list_number": "档移〔2017〕1号"}


def archives_incomplete(id_number: str) -> dict:
    return {"complete": False, "returned": [{"id_number": id_number, "reason": "缺少退休审批表"}]}


def archives_complete() -> dict:
    return {"complete": True}


def archives_supplemented(id_number: str) -> dict:
    return {"supplemented": [{"id_number": id_number, "action": "补充退休审批表"}]}


def archive_receipt(people: int | None = None, volumes: int | None = None) -> dict:
    data = {"receipt_number": "档收〔2017〕1号", "received_on": "2017-06-10"}
    if people is not None:
        data["people"] = people
    if volumes is not None:
        data["volumes"] = volumes
    return data


def archives_stored() -> dict:
    return {"storage_location": "3号库房", "stored_on": "2017-06-12"}
