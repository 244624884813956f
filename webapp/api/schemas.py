"""JSON Schemas of what the API answers: the ``components/schemas`` of its OpenAPI document."""

from __future__ import annotations

from typing import Any

from engine.campaigns import SETTINGS
from engine.campaigns.declared import DAYS, MILESTONE_CODES
from engine.registry.hukou_moves import INTENTION_NAMES, OUTCOME_NAMES
from engine.registry.retirees import ARCHIVE_STATUSES, STATUSES


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


TIMESTAMP = {"type": ["string", "null"], "format": "date-time"}
TEXT_OR_NULL = {"type": ["string", "null"]}

SCHEMAS: dict[str, Any] = {
    "Error": {
        "type": "object",
        "required": ["error"],
        "properties": {
            "error": {
                "type": "object",
                "required": ["code", "message"],
                "properties": {
                    "code": {"type": "string", "examples": ["not_found", "conflict", "invalid_data"]},
                    "message": {"type": "string", "description": "给办事人员看的中文说明"},
                    "detail": {"type": "string", "description": "技术细节"},
                    "fields": {
                        "type": "object",
                        "description": "字段路径（如 `roster.3.id_number`）→ 问题",
                        "additionalProperties": {"type": "array", "items": {"type": "string"}},
                    },
                    "problems": {"type": "array", "items": ref("Problem")},
                },
            }
        },
    },
    "Problem": {
        "type": "object",
        "required": ["file", "message"],
        "properties": {
            "file": {"type": "string"},
            "element": TEXT_OR_NULL,
            "line": {"type": ["integer", "null"]},
            "message": {"type": "string"},
        },
    },
    "RosterImportResult": {
        "type": "object",
        "required": ["id", "accepted", "unchanged", "rejected", "warnings"],
        "properties": {
            "id": {"type": "integer", "description": "导入批次 id"},
            "accepted": {"type": "integer", "description": "新登记的人数"},
            "unchanged": {"type": "integer", "description": "本单位已登记且信息相同、未作改动的人数"},
            "rejected": {
                "type": "array",
                "description": "未导入的行的问题，每个问题一条",
                "items": {
                    "type": "object",
                    "required": ["row", "column", "reason"],
                    "properties": {
                        "row": {"type": "integer", "description": "表格中的行号（列名行为第1行）"},
                        "column": {"type": "string", "examples": ["身份证号"]},
                        "reason": {"type": "string"},
                    },
                },
            },
            "warnings": {
                "type": "array",
                "items": {"type": "string"},
                "examples": [["未识别的列已忽略：备注"]],
            },
            "rows": {"type": "integer", "description": "读到的数据行数（不含空行）"},
        },
    },
    "User": {
        "type": "object",
        "properties": {
            "username": {"type": "string"},
            "name": {"type": "string"},
            "organisation_id": {"type": "string"},
            "organisation_name": {"type": "string"},
            "organisation_kind": {"type": "string"},
            "roles": {"type": "array", "items": {"type": "string"}},
        },
    },
    "Token": {
        "type": "object",
        "required": ["token", "expires_at"],
        "properties": {
            "token": {"type": "string"},
            "expires_at": {"type": "string", "format": "date-time"},
            "user": ref("User"),
        },
    },
    "Process": {
        "type": "object",
        "required": ["key", "name", "version", "lanes", "startable"],
        "properties": {
            "key": {"type": "string", "examples": ["retiree_handover_programme"]},
            "name": {"type": "string"},
            "version": {"type": "integer"},
            "lanes": {"type": "array", "items": {"type": "string"}},
            "executable": {"type": "boolean"},
            "deployed_at": {"type": "string", "format": "date-time"},
            "startable": {"type": "boolean", "description": "调用者所在单位类型可以发起"},
        },
    },
    "Deployment": {
        "type": "object",
        "required": ["key", "version", "changed"],
        "properties": {
            "key": {"type": "string"},
            "version": {"type": "integer"},
            "changed": {"type": "boolean", "description": "false：内容未变，沿用原版本"},
        },
    },
    "Instance": {
        "type": "object",
        "required": ["id", "process", "version", "status", "title"],
        "properties": {
            "id": {"type": "integer"},
            "process": {"type": "string"},
            "process_name": {"type": "string"},
            "version": {"type": "integer", "description": "案件所用流程定义的版本"},
            "status": {"type": "string", "enum": ["running", "completed", "error"]},
            "title": {"type": "string"},
            "parties": {"type": "object", "additionalProperties": {"type": "string"}},
            "started_at": {"type": "string", "format": "date-time"},
            "started_by": {"type": "string"},
            "completed_at": TIMESTAMP,
        },
    },
    "InstanceDetail": {
        "allOf": [
            ref("Instance"),
            {
                "type": "object",
                "properties": {
                    "error": TEXT_OR_NULL,
                    "completed_tasks": {"type": "array", "items": ref("Task")},
                    "active_tasks": {"type": "array", "items": ref("Task")},
                    "history": {"type": "array", "items": ref("AuditEvent")},
                    "documents": {"type": "array", "items": ref("Document")},
                    "waiting_for": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "properties": {"message": {"type": "string"}, "lane": TEXT_OR_NULL},
                        },
                    },
                },
            },
        ]
    },
    "Task": {
        "type": "object",
        "required": ["id", "spec_id", "name", "lane", "owner_org", "claimed_by", "due_at", "state"],
        "properties": {
            "id": {"type": "integer"},
            "spec_id": {"type": "string"},
            "name": {"type": "string"},
            "process": {"type": "string"},
            "procedure": {
                "type": "object",
                "description": "事项自身所属的流程（被调用流程如 county_handover 的，而非案件的）",
                "properties": {"key": {"type": "string"}, "name": TEXT_OR_NULL},
            },
            "subject": {
                "type": "object",
                "description": "事项涉及的县（市、区）、社区、企业或人员，及其区划代码",
                "properties": {"name": TEXT_OR_NULL, "division_code": TEXT_OR_NULL},
            },
            "case": {
                "type": "object",
                "properties": {"id": {"type": "integer"}, "title": {"type": "string"}},
            },
            "lane": TEXT_OR_NULL,
            "owner_org": TEXT_OR_NULL,
            "user_role": {"type": "string"},
            "milestone": TEXT_OR_NULL,
            "state": {"type": "string", "enum": ["open", "completed", "cancelled"]},
            "claimed_by": TEXT_OR_NULL,
            "created_at": {"type": "string", "format": "date-time"},
            "due_at": TIMESTAMP,
            "overdue": {"type": "boolean"},
            "completed_at": TIMESTAMP,
            "completed_by": TEXT_OR_NULL,
        },
    },
    "TaskDetail": {
        "allOf": [
            ref("Task"),
            {
                "type": "object",
                "properties": {
                    "instructions": {"type": "string"},
                    "may_act": {"type": "boolean"},
                    "form": {
                        "type": ["object", "null"],
                        "properties": {
                            "key": {"type": "string"},
                            "title": {"type": "string"},
                            "schema": {"type": ["object", "null"], "description": "表单的 JSON Schema"},
                        },
                    },
                    "data": {"type": "object", "description": "该事项可见的案件数据"},
                },
            },
        ]
    },
    "CompletedTask": {
        "allOf": [
            ref("TaskDetail"),
            {"type": "object", "properties": {"next": {"type": "array", "items": ref("Task")}}},
        ]
    },
    "SavedFilter": {
        "type": "object",
        "required": ["id", "name", "query"],
        "properties": {"id": {"type": "integer"}, "name": {"type": "string"}, "query": {"type": "string"}},
    },
    "SavedFilterList": {
        "type": "object",
        "required": ["items"],
        "properties": {"items": {"type": "array", "items": ref("SavedFilter")}},
    },
    "ClaimReport": {
        "type": "object",
        "required": ["claimed", "taken", "unavailable"],
        "properties": {
            "claimed": {"type": "array", "items": ref("Task"), "description": "已签收（含本人早已签收的）"},
            "taken": {"type": "array", "items": ref("Task"), "description": "期间已被他人签收或办结，未签收"},
            "unavailable": {
                "type": "array",
                "items": {"type": "integer"},
                "description": "不存在，或不属于调用者的单位或角色",
            },
        },
    },
    "TaskPage": {
        "type": "object",
        "required": ["items", "total", "page", "per_page"],
        "properties": {
            "items": {"type": "array", "items": ref("Task")},
            "total": {"type": "integer"},
            "page": {"type": "integer"},
            "per_page": {"type": "integer"},
        },
    },
    "AuditEvent": {
        "type": "object",
        "properties": {
            "at": {"type": "string", "format": "date-time"},
            "actor": {"type": "string"},
            "organisation_id": TEXT_OR_NULL,
            "action": {"type": "string", "examples": ["start", "claim", "complete", "message", "timer"]},
            "task_id": {"type": ["integer", "null"]},
            "data_hash": {"type": ["string", "null"], "description": "提交数据的 SHA-256"},
            "detail": {"type": "object"},
        },
    },
    "Document": {
        "type": "object",
        "required": ["kind", "title", "url"],
        "properties": {
            "id": {"type": "integer"},
            "kind": {"type": "string"},
            "title": {"type": "string"},
            "url": {"type": "string"},
            "filename": {"type": "string"},
            "content_type": {"type": "string"},
            "size": {"type": "integer"},
            "sha256": {"type": "string"},
            "task_id": {"type": ["integer", "null"]},
            "uploaded_at": {"type": "string", "format": "date-time"},
            "uploaded_by": {"type": "string"},
            "generated": {
                "type": "boolean",
                "description": "true：由案件数据生成的公文（协议、清册、档案清单、回执），url 取最新版本",
            },
            "county": {"type": "string", "description": "生成的公文所属接收县（市、区）的区划代码"},
            "spreadsheet_url": {
                "type": "string",
                "description": "人员名单（清册、档案移交清单、管理服务人员名单）的 Excel 文件（.xlsx）",
            },
            "prefecture": {"type": "string", "description": "框架协议所属省辖市（省直管县（市））的区划代码"},
            "community_org": {
                "type": "string",
                "description": "社区管理组织移交协议所属接收县（市、区）的区划代码",
            },
            "making": {
                "oneOf": [{"type": "null"}, ref("DocumentProgress")],
                "description": "生成的公文正在后台生成时的进度，否则为 null",
            },
        },
    },
    "Retiree": {
        "type": "object",
        "required": ["id", "name", "sex", "id_number", "enterprise_org", "status", "archive_status"],
        "properties": {
            "id": {"type": "integer"},
            "name": {"type": "string"},
            "sex": {"type": "string", "enum": ["男", "女"]},
            "id_number": {
                "type": "string",
                "description": "移交企业、接收县（市、区）政府和分解到的社区见完整号码，"
                "其他单位见 410***********1234",
            },
            "birth_date": {
                "type": ["string", "null"],
                "format": "date",
                "description": "出生日期；身份证号对调用者打码时为 null",
            },
            "hukou_code": {
                "type": ["string", "null"],
                "description": "户籍地区划代码；身份证号对调用者打码时为 null",
            },
            "phone": {"type": ["string", "null"], "description": "联系电话；身份证号对调用者打码时为 null"},
            "address": {"type": ["string", "null"], "description": "常住地址；身份证号对调用者打码时为 null"},
            "enterprise_org": {"type": "string"},
            "destination_code": {
                "type": ["string", "null"],
                "description": "接收地区划代码；不移交的为 null",
            },
            "status": {"type": "string", "enum": list(STATUSES)},
            "archive_status": {"type": "string", "enum": list(ARCHIVE_STATUSES)},
            "community_org": TEXT_OR_NULL,
            "instance_id": {"type": ["integer", "null"], "description": "所属移交案件"},
            "hukou_move": ref("HukouMove"),
        },
    },
    "HukouMove": {
        "type": ["object", "null"],
        "description": "户籍迁移（户籍与常住地为本省不同县（市、区）的人员）；户籍与常住地一致、"
        "或身份证号对调用者打码时为 null",
        "properties": {
            "intention": {"type": "string", "enum": list(INTENTION_NAMES)},
            "intention_name": {"type": "string"},
            "outcome": {"type": ["string", "null"], "enum": [*OUTCOME_NAMES, None]},
            "outcome_name": {"type": "string"},
            "moved_on": {"type": ["string", "null"], "format": "date"},
            "reason": TEXT_OR_NULL,
            "may_record": {
                "type": "boolean",
                "description": "调用者可否记录：分解到的社区，或接收县（市、区）政府",
            },
        },
    },
    "HukouMoveRequest": {
        "type": "object",
        "required": ["intention"],
        "properties": {
            "intention": {
                "type": "string",
                "enum": list(INTENTION_NAMES),
                "description": "not_asked 未询问（清除记录）、wants 愿意迁入居住地、declines 不愿迁入",
            },
            "outcome": {
                "type": "string",
                "enum": list(OUTCOME_NAMES),
                "description": "pending 待办理（愿意迁入时的默认）、moved 已迁入、declined 未迁入"
                "（不愿迁入时只能是它）",
            },
            "moved_on": {
                "type": "string",
                "format": "date",
                "description": "迁入日期，已迁入时必填，不晚于今天",
            },
            "reason": {"type": "string", "maxLength": 300, "description": "未迁入的原因，未迁入时必填"},
        },
    },
    "TaskPerson": {
        "type": "object",
        "required": ["id", "name", "id_number", "status", "archive"],
        "properties": {
            "id": {"type": "integer"},
            "name": {"type": "string"},
            "sex": {"type": "string"},
            "id_number": {"type": "string", "description": "完整号码或 410***********1234（按查看范围）"},
            "phone": {"type": ["string", "null"]},
            "address": {"type": ["string", "null"]},
            "residence_code": {"type": "string"},
            "party_member": {"type": "boolean"},
            "special_status": {"type": "array", "items": {"type": "string"}},
            "status": {"type": "string", "enum": list(STATUSES)},
            "status_name": {"type": "string"},
            "community_org": TEXT_OR_NULL,
            "community": TEXT_OR_NULL,
            "returned_reason": TEXT_OR_NULL,
            "interim": {
                "type": ["object", "null"],
                "description": "过渡期管理（社区接收前）：管理单位及截止日期",
                "properties": {
                    "manager_org": {"type": "string"},
                    "manager": {"type": "string"},
                    "until": {"type": ["string", "null"], "format": "date"},
                },
            },
            "hukou_move": ref("HukouMove"),
            "archive": {
                "type": "object",
                "properties": {
                    "volumes": {"type": ["integer", "null"]},
                    "items": {"type": ["integer", "null"]},
                    "missing": TEXT_OR_NULL,
                    "status": {"type": "string", "enum": list(ARCHIVE_STATUSES)},
                    "status_name": {"type": "string"},
                    "note": TEXT_OR_NULL,
                },
            },
        },
    },
    "CommunitySum": {
        "type": "object",
        "properties": {
            "community_org": TEXT_OR_NULL,
            "community": {"type": "string"},
            "retiree_count": {"type": "integer"},
            "interim": {"type": "boolean", "description": "过渡期管理、尚未分解到社区的人员合计"},
        },
    },
    "TaskPeople": {
        "type": "object",
        "required": ["kind", "items", "total", "page", "per_page"],
        "properties": {
            "kind": {
                "type": ["string", "null"],
                "description": "county, allocation, reception, interim, party_members, archive_list, "
                "archives, returned_archives",
            },
            "county": {"type": "string"},
            "items": {"type": "array", "items": ref("TaskPerson")},
            "total": {"type": "integer"},
            "unfiltered": {"type": "integer"},
            "page": {"type": "integer"},
            "per_page": {"type": "integer"},
            "by_community": {"type": "array", "items": ref("CommunitySum")},
            "communities": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {"id": {"type": "string"}, "name": {"type": "string"}},
                },
            },
            "interim_managers": {
                "type": "array",
                "description": "可选的过渡期管理单位：原企业退休管理机构、社会保险经办机构（分解名单）",
                "items": {
                    "type": "object",
                    "properties": {"id": {"type": "string"}, "name": {"type": "string"}},
                },
            },
        },
    },
    "AllocationRequest": {
        "type": "object",
        "description": "community（分解到社区）与 interim（过渡期管理）二选一",
        "properties": {
            "community": {"type": "string", "description": "本县社区的单位 id 或名称"},
            "interim": {
                "type": "object",
                "description": "过渡期管理：暂由原企业退休管理机构或社会保险经办机构管理，至截止日期",
                "required": ["manager", "until"],
                "properties": {
                    "manager": {
                        "type": "string",
                        "description": "过渡期管理单位 id 或名称（见人员名单的 interim_managers）",
                    },
                    "until": {
                        "type": "string",
                        "format": "date",
                        "description": "截止日期：晚于今天，不超过3年",
                    },
                },
            },
            "retirees": {"type": "array", "items": {"type": "integer"}, "description": "人员 id"},
            "filter": {
                "type": "object",
                "description": "不给 retirees 时，按与 GET people 相同的筛选条件分解",
            },
        },
    },
    "AllocationResult": {
        "type": "object",
        "required": ["assigned", "by_community"],
        "properties": {
            "assigned": {"type": "integer"},
            "by_community": {"type": "array", "items": ref("CommunitySum")},
        },
    },
    "ArchiveRowsRequest": {
        "type": "object",
        "properties": {
            "rows": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["id_number", "volumes"],
                    "properties": {
                        "id_number": {"type": "string"},
                        "volumes": {"type": "integer", "minimum": 1},
                        "items": {"type": "integer", "minimum": 0},
                        "missing": {"type": "string"},
                    },
                },
            },
            "fill_blank": {
                "type": "object",
                "properties": {"volumes": {"type": "integer"}, "items": {"type": "integer"}},
            },
        },
    },
    "RetireePage": {
        "type": "object",
        "required": ["items", "total", "page", "per_page"],
        "properties": {
            "items": {"type": "array", "items": ref("Retiree")},
            "total": {"type": "integer"},
            "page": {"type": "integer"},
            "per_page": {"type": "integer"},
        },
    },
    "Clock": {
        "type": "object",
        "required": ["now", "source", "simulated", "frozen"],
        "properties": {
            "now": {"type": "string", "format": "date-time"},
            "source": {"type": "string", "enum": ["stored", "configured", "machine"]},
            "simulated": {"type": "boolean", "description": "不是机器时间"},
            "frozen": {"type": "boolean"},
            "set_by": TEXT_OR_NULL,
            "set_at": {"type": ["string", "null"], "format": "date-time"},
        },
    },
    "ReminderList": {
        "type": "object",
        "required": ["items"],
        "properties": {
            "items": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["id", "task_id", "task", "case", "due_date", "days_left", "overdue"],
                    "properties": {
                        "id": {"type": "integer"},
                        "task_id": {"type": "integer"},
                        "task": {"type": "string"},
                        "case": {"type": "string"},
                        "due_date": {"type": "string", "format": "date"},
                        "days_left": {"type": "integer", "description": "负数为已逾期天数"},
                        "overdue": {"type": "boolean"},
                    },
                },
            }
        },
    },
    "ProgressCell": {
        "type": "object",
        "description": "一个时间节点在一行中的计数：应完成、已完成、逾期（未完成且已过节点）、逾期完成",
        "required": ["due", "done", "overdue", "late", "done_percent", "overdue_percent", "status"],
        "properties": {
            "due": {"type": "integer"},
            "done": {"type": "integer"},
            "overdue": {"type": "integer"},
            "late": {"type": "integer"},
            "done_percent": {"type": ["number", "null"]},
            "overdue_percent": {"type": ["number", "null"]},
            "status": {"type": "string", "enum": ["none", "done", "overdue", "at_risk", "on_track"]},
        },
    },
    "ProgressRow": {
        "type": "object",
        "required": ["key", "name", "milestones", "retirees", "archives", "fee"],
        "properties": {
            "key": {"type": ["string", "null"], "description": "区划代码或企业单位 id；无者为 null"},
            "name": {"type": "string"},
            "milestones": {
                "type": "object",
                "properties": {code: ref("ProgressCell") for code in ("M1", "M2", "M3", "M4")},
            },
            "retirees": {"type": "object", "description": "退休人员：计划 planned、已接收 received"},
            "archives": {"type": "object", "description": "档案：计划 planned、已接收 received"},
            "fee": {"type": "object", "description": "管理费用（元）：应拨付 due、已拨付 disbursed"},
        },
    },
    "ServiceFigures": {
        "type": "object",
        "required": ["year", "place", "columns", "rows", "total"],
        "properties": {
            "year": {"type": "integer"},
            "place": {"type": "string"},
            "columns": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["part", "key", "header", "share_of"],
                    "properties": {
                        "part": {"type": "string", "enum": ["deaths", "certification", "visits"]},
                        "key": {"type": "string"},
                        "header": {"type": "string"},
                        "share_of": {
                            "type": ["string", "null"],
                            "description": "比例列：key 占 share_of 的比例",
                        },
                    },
                },
            },
            "rows": {"type": "array", "items": {"$ref": "#/components/schemas/ServiceFiguresRow"}},
            "total": {"$ref": "#/components/schemas/ServiceFiguresRow"},
        },
    },
    "ServiceFiguresRow": {
        "type": "object",
        "required": ["code", "name", "counts"],
        "properties": {
            "code": {"type": ["string", "null"], "description": "县（市、区）区划代码；合计行为 null"},
            "name": {"type": "string"},
            "counts": {
                "type": "object",
                "description": "部分（deaths、certification、visits）→ 指标 → 人数",
                "additionalProperties": {"type": "object", "additionalProperties": {"type": "integer"}},
            },
        },
    },
    "Progress": {
        "type": "object",
        "required": ["campaign", "as_of", "level", "selection", "milestones", "rows", "total"],
        "properties": {
            "campaign": {"type": "string"},
            "as_of": {"type": "string", "format": "date-time"},
            "level": {"type": "string", "enum": ["prefecture", "county", "enterprise"]},
            "selection": {"type": "object"},
            "milestones": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["code", "title", "deadline", "passed"],
                    "properties": {
                        "code": {"type": "string"},
                        "title": {"type": "string"},
                        "deadline": {"type": "string", "format": "date-time"},
                        "passed": {"type": "boolean"},
                    },
                },
            },
            "rows": {"type": "array", "items": ref("ProgressRow")},
            "total": ref("ProgressRow"),
        },
    },
    "ProgressUnitPage": {
        "type": "object",
        "required": ["items", "total", "page", "per_page"],
        "properties": {
            "items": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": [
                        *("instance_id", "kind", "milestone", "title"),
                        *("deadline", "done_at", "overdue"),
                    ],
                    "properties": {
                        "instance_id": {"type": "integer"},
                        "kind": {"type": "string"},
                        "milestone": {"type": "string"},
                        "title": {"type": "string"},
                        "enterprise": TEXT_OR_NULL,
                        "prefecture": TEXT_OR_NULL,
                        "county": TEXT_OR_NULL,
                        "deadline": {"type": "string", "format": "date-time"},
                        "done_at": {"type": ["string", "null"], "format": "date-time"},
                        "overdue": {"type": "boolean"},
                    },
                },
            },
            "total": {"type": "integer"},
            "page": {"type": "integer"},
            "per_page": {"type": "integer"},
        },
    },
    "RetireeDetail": {
        "allOf": [
            ref("Retiree"),
            {
                "type": "object",
                "required": ["history"],
                "properties": {
                    "history": {
                        "type": ["object", "null"],
                        "description": "所属案件及其中与本人接收县有关的步骤；调用者无权查看该案件时为 null",
                        "properties": {
                            "case": {
                                "type": "object",
                                "properties": {
                                    "id": {"type": "integer"},
                                    "title": {"type": "string"},
                                    "process": {"type": "string"},
                                    "status": {"type": "string"},
                                },
                            },
                            "steps": {"type": "array", "items": ref("RetireeStep")},
                        },
                    }
                },
            },
        ]
    },
    "RetireeStep": {
        "type": "object",
        "properties": {
            "task_id": {"type": "integer"},
            "spec_id": {"type": "string"},
            "name": {"type": "string"},
            "state": {"type": "string", "enum": ["open", "completed", "cancelled"]},
            "owner_org": TEXT_OR_NULL,
            "completed_at": TIMESTAMP,
        },
    },
}


def _campaign_setting(setting) -> dict[str, Any]:
    if setting.kind == DAYS:
        bounds = {"minimum": setting.minimum, "maximum": setting.maximum, "default": setting.default}
        return {"type": "integer", **bounds, "description": f"{setting.label}（天）"}
    dates = {code: {"type": "string", "format": "date"} for code in MILESTONE_CODES}
    return {"type": "object", "properties": dates, "additionalProperties": False, "title": setting.label}


# derived from the declared table of settings (engine.campaigns.SETTINGS), as the page is
SCHEMAS["CampaignSettingValues"] = {
    "type": "object",
    "properties": {setting.key: _campaign_setting(setting) for setting in SETTINGS},
    "additionalProperties": False,
}
SCHEMAS["CampaignSettings"] = {
    "type": "object",
    "required": ["settings", "defaults"],
    "properties": {"settings": ref("CampaignSettingValues"), "defaults": ref("CampaignSettingValues")},
}

# comments (意见) and the history's sentences (webapp/api/comments.py)
SCHEMAS["AuditEvent"]["properties"].update(
    {
        "sentence": {
            "type": "string",
            "description": "办理记录的一句话：时间（北京时间）、单位和经办人姓名、做了什么（事项名称）",
            "examples": [
                "2017年4月2日 10:15 郑州市金水区人民政府 李娜 办结了“审核并签订具体移交协议”：退回，理由：…"
            ],
        },
        "who": {"type": "string", "description": "单位名称和经办人姓名"},
    }
)
_NAMED = {"type": "object", "properties": {"id": {"type": "string"}, "name": {"type": "string"}}}
SCHEMAS["CommentRequest"] = {
    "type": "object",
    "properties": {
        "body": {"type": "string", "maxLength": 2000, "description": "正文；@单位全称 提及该单位"},
        "mentions": {"type": "array", "items": {"type": "string"}, "description": "另行提及的单位 id"},
    },
}
SCHEMAS["Comment"] = {
    "type": "object",
    "required": ["id", "instance_id", "at", "body", "sentence"],
    "properties": {
        "id": {"type": "integer"},
        "instance_id": {"type": "integer"},
        "task_id": {"type": ["integer", "null"]},
        "task_name": TEXT_OR_NULL,
        "at": {"type": "string", "format": "date-time"},
        "author": TEXT_OR_NULL,
        "organisation_id": {"type": "string"},
        "organisation_name": TEXT_OR_NULL,
        "body": {"type": "string"},
        "mentions": {"type": "array", "items": _NAMED},
        "attachments": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "id": {"type": "integer"},
                    "filename": {"type": "string"},
                    "content_type": {"type": "string"},
                    "size": {"type": "integer"},
                    "sha256": {"type": "string"},
                    "url": {"type": "string"},
                },
            },
        },
        "sentence": {"type": "string"},
    },
}
SCHEMAS["CommentThread"] = {
    "type": "object",
    "properties": {
        "items": {"type": "array", "items": ref("Comment")},
        "may_mention": {"type": "array", "items": _NAMED},
    },
}

# Notifications and substitutes (webapp/api/notifications.py, handing.py)
SCHEMAS["Notification"] = {
    "type": "object",
    "required": ["id", "kind", "subject", "body", "personal", "created_at", "read"],
    "properties": {
        "id": {"type": "integer"},
        "kind": {
            "type": "string",
            "enum": ["new_task", "returned", "reminder", "escalation", "reassigned", "substitute", "comment"],
        },
        "subject": {"type": "string"},
        "body": {"type": "string"},
        "task_id": {"type": ["integer", "null"]},
        "instance_id": {"type": ["integer", "null"]},
        "personal": {"type": "boolean", "description": "给本人的（否则是给本单位的）"},
        "on_behalf_of": {**TEXT_OR_NULL, "description": "代其接收的同事（调用者是其代理人）"},
        "created_at": {"type": "string", "format": "date-time"},
        "read": {"type": "boolean"},
    },
}
SCHEMAS["NotificationList"] = {
    "type": "object",
    "required": ["items", "total", "unread", "page", "per_page"],
    "properties": {
        "items": {"type": "array", "items": ref("Notification")},
        "total": {"type": "integer"},
        "unread": {"type": "integer", "description": "未读总数（页眉的角标）"},
        "page": {"type": "integer"},
        "per_page": {"type": "integer"},
    },
}
SCHEMAS["Substitution"] = {
    "type": "object",
    "required": ["id", "substitute", "starts_on", "ends_on"],
    "properties": {
        "id": {"type": "integer"},
        "substitute": {"type": "string"},
        "starts_on": {"type": "string", "format": "date"},
        "ends_on": {"type": "string", "format": "date", "description": "含当天"},
    },
}
_CERTIFICATION_COUNTS = {
    key: {"type": "integer"}
    for key in ("living", "certified", "not_found", "died", "outstanding", "suspended")
}
SCHEMAS["CertificationProgress"] = {
    "type": "object",
    "required": ["id", "title", "county_code", "year", "deadline", "total", "communities"],
    "properties": {
        "id": {"type": "integer", "description": "认证案件 id"},
        "title": {"type": "string"},
        "status": {"type": "string", "enum": ["running", "completed", "error"]},
        "county_code": {"type": "string"},
        "county": {"type": "string"},
        "year": {"type": "integer"},
        "deadline": {"type": "string", "format": "date"},
        "total": {"type": "object", "properties": _CERTIFICATION_COUNTS},
        "communities": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "community_org": {"type": "string"},
                    "community": {"type": "string"},
                    **_CERTIFICATION_COUNTS,
                    "overdue": {"type": "boolean", "description": "截止日期已过，仍有未认证（未标记）人员"},
                },
            },
        },
    },
}
SCHEMAS["CertificationPeople"] = {
    "type": "object",
    "required": ["stage", "counts", "total", "page", "per_page", "items"],
    "properties": {
        "stage": {"type": "string", "enum": ["certification", "follow_up", "suspension"]},
        "counts": {
            "type": "object",
            "description": "整个名单（不受查找条件影响）：listed、certified、not_found、died、unmarked",
        },
        "total": {"type": "integer"},
        "page": {"type": "integer"},
        "per_page": {"type": "integer"},
        "items": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "retiree_id": {"type": "integer"},
                    "name": {"type": "string"},
                    "id_number": {"type": "string"},
                    "address": TEXT_OR_NULL,
                    "phone": TEXT_OR_NULL,
                    "outcome": {"type": ["string", "null"], "enum": ["certified", "not_found", "died", None]},
                    "method": {
                        "type": ["string", "null"],
                        "enum": ["in_person", "home_visit", "remote", None],
                    },
                    "on": {"type": ["string", "null"], "format": "date"},
                    "stage": TEXT_OR_NULL,
                    "suspended_on": {"type": ["string", "null"], "format": "date"},
                },
            },
        },
    },
}
SCHEMAS["CertificationMarks"] = {
    "type": "object",
    "required": ["marks"],
    "properties": {
        "marks": {
            "type": "array",
            "minItems": 1,
            "maxItems": 500,
            "items": {
                "type": "object",
                "required": ["outcome"],
                "properties": {
                    "id_number": {"type": "string", "description": "身份证号（或 retiree_id）"},
                    "retiree_id": {"type": "integer"},
                    "outcome": {"type": "string", "enum": ["certified", "not_found", "died"]},
                    "method": {"type": "string", "enum": ["in_person", "home_visit", "remote"]},
                    "on": {"type": "string", "format": "date", "description": "认证日期（已认证时必填）"},
                },
            },
        }
    },
}
SCHEMAS["DeathReport"] = {
    "type": "object",
    "properties": {
        "instance_id": {"type": "integer"},
        "retiree_id": {"type": "integer"},
        "name": {"type": "string"},
        "id_number": {"type": "string", "description": "按登记库规则显示（完整或隐去部分）"},
        "died_on": {"type": "string", "format": "date"},
        "source": {"type": "string", "enum": ["社区", "民政"]},
        "reported_on": {"type": "string", "format": "date"},
        "stage": {"type": "string"},
        "pension_stopped_from": {"type": ["string", "null"], "description": "停发月份 YYYY-MM"},
        "funeral_grant": {"type": ["integer", "null"]},
        "survivor_pension": {"type": ["integer", "null"]},
    },
}
SCHEMAS["DeathReportPage"] = {
    "type": "object",
    "properties": {
        "items": {"type": "array", "items": ref("DeathReport")},
        "total": {"type": "integer"},
        "page": {"type": "integer"},
        "per_page": {"type": "integer"},
    },
}
SCHEMAS["RetireeChange"] = {
    "type": "object",
    "description": "一项信息变更（变更记录）：社区变更或转移所致",
    "properties": {
        "field": {
            "type": "string",
            "description": "address、phone、special_status、community_org、residence_code、destination_code",
        },
        "field_name": {"type": "string"},
        "old": TEXT_OR_NULL,
        "new": TEXT_OR_NULL,
        "reason": {"type": "string"},
        "organisation_id": TEXT_OR_NULL,
        "changed_at": TIMESTAMP,
        "instance_id": {"type": ["integer", "null"], "description": "所致的转移案件；社区直接变更的为 null"},
    },
}
SCHEMAS["RetireeTransfer"] = {
    "type": "object",
    "properties": {
        "instance_id": {"type": "integer"},
        "kind": {"type": "string", "enum": ["community", "county"], "description": "社区间转移、跨县迁移"},
        "from_county": {"type": "string"},
        "to_county": {"type": "string"},
        "to_community": TEXT_OR_NULL,
        "state": {"type": "string", "enum": ["asked", "refused", "done"]},
        "refused_reason": TEXT_OR_NULL,
        "asked_on": {"type": "string", "format": "date"},
        "done_on": {"type": ["string", "null"], "format": "date"},
    },
}
SCHEMAS["RetireeChangeRequest"] = {
    "type": "object",
    "required": ["reason"],
    "properties": {
        "address": {"type": "string", "maxLength": 200, "description": "常住地址（空：清除）"},
        "phone": {"type": "string", "description": "11位手机号，或带区号的固定电话（空：清除）"},
        "special_status": {
            "type": "array",
            "items": {"type": "string", "enum": ["特困", "高龄", "鳏寡", "重病", "残疾"]},
            "description": "特殊情况（整体替换）",
        },
        "reason": {"type": "string", "maxLength": 300, "description": "变更原因"},
    },
}
SCHEMAS["DeathListResult"] = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "filename": {"type": "string"},
        "sha256": {"type": "string"},
        "state": {"type": "string", "enum": ["pending", "running", "done", "failed"]},
        "rows": {"type": ["integer", "null"]},
        "rows_done": {"type": "integer"},
        "opened": {"type": "integer"},
        "unmatched": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "row": {"type": "integer"},
                    "id_number": {"type": "string"},
                    "name": {"type": "string"},
                    "reason": {"type": "string"},
                },
            },
        },
    },
}
SCHEMAS["DocumentProgress"] = {
    "type": "object",
    "required": ["state", "pages_done", "pages_total"],
    "properties": {
        "state": {"type": "string", "enum": ["queued", "running", "done", "failed"]},
        "pages_done": {"type": "integer"},
        "pages_total": {"type": ["integer", "null"], "description": "排版完成前为 null"},
    },
}
SCHEMAS["DocumentMaking"] = {
    "type": "object",
    "required": ["state", "title", "pages_done", "pages_total", "error"],
    "properties": {
        **SCHEMAS["DocumentProgress"]["properties"],
        "state": {"type": "string", "enum": ["queued", "running", "failed"]},
        "title": {"type": "string"},
        "error": {"type": ["string", "null"], "description": "生成失败的原因（state 为 failed 时）"},
    },
}
