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
    app.before_request(use_own_form_messages)
    from congress.core.pdf import chinese_number, nobr_title

    app.jinja_env.globals["chinese_number"] = chinese_number
    app.jinja_env.globals["nobr_title"] = nobr_title

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


# WTForms' own messages ("This field is required.") come from its catalogue, worded
# differently from ours ("该字段是必填字段" beside "不能为空"). Flask-WTF looks for the
# request's WTForms translations in `request.wtforms_translations`: this puts ours first for the
# messages our catalogue words, so a required field reads the same on every form.
OWN_WTFORMS_MESSAGES = frozenset({"This field is required."})


class FormMessages:
    """WTForms' translations (loaded when a message is first needed, as Flask-WTF does) with
    ours for the messages of OWN_WTFORMS_MESSAGES."""

    _theirs = None

    @property
    def theirs(self):
        if self._theirs is None:
            from babel import support
            from flask_babel import get_locale
            from wtforms.i18n import messages_path

            self._theirs = support.Translations.load(messages_path(), [get_locale()],
                                                     domain="wtforms")
        return self._theirs

    def ugettext(self, string):
        if string in OWN_WTFORMS_MESSAGES:
            from flask_babel import gettext

            return gettext(string)
        return self.theirs.ugettext(string)

    gettext = ugettext

    def ungettext(self, singular, plural, n):
        return self.theirs.ungettext(singular, plural, n)

    ngettext = ungettext


def use_own_form_messages():
    """Before a request: WTForms' messages in the user's language, ours where we word them."""
    request.wtforms_translations = FormMessages()
