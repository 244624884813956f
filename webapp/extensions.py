"""Flask extensions: log-in sessions, CSRF protection, Chinese-first translations."""

from __future__ import annotations

from decimal import Decimal

from flask import Flask, g, request, session
from flask_babel import Babel
from flask_login import LoginManager, current_user
from flask_wtf import CSRFProtect

from engine.workflow.deadlines import CHINA_TZ

from .context import close_db_session
from .user_names import person

login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()

LANGUAGES = {"zh_Hans_CN": "中文", "en": "English"}


def select_locale() -> str:
    """The language the visitor chose (?lang=en, remembered in the session), else Chinese."""
    chosen = request.args.get("lang")
    if chosen in LANGUAGES:
        session["lang"] = chosen
    return session.get("lang") or "zh_Hans_CN"


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = None
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    app.teardown_appcontext(close_db_session)

    @app.context_processor
    def template_globals():
        return {"current_user": current_user, "languages": LANGUAGES, "locale": g.get("locale_code")}

    @app.before_request
    def remember_locale():
        g.locale_code = select_locale()

    app.add_template_filter(beijing)
    app.add_template_filter(beijing_date)
    app.add_template_filter(thousands)
    app.add_template_filter(person)


def beijing(moment) -> str:
    """A moment as officials read it: 2017年4月30日 23:59 (Beijing time)."""
    if moment is None:
        return ""
    local = moment.astimezone(CHINA_TZ)
    return f"{local.year}年{local.month}月{local.day}日 {local:%H:%M}"


def beijing_date(moment) -> str:
    if moment is None:
        return ""
    local = moment.astimezone(CHINA_TZ)
    return f"{local.year}年{local.month}月{local.day}日"


def thousands(value):
    """A count or amount of five digits or more in groups of three (239000 → 239,000), as GB/T 15835
    allows: four-digit numbers and years (2017) stay as they are; anything else is left alone."""
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)) or abs(value) < 10000:
        return value
    return f"{value:,}"

