"""Locale choice: Simplified Chinese by default, English as the second locale.

Pages follow the user's own choice (kept in the session and on the account); the API follows
Accept-Language; everything else gets CONGRESS_LOCALE.
"""
from flask import current_app, has_request_context, request, session
from flask_login import current_user


def select_locale():
    locales = current_app.config["LOCALES"]
    if not has_request_context():  # CLI and background work
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    if request.path.startswith("/api/"):
        best = request.accept_languages.best_match(["zh-CN", "zh", "en"])
        if best:
            return "en" if best.startswith("en") else "zh_CN"
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    chosen = session.get("locale")
    if chosen in locales:
        return chosen
    if current_user and getattr(current_user, "locale", None) in locales:
        return current_user.locale
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def select_timezone():
    return current_app.config["BABEL_DEFAULT_TIMEZONE"]


def init_app(app):
    from flask_babel import format_datetime, get_locale

    def locale_code():
        """'zh_CN' or 'en' (Babel spells the first one zh_Hans_CN)."""
        return "en" if get_locale().language == "en" else "zh_CN"

    app.jinja_env.globals["locale_code"] = locale_code
    from congress.core.pdf import chinese_number

    app.jinja_env.globals["chinese_number"] = chinese_number

    app.jinja_env.filters["localtime"] = lambda value, fmt="yyyy-MM-dd HH:mm": (
        format_datetime(value, fmt) if value else "")
    import json

    app.jinja_env.filters["json_text"] = lambda value: json.dumps(value, ensure_ascii=False)
    app.jinja_env.filters["colon"] = with_colon
    app.jinja_env.filters["in_parens"] = in_parens


def with_colon(label):
    """A label before its value: "Recorder: " in English, "记录员：" in Chinese."""
    from flask_babel import gettext
    from markupsafe import Markup

    return Markup(gettext("%(label)s: ")) % {"label": label}


def in_parens(text):
    """A parenthesised addition: " (3)" in English, "（3）" in Chinese."""
    from flask_babel import gettext
    from markupsafe import Markup

    return Markup(gettext(" (%(text)s)")) % {"text": text}


def page_text(error):
    """A DomainError's message for a page: without the "field: " prefix that API answers
    carry (a form shows it beside its field, a flash message needs no key name)."""
    import re

    return re.sub(r"^[a-z_]+[:：]\s*", "", str(error.message), count=1)
