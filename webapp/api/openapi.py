"""The OpenAPI 3.1 description of ``/api/v1``, written by hand next to the routes it describes
(``tests/api/test_openapi.py`` checks that every route is in it and nothing else)."""

from __future__ import annotations

from typing import Any

from flask import jsonify

from engine.progress.behind import STATUSES as STATUSES_OF_UNITS
from engine.registry.retirees import ARCHIVE_STATUSES, STATUSES
from engine.workflow.worklist import MOST_CLAIMED_AT_ONCE

from ..documents.kinds import CASE_KINDS
from ..ids import MAX_ID
from .blueprint import bp
from .community import OPENAPI_PATHS as COMMUNITY_PATHS
from .params import MAX_PER_PAGE
from .schemas import SCHEMAS, ref


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _errors(*statuses: int) -> dict[str, Any]:
    return {
        str(status): {"$ref": f"#/components/responses/{ERROR_RESPONSES[status][0]}"} for status in statuses
    }


def _body(schema: dict[str, Any], required: bool = True) -> dict[str, Any]:
    return {"required": required, "content": {"application/json": {"schema": schema}}}


def _path_id(name: str, what: str) -> dict[str, Any]:
    schema = {"type": "integer", "minimum": 0, "maximum": MAX_ID}  # past it: 404 (``webapp.ids``)
    return {"name": name, "in": "path", "required": True, "description": what, "schema": schema}


def _query(name: str, description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": False, "description": description, "schema": schema}


#: status → (response name, what it means)
ERROR_RESPONSES = {
    400: (
        "BadRequest",
        "请求有误：请求体不是 JSON 对象、嵌套过深，或请求中含有非法字符（NUL）（code `bad_request`）",
    ),
    401: ("Unauthorized", "缺少访问令牌，或令牌无效、已过期（code `unauthorized`）"),
    403: ("Forbidden", "对象可见，但不属于调用者的单位或角色（code `forbidden`）"),
    404: ("NotFound", "对象不存在，或调用者所在单位无权查看（code `not_found`）"),
    409: ("Conflict", "已被他人签收或办结、未先签收、案件状态已变（code `conflict` / `not_claimed`）"),
    422: ("Invalid", "数据有误：`fields` 列出各字段的问题，`problems` 列出流程文件的问题"),
    413: ("TooLarge", "上传的文件超过大小限制（code `too_large`）"),
    429: ("Locked", "登录失败次数过多，账户暂时锁定（code `locked`，见 Retry-After）"),
}

PDF = {
    "description": "PDF 文件",
    "content": {"application/pdf": {"schema": {"type": "string", "contentMediaType": "application/pdf"}}},
}
#: a long list (移交清册 of thousands of people) is made by the worker: ask again after Retry-After
DOCUMENT_MAKING = {
    **_json(ref("DocumentMaking"), "公文正在后台生成（排队或第几页），或生成失败（见 error）"),
    "headers": {"Retry-After": {"description": "几秒后再请求", "schema": {"type": "integer"}}},
}
_XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
XLSX_FILE = {
    "description": "Excel 文件（.xlsx）",
    "content": {_XLSX_TYPE: {"schema": {"type": "string", "contentMediaType": _XLSX_TYPE}}},
}
SERVICE_YEAR = {
    "name": "year",
    "in": "query",
    "required": False,
    "description": "年度（2017 起，默认为今年）",
    "schema": {"type": "integer"},
}
TASK_ID = _path_id("item_id", "事项 id")
INSTANCE_ID = _path_id("instance_id", "案件 id")
PUBLIC: list[dict[str, Any]] = []  # no token needed
PAGING = [
    _query("page", "页码", {"type": "integer", "minimum": 1, "default": 1}),
    _query("per_page", "每页条数", {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE}),
]
SELECTION = [
    _query("campaign", "移交工作名称（默认 2017 年）", {"type": "string"}),
    _query("prefecture", "省辖市（省直管县）区划代码，或 -", {"type": "string"}),
    _query("county", "县（市、区）区划代码，或 -", {"type": "string"}),
    _query("enterprise", "移交企业单位 id", {"type": "string"}),
]

#: a migration's request: from which version to which, and (optionally) which cases
MIGRATION_BODY = _body(
    {
        "type": "object",
        "required": ["from_version", "to_version"],
        "properties": {
            "from_version": {"type": "integer", "minimum": 1},
            "to_version": {"type": "integer", "minimum": 1},
            "instances": {
                "type": "array",
                "items": {"type": "integer", "minimum": 1},
                "minItems": 1,
                "maxItems": 1000,
                "description": "要迁移的案件；不给则为旧版本上所有在办案件",
            },
            "revisions": {
                "type": "object",
                "additionalProperties": {"type": "integer"},
                "description": "案件编号 → 预览时的版本号：预览后又有变化的案件不迁移",
            },
        },
    }
)
MIGRATION_CASE = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "title": {"type": "string"},
        "revision": {"type": "integer"},
        "migratable": {"type": "boolean"},
        "refusals": {"type": "array", "items": {"type": "string"}, "description": "不能迁移的原因"},
        "tasks": {
            "type": "array",
            "description": "案件在等的事项（待办、定时、消息、子流程）迁移后如何",
            "items": {
                "type": "object",
                "properties": {
                    "process": {"type": "string"},
                    "element": {"type": "string"},
                    "old": {"type": ["string", "null"]},
                    "new": {"type": ["string", "null"]},
                    "outcome": {"enum": ["kept", "changed", "moved", "cancelled", "opened"]},
                },
            },
        },
    },
}
MIGRATION_CASES = {"type": "array", "items": MIGRATION_CASE}
PROCESS_KEY = {
    "name": "key",
    "in": "path",
    "required": True,
    "description": "流程标识",
    "schema": {"type": "string"},
}

#: a deploy's files (``file`` repeated) and how lanes drawn elsewhere map to roles
_BUNDLE = {
    "required": True,
    "content": {
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "required": ["file"],
                "properties": {
                    "file": {
                        "type": "array",
                        "items": {"type": "string", "contentMediaType": "application/xml"},
                        "description": "一个或多个 .bpmn / .dmn 文件",
                    },
                    "lane_roles": {
                        "type": "string",
                        "contentMediaType": "application/json",
                        "description": '{"流程 id": {"泳道名称": "角色"}}',
                    },
                },
            },
            "encoding": {"file": {"contentType": "application/xml"}},
        }
    },
}

PATHS: dict[str, Any] = {
    "/tokens": {
        "post": {
            "summary": "用用户名和密码换取访问令牌",
            "operationId": "issueToken",
            "security": PUBLIC,
            "requestBody": _body(
                {
                    "type": "object",
                    "required": ["username", "password"],
                    "properties": {"username": {"type": "string"}, "password": {"type": "string"}},
                }
            ),
            "responses": {"201": _json(ref("Token"), "令牌及其到期时间"), **_errors(400, 401, 429)},
        }
    },
    "/processes": {
        "get": {
            "summary": "已部署的流程（每个流程的最新版本）",
            "operationId": "listProcesses",
            "responses": {
                "200": _json(
                    {
                        "type": "object",
                        "properties": {"processes": {"type": "array", "items": ref("Process")}},
                    },
                    "流程列表",
                ),
                **_errors(401),
            },
        },
        "post": {
            "summary": "校验并部署一组 BPMN/DMN 文件，作为一个版本（流程设计人员、系统管理员）",
            "description": (
                "每个 `file` 部分一个文件；文件按其定义的流程、决策 id 识别，与文件名无关。"
                "内容未变的流程不产生新版本。`lane_roles`（JSON）把其他工具画的泳道对应到角色，"
                "下一版本沿用。"
            ),
            "operationId": "deployProcess",
            "requestBody": _BUNDLE,
            "responses": {
                "201": _json(
                    {
                        "type": "object",
                        "properties": {"deployments": {"type": "array", "items": ref("Deployment")}},
                    },
                    "部署结果；内容未变的流程沿用原版本",
                ),
                **_errors(401, 403, 422),
            },
        },
    },
    "/processes/validate": {
        "post": {
            "summary": "只校验一组 BPMN/DMN 文件，不部署",
            "operationId": "validateProcesses",
            "requestBody": _BUNDLE,
            "responses": {
                "200": _json(
                    {
                        "type": "object",
                        "required": ["valid", "problems"],
                        "properties": {
                            "valid": {"type": "boolean"},
                            "problems": {"type": "array", "items": ref("Problem")},
                        },
                    },
                    "校验结果：每个问题都指明文件、元素和行号",
                ),
                **_errors(401, 403, 422),
            },
        }
    },
    "/processes/{key}/migrations/preview": {
        "post": {
            "summary": "预览把在办案件从一个版本迁移到另一版本：每个案件能否迁移、为什么，"
            "在办事项保留、修改、移动、取消或新开（流程设计人员、系统管理员；不作任何改动）",
            "operationId": "previewMigration",
            "parameters": [PROCESS_KEY],
            "requestBody": MIGRATION_BODY,
            "responses": {
                "200": _json(
                    {
                        "type": "object",
                        "properties": {
                            "process": {"type": "string"},
                            "from_version": {"type": "integer"},
                            "to_version": {"type": "integer"},
                            "cases": MIGRATION_CASES,
                        },
                    },
                    "每个案件的预览",
                ),
                **_errors(400, 401, 403, 404, 422),
            },
        }
    },
    "/processes/{key}/migrations": {
        "post": {
            "summary": "迁移在办案件（一次审计记录）：能迁移的迁到新版本，待办和定时随之重建；"
            "不能迁移的原样保留并说明原因",
            "operationId": "migrateInstances",
            "parameters": [PROCESS_KEY],
            "requestBody": MIGRATION_BODY,
            "responses": {
                "200": _json(
                    {
                        "type": "object",
                        "properties": {
                            "process": {"type": "string"},
                            "from_version": {"type": "integer"},
                            "to_version": {"type": "integer"},
                            "migrated": MIGRATION_CASES,
                            "refused": MIGRATION_CASES,
                        },
                    },
                    "迁移结果",
                ),
                **_errors(400, 401, 403, 404, 409, 422),
            },
        }
    },
    "/instances": {
        "post": {
            "summary": "发起案件：按开办表单（form，与页面相同），或直接给出各方和数据"
            "（调用者须是案件一方，系统管理员除外）",
            "operationId": "startInstance",
            "requestBody": _body(
                {
                    "oneOf": [
                        {
                            "type": "object",
                            "required": ["process", "form"],
                            "properties": {
                                "process": {"type": "string"},
                                "form": {
                                    "type": "object",
                                    "description": "开办表单 start_<process> 的各项；"
                                    "各方、数据和标题由流程定义生成",
                                },
                            },
                        },
                        {
                            "type": "object",
                            "required": ["process", "parties"],
                            "properties": {
                                "process": {"type": "string"},
                                "parties": {
                                    "type": "object",
                                    "description": "角色（泳道名）→ 单位 id",
                                    "additionalProperties": {"type": "string"},
                                },
                                "data": {"type": "object"},
                                "title": {"type": "string"},
                            },
                        },
                    ]
                }
            ),
            "responses": {"201": _json(ref("Instance"), "已发起的案件"), **_errors(400, 401, 403, 404, 422)},
        }
    },
    "/instances/{instance_id}": {
        "get": {
            "summary": "案件详情：状态、版本、各方、已办和在办事项、历史、文件、等待的消息",
            "operationId": "getInstance",
            "parameters": [INSTANCE_ID],
            "responses": {"200": _json(ref("InstanceDetail"), "案件"), **_errors(401, 404)},
        }
    },
    "/instances/{instance_id}/messages/{name}": {
        "post": {
            "summary": "向等待中的案件发送消息（如 renovation_finished）",
            "operationId": "sendMessage",
            "parameters": [
                INSTANCE_ID,
                {"name": "name", "in": "path", "required": True, "schema": {"type": "string"}},
            ],
            "requestBody": _body({"type": "object", "properties": {"payload": {}}}, required=False),
            "responses": {
                "200": _json(ref("InstanceDetail"), "消息送达后的案件"),
                **_errors(400, 401, 403, 404, 409, 422),
            },
        }
    },
    "/documents/{document_id}": {
        "get": {
            "summary": "下载案件的文件",
            "operationId": "getDocument",
            "parameters": [_path_id("document_id", "文件 id")],
            "responses": {
                "200": {
                    "description": "文件内容",
                    "content": {
                        "*/*": {"schema": {"type": "string", "contentMediaType": "application/octet-stream"}}
                    },
                },
                **_errors(401, 404),
            },
        }
    },
    "/tasks": {
        "get": {
            "summary": "调用者的待办：可签收、我的、已办",
            "operationId": "listTasks",
            "parameters": [
                _query(
                    "scope",
                    "待办分类",
                    {"type": "string", "enum": ["claimable", "mine", "done"], "default": "claimable"},
                ),
                _query(
                    "process",
                    "流程标识：案件的流程，或事项所属的被调用流程（如 county_handover）",
                    {"type": "string"},
                ),
                _query("milestone", "时间节点（M1…M4）", {"type": "string"}),
                _query("overdue", "是否已超期", {"type": "string", "enum": ["true", "false"]}),
                _query(
                    "q",
                    "搜索：案件编号、案件标题、事项或流程名称、县（市、区）或社区名称及区划代码，"
                    "或调用者可见的退休人员（姓名、脱敏身份证号如 410***********1234；可见全号者也可用全号）",
                    {"type": "string", "maxLength": 100},
                ),
                *PAGING,
            ],
            "responses": {"200": _json(ref("TaskPage"), "一页待办"), **_errors(400, 401, 422)},
        }
    },
    "/tasks/claim": {
        "post": {
            "summary": "批量签收：逐个签收所列事项；期间已被他人签收或办结的列入 taken，其余签收",
            "operationId": "claimTasks",
            "requestBody": _body(
                {
                    "type": "object",
                    "required": ["ids"],
                    "properties": {
                        "ids": {
                            "type": "array",
                            "minItems": 1,
                            "maxItems": MOST_CLAIMED_AT_ONCE,
                            "items": {"type": "integer", "minimum": 1, "maximum": MAX_ID},
                        }
                    },
                }
            ),
            "responses": {"200": _json(ref("ClaimReport"), "签收结果"), **_errors(400, 401, 422)},
        }
    },
    "/tasks/{item_id}": {
        "get": {
            "summary": "事项详情：办理说明、泳道、办理单位、期限、表单 schema、可见的案件数据",
            "operationId": "getTask",
            "parameters": [TASK_ID],
            "responses": {"200": _json(ref("TaskDetail"), "事项"), **_errors(401, 404)},
        }
    },
    "/tasks/{item_id}/claim": {
        "post": {
            "summary": "签收事项",
            "operationId": "claimTask",
            "parameters": [TASK_ID],
            "responses": {"200": _json(ref("TaskDetail"), "已签收的事项"), **_errors(401, 403, 404, 409)},
        }
    },
    "/tasks/{item_id}/unclaim": {
        "post": {
            "summary": "退回签收，事项回到本单位可签收列表",
            "operationId": "unclaimTask",
            "parameters": [TASK_ID],
            "responses": {"200": _json(ref("TaskDetail"), "已退回的事项"), **_errors(401, 403, 404, 409)},
        }
    },
    "/tasks/{item_id}/complete": {
        "post": {
            "summary": "提交表单、办结事项，案件继续流转",
            "operationId": "completeTask",
            "parameters": [TASK_ID],
            "requestBody": _body({"type": "object", "properties": {"data": {"type": "object"}}}),
            "responses": {
                "200": _json(
                    ref("CompletedTask"), "办结的事项，及本事项所在分支（本县、本市）接下来的在办事项 `next`"
                ),
                **_errors(400, 401, 403, 404, 409, 422),
            },
        }
    },
    "/tasks/{item_id}/people": {
        "get": {
            "summary": "本环节人员名单：事项需要的人员（从登记库读取，分页、可筛选），"
            "身份证号和电话按查看范围脱敏",
            "operationId": "listTaskPeople",
            "parameters": [
                TASK_ID,
                _query("q", "姓名或身份证号（包含）", {"type": "string"}),
                _query("residence_code", "常住地区划代码", {"type": "string"}),
                _query("address", "常住地址（包含）", {"type": "string"}),
                _query("special_status", "特殊情况", {"type": "string"}),
                _query(
                    "community",
                    "社区单位 id，或 unassigned（未分解）、interim（过渡期管理、尚未分解到社区）",
                    {"type": "string"},
                ),
                _query("archive", "blank（档案行未填）或 returned（被退回）", {"type": "string"}),
                _query("hukou", "differs：户籍与常住地不一致（本省不同县（市、区））", {"type": "string"}),
                *PAGING,
            ],
            "responses": {"200": _json(ref("TaskPeople"), "一页人员"), **_errors(401, 404)},
        }
    },
    "/tasks/{item_id}/allocation": {
        "post": {
            "summary": "分解落实：把选中的人员（或按筛选条件、或上传的“身份证号—社区”表）"
            "分解到本县的社区，或交由过渡期管理单位管理至截止日期；须已签收",
            "operationId": "allocateTaskPeople",
            "parameters": [TASK_ID],
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {"schema": ref("AllocationRequest")},
                    "multipart/form-data": {
                        "schema": {
                            "type": "object",
                            "properties": {"file": {"type": "string", "format": "binary"}},
                        }
                    },
                },
            },
            "responses": {
                "200": _json(ref("AllocationResult"), "分解的人数和各社区合计"),
                **_errors(401, 403, 404, 409, 422),
            },
        }
    },
    "/tasks/{item_id}/archives": {
        "post": {
            "summary": "档案移交清单：逐人填写卷数、材料份数和缺失材料（或一次填写所有空行、"
            "或上传清单）；须已签收",
            "operationId": "fillArchiveList",
            "parameters": [TASK_ID],
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {"schema": ref("ArchiveRowsRequest")},
                    "multipart/form-data": {
                        "schema": {
                            "type": "object",
                            "properties": {"file": {"type": "string", "format": "binary"}},
                        }
                    },
                },
            },
            "responses": {
                "200": _json(
                    {"type": "object", "required": ["stored"], "properties": {"stored": {"type": "integer"}}},
                    "填写的人数",
                ),
                **_errors(401, 403, 404, 409, 422),
            },
        }
    },
    "/retirees": {
        "get": {
            "summary": "调用者可见的退休人员（身份证号除移交企业和接收县政府外均脱敏）",
            "operationId": "listRetirees",
            "parameters": [
                _query("q", "姓名（包含），或身份证号（完整18位，或末4位及以上）", {"type": "string"}),
                _query("enterprise", "移交企业单位 id", {"type": "string"}),
                _query("county", "接收地区划代码", {"type": "string"}),
                _query("community", "接收社区单位 id", {"type": "string"}),
                _query("status", "移交状态", {"type": "string", "enum": list(STATUSES)}),
                _query("archive_status", "档案状态", {"type": "string", "enum": list(ARCHIVE_STATUSES)}),
                *PAGING,
            ],
            "responses": {"200": _json(ref("RetireePage"), "一页退休人员"), **_errors(401, 422)},
        }
    },
    "/retirees/{retiree_id}": {
        "get": {
            "summary": "退休人员详情及移交经过（所属案件和本县移交各步骤）",
            "operationId": "getRetiree",
            "parameters": [_path_id("retiree_id", "退休人员 id")],
            "responses": {"200": _json(ref("RetireeDetail"), "退休人员"), **_errors(401, 404)},
        }
    },
    "/retirees/{retiree_id}/hukou_move": {
        "post": {
            "summary": "户籍迁移：记录户籍与常住地不一致人员的迁入意愿和办理结果"
            "（分解到的社区或接收县（市、区）政府）；每次变更记入操作日志",
            "operationId": "recordHukouMove",
            "parameters": [_path_id("retiree_id", "退休人员 id")],
            "requestBody": _body(ref("HukouMoveRequest")),
            "responses": {
                "200": _json(
                    {
                        "type": "object",
                        "required": ["hukou_move"],
                        "properties": {"hukou_move": ref("HukouMove")},
                    },
                    "记录后的户籍迁移情况",
                ),
                **_errors(400, 401, 403, 404, 422),
            },
        }
    },
    "/rosters": {
        "post": {
            "summary": "导入退休人员登记表（企业经办人员）：逐行校验，合格的行登记，不合格的行说明原因",
            "operationId": "importRoster",
            "description": "列名见登记表模板（第1行，顺序不限）；`row` 为表格中的行号（列名行为第1行）。"
            "同一文件再次导入不会重复登记：已由本单位登记且信息相同的人计入 `unchanged`。",
            "requestBody": {
                "required": True,
                "content": {
                    "multipart/form-data": {
                        "schema": {
                            "type": "object",
                            "required": ["file"],
                            "properties": {
                                "file": {
                                    "type": "string",
                                    "contentMediaType": "text/csv",
                                    "description": ".csv（UTF-8 或 GBK）或 .xlsx（第一个工作表）",
                                }
                            },
                        }
                    }
                },
            },
            "responses": {
                "201": _json(ref("RosterImportResult"), "导入结果"),
                **_errors(401, 403, 413, 422),
            },
        }
    },
    "/instances/{instance_id}/status.pdf": {
        "get": {
            "summary": "案件办理情况（PDF）：流程图（已完成、办理中、逾期）及在办、已办事项",
            "operationId": "getInstanceStatus",
            "parameters": [INSTANCE_ID],
            "responses": {"200": PDF, **_errors(401, 404)},
        }
    },
    "/instances/{instance_id}/documents/{kind}.pdf": {
        "get": {
            "summary": "案件的公文（PDF）：协议、移交清册、档案移交清单、档案接收回执",
            "description": "案件数据未变时返回已存的版本，变了则重新生成并另存一版。",
            "operationId": "getInstanceDocument",
            "parameters": [
                INSTANCE_ID,
                {
                    "name": "kind",
                    "in": "path",
                    "required": True,
                    "schema": {"type": "string", "enum": [kind.code for kind in CASE_KINDS]},
                },
                _query("county", "接收县（市、区）区划代码（协议、清册、档案类公文）", {"type": "string"}),
                _query("prefecture", "省辖市（省直管县（市））区划代码（框架协议）", {"type": "string"}),
                _query(
                    "community_org",
                    "社区管理组织接收县（市、区）区划代码（社区管理组织移交协议）",
                    {"type": "string"},
                ),
                _query("again", "1：重新生成上次生成失败的公文", {"type": "string", "enum": ["1"]}),
            ],
            "responses": {"200": PDF, "202": DOCUMENT_MAKING, **_errors(401, 404, 422)},
        }
    },
    "/instances/{instance_id}/documents/{kind}.xlsx": {
        "get": {
            "summary": "案件的人员名单（Excel）：移交清册、档案移交清单、移交管理服务人员名单",
            "description": "与同名 PDF 的行相同、顺序相同，可排序、筛选；谁能取 PDF 谁就能取它。",
            "operationId": "getInstanceSpreadsheet",
            "parameters": [
                INSTANCE_ID,
                {
                    "name": "kind",
                    "in": "path",
                    "required": True,
                    "schema": {"type": "string", "enum": [k.code for k in CASE_KINDS if k.spreadsheet]},
                },
                {**_query("county", "接收县（市、区）区划代码", {"type": "string"}), "required": True},
            ],
            "responses": {"200": XLSX_FILE, **_errors(401, 404, 422)},
        }
    },
    "/progress": {
        "get": {
            "summary": "各时间节点完成情况（应完成、已完成、逾期），按省辖市、县（市、区）、企业逐级",
            "operationId": "getProgress",
            "description": "无 prefecture 时按省辖市列行；有 prefecture 时按县列行；有 county 或 enterprise "
            "时按企业列行。市级督办人员只能查看本市。`-` 表示“无”（如尚未登记造册的案件）。",
            "parameters": SELECTION,
            "responses": {"200": _json(ref("Progress"), "进度"), **_errors(401, 403, 404, 422)},
        }
    },
    "/progress/units": {
        "get": {
            "summary": "某个数字背后的事项（框架协议、具体协议、社区组织、县移交）及其案件",
            "operationId": "listProgressUnits",
            "parameters": [
                *SELECTION,
                _query("milestone", "时间节点", {"type": "string", "enum": ["M1", "M2", "M3", "M4"]}),
                _query(
                    "status",
                    "应完成 due、已完成 done、未完成 open、逾期 overdue、逾期完成 late",
                    {"type": "string", "enum": list(STATUSES_OF_UNITS), "default": "due"},
                ),
                *PAGING,
            ],  # fmt: skip
            "responses": {"200": _json(ref("ProgressUnitPage"), "一页事项"), **_errors(401, 403, 404, 422)},
        }
    },
    "/clock": {
        "get": {
            "summary": "系统时钟：当前时刻及其来源（stored 管理员设置 / configured 配置 / machine 机器时间）",
            "operationId": "getClock",
            "responses": {"200": _json(ref("Clock"), "系统时钟"), **_errors(401)},
        },
        "put": {
            "summary": "设置系统时钟（系统管理员；用于重演 2017 年移交工作），记入审计日志",
            "operationId": "setClock",
            "requestBody": _body(
                {
                    "type": "object",
                    "required": ["moment"],
                    "properties": {
                        "moment": {"type": "string", "description": "如 2017-04-01T09:00（北京时间）"},
                        "frozen": {"type": "boolean", "default": False, "description": "true：停在该时刻"},
                    },
                }
            ),
            "responses": {"200": _json(ref("Clock"), "设置后的系统时钟"), **_errors(400, 401, 403, 422)},
        },
        "delete": {
            "summary": "恢复为配置的时钟（通常为机器时间；系统管理员），记入审计日志",
            "operationId": "resetClock",
            "responses": {"200": _json(ref("Clock"), "恢复后的系统时钟"), **_errors(401, 403)},
        },
    },
    "/saved-filters": {
        "get": {
            "summary": "调用者保存的常用筛选",
            "operationId": "listSavedFilters",
            "responses": {"200": _json(ref("SavedFilterList"), "常用筛选"), **_errors(401)},
        },
        "post": {
            "summary": "保存常用筛选（名称相同则替换）",
            "description": "query 为 GET /tasks 的查询参数，只保留 scope、q、process、milestone、overdue。",
            "operationId": "saveFilter",
            "requestBody": _body(
                {
                    "type": "object",
                    "required": ["name"],
                    "properties": {
                        "name": {"type": "string", "minLength": 1, "maxLength": 60},
                        "query": {"type": "string", "maxLength": 1000, "examples": ["scope=mine&q=金水区"]},
                    },
                }
            ),
            "responses": {"201": _json(ref("SavedFilter"), "已保存"), **_errors(400, 401, 422)},
        },
    },
    "/saved-filters/{filter_id}": {
        "delete": {
            "summary": "删除自己的一个常用筛选",
            "operationId": "deleteSavedFilter",
            "parameters": [_path_id("filter_id", "常用筛选 id")],
            "responses": {"204": {"description": "已删除"}, **_errors(401, 404)},
        }
    },
    "/reminders": {
        "get": {
            "summary": "本单位未读的到期提醒（事项到期前 7 天内，或已逾期）",
            "operationId": "listReminders",
            "responses": {"200": _json(ref("ReminderList"), "提醒"), **_errors(401)},
        }
    },
    "/reminders/{reminder_id}/read": {
        "post": {
            "summary": "标记提醒已读（仅本单位的提醒）",
            "operationId": "readReminder",
            "parameters": [_path_id("reminder_id", "提醒 id")],
            "responses": {"200": _json({"type": "object"}, "已读"), **_errors(401, 404)},
        }
    },
    "/reports/progress.pdf": {
        "get": {
            "summary": "移交工作进展情况报告（PDF，领导小组办公室、系统管理员）",
            "operationId": "getProgressReport",
            "description": "与 GET /progress 相同的查询参数和查看范围（市级督办人员只能查看本市）。",
            "parameters": SELECTION,
            "responses": {"200": PDF, **_errors(401, 403, 404, 422)},
        }
    },
    "/aftercare/figures": {
        "get": {
            "summary": "移交后服务情况：死亡报告及按时停发、核定，资格认证覆盖，走访完成（按县（市、区））",
            "operationId": "getServiceFigures",
            "description": "督办人员看其范围内已接收退休人员的县（市级督办人员只看本市）；县（市、区）政府和"
            "社会保险经办机构只看本县。其他单位 403。",
            "parameters": [SERVICE_YEAR],
            "responses": {"200": _json(ref("ServiceFigures"), "服务情况"), **_errors(401, 403, 422)},
        }
    },
    "/aftercare/figures.xlsx": {
        "get": {
            "summary": "移交后服务情况（.xlsx），与 GET /aftercare/figures 相同的数字",
            "operationId": "getServiceFiguresXlsx",
            "parameters": [SERVICE_YEAR],
            "responses": {"200": XLSX_FILE, **_errors(401, 403, 422)},
        }
    },
    "/reports/services.pdf": {
        "get": {
            "summary": "退休人员社会化管理服务情况报告（PDF），与 GET /aftercare/figures 相同的数字",
            "operationId": "getServiceReport",
            "parameters": [SERVICE_YEAR],
            "responses": {"200": PDF, **_errors(401, 403, 422)},
        }
    },
    "/campaign/settings": {
        "get": {
            "summary": "活动设置：档案查阅期限、社区资产移交期限、时间节点（领导小组办公室、系统管理员）",
            "operationId": "getCampaignSettings",
            "description": "查阅期限按天数、自申请之日起计算；政策文件未规定查阅期限，默认值为本系统所定。",
            "responses": {"200": _json(ref("CampaignSettings"), "当前设置及默认值"), **_errors(401, 403)},
        },
        "put": {
            "summary": "修改活动设置（省领导小组办公室、系统管理员），记入审计日志；只影响此后开办的案件",
            "operationId": "updateCampaignSettings",
            "description": "只需列出要改的项；`milestones` 中未列出的节点保持原值。有误时 422，"
            "`fields` 逐项指明（如 `lookup_review_days`、`milestones.M2`），什么也不保存。",
            "requestBody": _body(ref("CampaignSettingValues")),
            "responses": {
                "200": _json(ref("CampaignSettings"), "修改后的设置及默认值"),
                **_errors(400, 401, 403, 422),
            },
        },
    },
    "/openapi.json": {
        "get": {
            "summary": "本文档",
            "operationId": "getOpenApi",
            "security": PUBLIC,
            "responses": {"200": _json({"type": "object"}, "OpenAPI 3.1 文档")},
        }
    },
}

# Comments (意见) on a task and on a case: read by the organisations of its part (a county: its own
# county's part of a programme), mentions only of those; posting is audited.
_COMMENT_BODY = {
    "required": True,
    "content": {
        "application/json": {"schema": ref("CommentRequest")},
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "properties": {
                    "body": {"type": "string", "maxLength": 2000},
                    "mention": {"type": "array", "items": {"type": "string"}, "description": "组织机构 id"},
                    "file": {
                        "type": "array",
                        "items": {"type": "string", "contentMediaType": "application/octet-stream"},
                        "description": "附件：PDF、JPG、PNG、CSV 或 XLSX，每个不超过 10 MB，最多 5 个",
                    },
                },
            }
        },
    },
}


def _comment_operations(what: str, parameter: dict[str, Any], name: str) -> dict[str, Any]:
    return {
        "get": {
            "summary": f"{what}的意见（调用者所在单位能看到的部分），及可提及的单位",
            "operationId": f"list{name}Comments",
            "parameters": [parameter],
            "responses": {"200": _json(ref("CommentThread"), "意见，按时间先后"), **_errors(400, 401, 404)},
        },
        "post": {
            "summary": f"就{what}发表意见：正文中以 @单位全称 或 mentions 提及本案件（本县部分）的当事单位，"
            "被提及的单位在待办中收到通知；可附文件；记入审计日志",
            "operationId": f"post{name}Comment",
            "parameters": [parameter],
            "requestBody": _COMMENT_BODY,
            "responses": {
                "201": _json(ref("Comment"), "已发表的意见"),
                **_errors(400, 401, 404, 413, 422),
            },
        },
    }


PATHS["/tasks/{item_id}/comments"] = _comment_operations("事项", TASK_ID, "Task")
PATHS["/instances/{instance_id}/comments"] = _comment_operations("案件", INSTANCE_ID, "Instance")
PATHS["/comments/attachments/{attachment_id}"] = {
    "get": {
        "summary": "下载意见的附件（能看到该意见的单位）",
        "operationId": "getCommentAttachment",
        "parameters": [_path_id("attachment_id", "附件 id")],
        "responses": {
            "200": {
                "description": "附件",
                "content": {"application/octet-stream": {"schema": {"type": "string"}}},
            },
            **_errors(400, 401, 404),
        },
    }
}

# Handing work on and notifications (转办、代理人、跟进日期、通知): webapp/api/handing.py, notifications.py.
PATHS["/notifications"] = {
    "get": {
        "summary": "调用者的通知：本人的，以及本单位按其角色收到的"
        "（新待办、退回、转办、代理、提醒、督办、意见），新的在前",
        "operationId": "listNotifications",
        "parameters": [_query("unread", "true：只列未读", {"type": "boolean"}), *PAGING],
        "responses": {"200": _json(ref("NotificationList"), "通知"), **_errors(401, 422)},
    }
}
PATHS["/notifications/{notification_id}/read"] = {
    "post": {
        "summary": "标记一条通知为本人已读（本单位的通知按人分别计已读）",
        "operationId": "readNotification",
        "parameters": [_path_id("notification_id", "通知 id")],
        "responses": {"200": _json({"type": "object"}, "已读"), **_errors(401, 404)},
    }
}
PATHS["/notifications/read"] = {
    "post": {
        "summary": "把调用者的全部未读通知标记为已读",
        "operationId": "readAllNotifications",
        "responses": {"200": _json({"type": "object"}, "`marked`：标记的条数"), **_errors(401)},
    }
}
PATHS["/tasks/{item_id}/reassign"] = {
    "post": {
        "summary": "转办：把事项交给本单位有相应角色的其他在岗人员"
        "（事项的签收人或本单位负责人 leader/admin）；对方休假期间由其代理人接收；"
        "记入审计日志，并通知（邮件）新的办理人",
        "operationId": "reassignTask",
        "parameters": [TASK_ID],
        "requestBody": _body(
            {
                "type": "object",
                "required": ["to"],
                "properties": {"to": {"type": "string", "description": "用户名"}},
            }
        ),
        "responses": {
            "200": _json({"type": "object"}, "`claimed_by`：新的办理人"),
            **_errors(401, 403, 404, 409, 422),
        },
    }
}
PATHS["/tasks/{item_id}/follow-up"] = {
    "put": {
        "summary": "设置（null：清除）本人在该事项上的跟进日期（仅签收人），记入审计日志",
        "operationId": "setTaskFollowUp",
        "parameters": [TASK_ID],
        "requestBody": _body(
            {
                "type": "object",
                "properties": {"follow_up_on": {"type": ["string", "null"], "format": "date"}},
            }
        ),
        "responses": {"200": _json({"type": "object"}, "已保存"), **_errors(401, 403, 404, 409, 422)},
    }
}
PATHS["/substitutes"] = {
    "get": {
        "summary": "本人尚未结束的代理安排（代理人及起止日期，含首尾两天）",
        "operationId": "listSubstitutes",
        "responses": {
            "200": _json(
                {"type": "object", "properties": {"items": {"type": "array", "items": ref("Substitution")}}},
                "代理安排",
            ),
            **_errors(401),
        },
    },
    "post": {
        "summary": "指定代理人：期间转给本人的事项和给本人的通知改由代理人接收"
        "（本单位其他在岗人员），记入审计日志",
        "operationId": "nameSubstitute",
        "requestBody": _body(
            {
                "type": "object",
                "required": ["substitute", "starts_on", "ends_on"],
                "properties": {
                    "substitute": {"type": "string", "description": "用户名"},
                    "starts_on": {"type": "string", "format": "date"},
                    "ends_on": {"type": "string", "format": "date"},
                },
            }
        ),
        "responses": {"201": _json(ref("Substitution"), "代理安排"), **_errors(401, 422)},
    },
}
PATHS["/substitutes/{substitution_id}"] = {
    "delete": {
        "summary": "结束本人的一项代理安排",
        "operationId": "cancelSubstitute",
        "parameters": [_path_id("substitution_id", "代理安排 id")],
        "responses": {"200": _json({"type": "object"}, "已结束"), **_errors(401, 404)},
    }
}

# A process's versions (流程版本): webapp/api/process_versions.py; designers, supervisors, admins.
_VERSION_NUMBER = {
    "name": "number",
    "in": "path",
    "required": True,
    "description": "版本号",
    "schema": {"type": "integer", "minimum": 1},
}
_STRING = {"type": "string"}
_FILE_NAME = {"name": "name", "in": "path", "required": True, "description": "文件名", "schema": _STRING}
_VERSION = {
    "type": "object",
    "required": ["version", "deployed_by", "deployed_at", "content_hash", "cases", "files"],
    "properties": {
        "version": {"type": "integer"},
        "name": _STRING,
        "deployed_by": {"type": "string", "description": "用户名"},
        "deployed_at": {"type": "string", "format": "date-time"},
        "content_hash": _STRING,
        "lanes": {"type": "array", "items": _STRING},
        "lane_roles": {
            "type": "object",
            "additionalProperties": _STRING,
            "description": "其他工具画的泳道 → 部署时对应的角色",
        },
        "cases": {
            "type": "object",
            "properties": {"running": {"type": "integer"}, "completed": {"type": "integer"}},
        },
        "files": {
            "type": "array",
            "items": {"type": "object", "properties": {"name": _STRING, "url": _STRING}},
        },
    },
}
_CHANGE_STATUS = {"enum": ["added", "removed", "changed"]}
_CHANGES = {
    "type": "array",
    "items": {
        "type": "object",
        "properties": {
            "attribute": {"type": "string", "description": "name、lane、form、due、timer、condition…"},
            "old": {"type": ["string", "null"]},
            "new": {"type": ["string", "null"]},
        },
    },
}
_ELEMENT_DIFF = {
    "type": "object",
    "properties": {
        "process": _STRING,
        "id": _STRING,
        "kind": {"type": "string", "description": "userTask、sequenceFlow、lane…"},
        "name": _STRING,
        "status": _CHANGE_STATUS,
        "changes": _CHANGES,
    },
}
_RULE = {
    "type": ["object", "null"],
    "properties": {
        "when": {"type": "array", "items": _STRING},
        "then": {"type": "array", "items": _STRING},
        "description": _STRING,
        "text": _STRING,
    },
}
_RULE_DIFF = {
    "type": "object",
    "properties": {"id": _STRING, "status": _CHANGE_STATUS, "old": _RULE, "new": _RULE},
}
_DECISION_DIFF = {
    "type": "object",
    "properties": {
        "id": _STRING,
        "name": _STRING,
        "status": _CHANGE_STATUS,
        "changes": _CHANGES,
        "rules": {"type": "array", "items": _RULE_DIFF},
    },
}
PATHS["/processes/{key}/versions"] = {
    "get": {
        "summary": "流程的各个版本（新的在前）：部署人、部署时间、内容哈希、泳道、"
        "在该版本上在办和已办结的案件数、文件",
        "operationId": "listProcessVersions",
        "parameters": [PROCESS_KEY],
        "responses": {
            "200": _json(
                {
                    "type": "object",
                    "properties": {"key": _STRING, "versions": {"type": "array", "items": _VERSION}},
                },
                "各版本",
            ),
            **_errors(401, 403, 404),
        },
    }
}
PATHS["/processes/{key}/versions/{number}/files/{name}"] = {
    "get": {
        "summary": "下载一个版本的一个文件：与部署时的字节完全相同",
        "operationId": "getProcessVersionFile",
        "parameters": [PROCESS_KEY, _VERSION_NUMBER, _FILE_NAME],
        "responses": {
            "200": {"description": "文件（附件）", "content": {"application/xml": {"schema": _STRING}}},
            **_errors(401, 403, 404),
        },
    }
}
PATHS["/processes/{key}/diff"] = {
    "get": {
        "summary": "两个版本之间的差异：新增、删除、修改的 BPMN 元素（修改了哪些属性），"
        "包括其调用的流程；决策表的规则",
        "operationId": "diffProcessVersions",
        "parameters": [
            PROCESS_KEY,
            {**_query("from", "旧版本号", {"type": "integer", "minimum": 1}), "required": True},
            {**_query("to", "新版本号", {"type": "integer", "minimum": 1}), "required": True},
        ],
        "responses": {
            "200": _json(
                {
                    "type": "object",
                    "properties": {
                        "key": _STRING,
                        "from": {"type": "integer"},
                        "to": {"type": "integer"},
                        "elements": {"type": "array", "items": _ELEMENT_DIFF},
                        "decisions": {"type": "array", "items": _DECISION_DIFF},
                    },
                },
                "差异",
            ),
            **_errors(401, 403, 404, 422),
        },
    }
}

PATHS.update(COMMUNITY_PATHS)  # 本社区, its information database, new retirees (``community``)

_CERTIFICATION_ID = _path_id("instance_id", "资格认证案件 id")
PATHS["/certification/campaigns"] = {
    "get": {
        "summary": "养老金领取资格认证：调用者可查看的各县年度认证及其进度"
        "（督办人员看其范围，县（市、区）政府和社会保险经办机构看本县；其他单位 403）",
        "operationId": "listCertificationCampaigns",
        "parameters": [_query("year", "认证年度", {"type": "string", "pattern": "^[0-9]{4}$"})],
        "responses": {
            "200": _json(
                {
                    "type": "object",
                    "properties": {"items": {"type": "array", "items": ref("CertificationProgress")}},
                },
                "各次认证",
            ),
            **_errors(401, 403, 422),
        },
    }
}
PATHS["/certification/campaigns/{instance_id}"] = {
    "get": {
        "summary": "一次资格认证的进度：按社区统计在世、已认证、未找到、已去世、未认证（未标记）、暂停发放；"
        "截止日期已过仍有未认证人员的社区 overdue",
        "operationId": "getCertificationCampaign",
        "parameters": [_CERTIFICATION_ID],
        "responses": {"200": _json(ref("CertificationProgress"), "认证进度"), **_errors(401, 404)},
    }
}
PATHS["/certification/tasks/{item_id}/people"] = {
    "get": {
        "summary": "认证任务的名单（本社区在世人员、补充认证人员，或社会保险经办机构的暂停发放名单），"
        "分页、可按姓名、身份证号、地址查找；只有任务所属单位可见",
        "operationId": "listCertificationPeople",
        "parameters": [
            TASK_ID,
            _query("q", "姓名、身份证号或地址（包含）", {"type": "string"}),
            _query("state", "unmarked、certified、not_found 或 died", {"type": "string"}),
            *PAGING,
        ],
        "responses": {
            "200": _json(ref("CertificationPeople"), "一页人员及名单统计"),
            **_errors(401, 404, 422),
        },
    }
}
PATHS["/certification/tasks/{item_id}/marks"] = {
    "post": {
        "summary": "逐人（或一页）标记认证结果：已认证（认证方式、日期）、未找到，补充认证时还可为已去世；"
        "须已签收本任务；有一项不对则全部不保存",
        "operationId": "markCertificationPeople",
        "parameters": [TASK_ID],
        "requestBody": _body(ref("CertificationMarks")),
        "responses": {
            "200": _json(
                {
                    "type": "object",
                    "properties": {"marked": {"type": "integer"}, "counts": {"type": "object"}},
                },
                "保存的标记数和名单统计",
            ),
            **_errors(401, 404, 409, 422),
        },
    }
}

_OBJECT = {"type": "object"}
_VISIT_CAMPAIGN_ID = _path_id("instance_id", "节日走访慰问案件 id")
_VISIT_PERSON = {
    "type": "object",
    "required": ["visited_on", "visitor"],
    "properties": {
        "retiree_id": {"type": "integer"},
        "id_number": {"type": "string"},
        "visited_on": {"type": "string", "format": "date"},
        "visitor": {"type": "string", "maxLength": 100},
        "found": {"type": "string", "maxLength": 2000},
        "help_given": {"type": "string", "maxLength": 2000},
        "referral": {"type": "string", "enum": ["none", "subsistence", "medical"]},
    },
}
PATHS["/visits/plan"] = {
    "get": {
        "summary": "走访计划：社区看本社区在世的特困、高龄、鳏寡、重病、残疾人员"
        "（全名、走访原因、最近一次走访）；"
        "县（市、区）政府看本县各社区的计划人数和本年已走访人数；其他单位 403",
        "operationId": "getVisitPlan",
        "responses": {"200": _json(_OBJECT, "走访计划"), **_errors(401, 403)},
    }
}
PATHS["/visits/campaigns"] = {
    "get": {
        "summary": "节日走访慰问：调用者参与或督办的各次走访及统计"
        "（计划、已走访、未走访、待走访、已故、转介；社区只看本社区的统计）",
        "operationId": "listVisitCampaigns",
        "responses": {
            "200": _json(
                {"type": "object", "properties": {"items": {"type": "array", "items": _OBJECT}}}, "各次走访"
            ),
            **_errors(401, 403),
        },
    }
}
PATHS["/visits/campaigns/{instance_id}"] = {
    "get": {
        "summary": "一次节日走访慰问的进度：按社区统计；本县政府和督办人员可见",
        "operationId": "getVisitCampaign",
        "parameters": [_VISIT_CAMPAIGN_ID],
        "responses": {"200": _json(_OBJECT, "走访进度"), **_errors(401, 404)},
    }
}
PATHS["/visits/tasks/{item_id}/people"] = {
    "get": {
        "summary": "社区走访任务的走访名单（开展时生成），分页、可按姓名、身份证号、地址查找，"
        "可按 outstanding、visited、not_visited 筛选；只有任务所属社区可见",
        "operationId": "listVisitPeople",
        "parameters": [
            TASK_ID,
            _query("q", "姓名、身份证号或地址（包含）", {"type": "string"}),
            _query("state", "outstanding、visited 或 not_visited", {"type": "string"}),
            *PAGING,
        ],
        "responses": {"200": _json(_OBJECT, "一页人员及名单统计"), **_errors(401, 404, 422)},
    }
}
PATHS["/visits/tasks/{item_id}/visits"] = {
    "post": {
        "summary": "登记名单中一人的一次走访：日期、走访人、了解的情况、给予的帮助、"
        "转介（无、低保、医疗服务）；须已签收本任务；不在名单中的人员 422",
        "operationId": "recordVisit",
        "parameters": [TASK_ID],
        "requestBody": _body(_VISIT_PERSON),
        "responses": {"201": _json(_OBJECT, "登记的走访和名单统计"), **_errors(401, 404, 409, 422)},
    }
}
PATHS["/visits/people/{retiree_id}"] = {
    "post": {
        "summary": "日常走访（不属于某次节日走访）：登记本社区在世人员的一次走访；无此人或非本社区人员 404，"
        "已故等 422，非社区 403",
        "operationId": "recordOwnVisit",
        "parameters": [_path_id("retiree_id", "登记库人员 id")],
        "requestBody": _body(
            {
                **_VISIT_PERSON,
                "properties": {
                    k: v
                    for k, v in _VISIT_PERSON["properties"].items()
                    if k not in ("retiree_id", "id_number")
                },
            }
        ),
        "responses": {"201": _json(_OBJECT, "登记的走访"), **_errors(400, 401, 403, 404, 422)},
    }
}
PATHS["/visits/tasks/{item_id}/not-visited"] = {
    "post": {
        "summary": "名单中一人未走访及原因；须已签收本任务",
        "operationId": "recordVisitNotMade",
        "parameters": [TASK_ID],
        "requestBody": _body(
            {
                "type": "object",
                "required": ["reason"],
                "properties": {
                    "retiree_id": {"type": "integer"},
                    "id_number": {"type": "string"},
                    "reason": {"type": "string", "maxLength": 500},
                },
            }
        ),
        "responses": {"200": _json(_OBJECT, "名单统计"), **_errors(401, 404, 409, 422)},
    }
}

_UPLOAD = {
    "required": True,
    "content": {
        "multipart/form-data": {
            "schema": {"type": "object", "required": ["file"], "properties": {"file": {"type": "string"}}}
        }
    },
}
PATHS["/retirees/{retiree_id}/changes"] = {
    "get": {
        "summary": "人员的信息变更记录和转移（看不到完整身份证号的调用者不含地址、电话的变更）",
        "operationId": "listRetireeChanges",
        "parameters": [_path_id("retiree_id", "退休人员 id")],
        "responses": {
            "200": _json(
                {
                    "type": "object",
                    "properties": {
                        "changes": {"type": "array", "items": ref("RetireeChange")},
                        "transfers": {"type": "array", "items": ref("RetireeTransfer")},
                    },
                },
                "变更记录和转移",
            ),
            **_errors(401, 404),
        },
    },
    "post": {
        "summary": "信息变更（人员所在社区）：常住地址、联系电话、特殊情况，写明原因；"
        "值不合格的拒绝，不作任何变更。"
        "转移另走案件：POST /instances（community_transfer 社区间转移、county_transfer 跨县迁移）",
        "operationId": "changeRetiree",
        "parameters": [_path_id("retiree_id", "退休人员 id")],
        "requestBody": _body(ref("RetireeChangeRequest")),
        "responses": {
            "200": _json(
                {
                    "type": "object",
                    "properties": {"changes": {"type": "array", "items": ref("RetireeChange")}},
                },
                "写入的变更记录",
            ),
            **_errors(400, 401, 403, 404, 422),
        },
    },
}
PATHS["/deaths"] = {
    "get": {
        "summary": "死亡报告：调用者可查看的报告"
        "（社区看本社区，县政府和社保经办机构看本县，督办人员看其范围）",
        "operationId": "listDeathReports",
        "parameters": [_query("page", "页码", {"type": "integer", "minimum": 1})],
        "responses": {"200": _json(ref("DeathReportPage"), "死亡报告"), **_errors(401)},
    },
    "post": {
        "summary": "社区报告本社区在册人员死亡（登记库人员编号、死亡日期）；"
        "案件从社区核实（上传死亡证明）开始",
        "operationId": "reportDeath",
        "requestBody": _body(
            {
                "type": "object",
                "required": ["retiree_id", "died_on"],
                "properties": {
                    "retiree_id": {"type": "integer"},
                    "died_on": {"type": "string", "format": "date"},
                },
            }
        ),
        "responses": {
            "201": _json(
                {
                    "type": "object",
                    "properties": {
                        "id": {"type": "integer"},
                        "title": _STRING,
                        "confirm_task": {"type": ["integer", "null"]},
                    },
                },
                "已开启的死亡报告",
            ),
            **_errors(401, 403, 422),
        },
    },
}
PATHS["/deaths/{instance_id}/certificate"] = {
    "post": {
        "summary": "上传死亡证明（先签收该报告的核实任务）；带哈希保存，仅案件各方可下载",
        "operationId": "uploadDeathCertificate",
        "parameters": [INSTANCE_ID],
        "requestBody": _UPLOAD,
        "responses": {
            "201": _json(
                {
                    "type": "object",
                    "properties": {
                        "id": {"type": "integer"},
                        "filename": _STRING,
                        "sha256": _STRING,
                        "task": {"type": "integer"},
                    },
                },
                "已保存的死亡证明",
            ),
            **_errors(401, 403, 404, 409, 422),
        },
    }
}
PATHS["/death-lists"] = {
    "post": {
        "summary": "上传民政死亡名单（社保经办机构）：为本县每个匹配的在册人员开启死亡报告，"
        "未匹配的行说明原因",
        "operationId": "uploadDeathList",
        "description": "CSV 或 XLSX，第1行列名：身份证号、姓名、死亡日期（顺序不限）。"
        "`row` 为表格行号（列名行为第1行）。"
        "同一名单再次上传不会重复开启：已有未办结报告或已故的人员作为未匹配行说明。",
        "requestBody": _UPLOAD,
        "responses": {"201": _json(ref("DeathListResult"), "处理结果"), **_errors(401, 403, 422)},
    }
}
PATHS["/death-lists/{list_id}"] = {
    "get": {
        "summary": "一份民政死亡名单的处理进度和结果（仅上传的经办机构）",
        "operationId": "getDeathList",
        "parameters": [_path_id("list_id", "名单 id")],
        "responses": {"200": _json(ref("DeathListResult"), "处理结果"), **_errors(401, 404)},
    }
}

# Any request may be refused 400 before it reaches its operation (a NUL byte in its query, say).
for _operations in PATHS.values():
    for _operation in _operations.values():
        _operation["responses"].setdefault("400", _errors(400)["400"])

DOCUMENT: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {
        "title": "移交 Yijiao API",
        "version": "1.0.0",
        "description": "省属企业退休人员社会化管理移交：流程、案件、待办。所有应答均为 JSON；"
        '错误为 {"error": {"code", "message"}}。',
    },
    "servers": [{"url": "/api/v1"}],
    "security": [{"bearerAuth": []}],
    "paths": PATHS,
    "components": {
        "securitySchemes": {
            "bearerAuth": {"type": "http", "scheme": "bearer", "description": "POST /tokens 所得令牌"}
        },
        "schemas": SCHEMAS,
        "responses": {
            name: _json(ref("Error"), description) for name, description in ERROR_RESPONSES.values()
        },
    },
}


@bp.get("/openapi.json")
def openapi_document():
    return jsonify(DOCUMENT)
