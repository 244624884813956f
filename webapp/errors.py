"""Engine errors mapped to HTTP statuses in one place, answered as JSON for the API and as a
page for people."""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from flask_babel import lazy_gettext
from flask_wtf.csrf import CSRFError

from engine import EngineError, InvalidDefinition, InvalidTaskData, NotFound, Problem

from .ids import names_no_id

STATUS = {
    "not_found": 404,
    "forbidden": 403,
    "conflict": 409,
    "not_claimed": 409,
    "invalid_data": 422,
    "invalid_parties": 422,
    "invalid_definition": 422,
    "workflow_error": 422,
}

#: what officials read for each kind of refusal
MESSAGES = {
    "not_found": "未找到该对象，或您无权查看。",
    "forbidden": "该事项不属于您所在单位或您的角色，无权操作。",
    "conflict": "该事项已被他人处理或状态已变化，请刷新后再试。",
    "not_claimed": "请先签收该事项再办理。",
    "invalid_data": "表单填写有误，请按提示修改。",
    "invalid_parties": "案件各方填写有误。",
    "invalid_definition": "流程文件有误，未部署。",
    "workflow_error": "流程运行出错，本次提交未生效。",
}


#: what a page says was not found (``NotFound.what``), in the reader's language
NOT_FOUND_WHAT = {
    "task": lazy_gettext("No task %(key)s was found, or it is not yours to see."),
    "case": lazy_gettext("No case %(key)s was found, or it is not yours to see."),
    "document": lazy_gettext("No document %(key)s was found, or it is not yours to see."),
}


def not_found(error: NotFound) -> str:
    """未找到任务 14…: what was asked for, named as the reader asked for it."""
    return str(NOT_FOUND_WHAT[error.what]) % {"key": error.key}


def status_of(error: EngineError) -> int:
    return STATUS.get(error.code, 400)


def problem_body(problem: Problem) -> dict:
    """A problem of a BPMN/DMN file as a client reads it: file, element id, line, message."""
    return {
        "file": problem.file,
        "element": problem.element_id,
        "line": problem.line,
        "message": problem.message,
    }


def error_body(error: EngineError) -> dict:
    body: dict = {"code": error.code, "message": MESSAGES.get(error.code, str(error)), "detail": str(error)}
    if isinstance(error, InvalidTaskData):
        body["fields"] = error.errors
    if isinstance(error, InvalidDefinition):
        body["problems"] = [problem_body(p) for p in error.problems]
    return {"error": body}


def wants_json() -> bool:
    return request.path.startswith("/api/")


def init_app(app: Flask) -> None:
    @app.errorhandler(EngineError)
    def engine_error(error: EngineError):
        status = status_of(error)
        if wants_json():
            return jsonify(error_body(error)), status
        if isinstance(error, NotFound) and error.what in NOT_FOUND_WHAT:
            return render_template("error.html", status=status, message=not_found(error), detail=""), status
        return render_template(
            "error.html", status=status, message=MESSAGES.get(error.code, str(error)), detail=str(error)
        ), status

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        if wants_json():
            return jsonify({"error": {"code": "csrf", "message": error.description}}), 400
        return render_template(
            "error.html", status=400, message="页面已过期，请刷新后重新提交。", detail=error.description
        ), 400

    @app.before_request
    def refuse_nul_bytes():
        """A NUL byte in a query is never meaningful, and PostgreSQL refuses it with an error:
        answer 400 before anything reads it (form bodies are left to their own size limits and
        reach the engine, which refuses NUL in case data)."""
        values = [*request.args.values(), request.path]
        if any("\x00" in value for value in values):
            return _http_error(400, "bad_request", "请求中含有非法字符（NUL）。")(None)
        return None

    @app.errorhandler(RecursionError)
    def too_deep(_error: RecursionError):
        """JSON nested thousands deep overflows the parser: a bad request, not a server error."""
        return _http_error(400, "bad_request", "请求体嵌套过深。")(None)

    _http_errors(app)


def _http_errors(app: Flask) -> None:
    """The HTTP errors Flask raises itself, in Chinese (JSON for API callers)."""
    for status, code, message in (
        (400, "bad_request", "请求有误。"),
        (404, "not_found", "未找到该页面。"),
        (403, "forbidden", "无权访问。"),
        (413, "too_large", "上传的文件过大。"),
    ):
        app.register_error_handler(status, _http_error(status, code, message))
    not_found = _http_error(404, "not_found", "未找到该页面。")
    not_allowed = _http_error(405, "method_not_allowed", "不支持的请求方式。")

    @app.errorhandler(405)
    def method_not_allowed(error):
        """An id past the database's range names nothing: 404, also where a sibling route of
        another method on the same path made werkzeug answer 405 (``webapp.ids``)."""
        return (not_found if names_no_id(request.path) else not_allowed)(error)


def _http_error(status: int, code: str, message: str):
    def handler(error):
        if wants_json():
            return jsonify({"error": {"code": code, "message": message}}), status
        return render_template("error.html", status=status, message=message, detail=""), status

    return handler
