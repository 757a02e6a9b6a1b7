"""Error pages and JSON errors, and small response helpers every area uses."""
from urllib.parse import urlsplit

from flask import flash, jsonify, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_limiter import RateLimitExceeded
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from werkzeug.routing import IntegerConverter

from congress.core.errors import DomainError
from congress.core.jobs import JobIdConverter
from congress.extensions import db

MAX_ID = 2**31 - 1  # PostgreSQL's integer, the type of every id column

ERROR_TITLES = {
    400: _l("Bad request"),
    401: _l("Please sign in"),
    403: _l("You may not do this"),
    404: _l("Not found"),
    405: _l("Method not allowed"),
    409: _l("Not possible now"),
    413: _l("The file is too large"),
    422: _l("Please check your input"),
    429: _l("Too many attempts; please wait a few minutes"),
    500: _l("Something went wrong on our side"),
}
ERROR_CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
               405: "method_not_allowed", 409: "conflict", 413: "too_large", 422: "invalid",
               429: "too_many_attempts", 500: "server_error"}


class IdConverter(IntegerConverter):
    """`<int:...>` in every route, for ids: a number beyond the id columns' type (PostgreSQL's
    integer) names no row, so it becomes 0, an id no row has, and the lookup answers 404.
    (A `max=` bound would make Werkzeug answer 405 for such a path when another method's
    rule shares it.)"""

    def to_python(self, value):
        number = super().to_python(value)
        return number if number <= MAX_ID else 0


def init_converters(app):
    app.url_map.converters["int"] = IdConverter
    app.url_map.converters["job_id"] = JobIdConverter


def safe_next(target):
    """`target` if it is a path on this site (a ?next= after sign-in), else None: a full
    URL there would make the sign-in page an open redirect. Browsers read `/\\host` and
    `/<tab>/host` as `//host`, so backslashes and control characters are refused too."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return None
    if "\\" in target or any(ord(char) < 32 or ord(char) == 127 for char in target):
        return None
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc else None


def referrer_path():
    """The path (and query) of the page of this site that sent the request, or None."""
    referrer = request.referrer
    if not referrer:
        return None
    parts = urlsplit(referrer)
    if parts.netloc and parts.netloc != request.host:
        return None
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    return safe_next(path)


KEEP_FIELD = "_keep"


def with_kept_fields(back):
    """The page to return to, with the values of the sent form's fields named in its `_keep`
    field in the query (a scanned check-in code), so a form sent after the session ended
    comes back filled in after the sign-in. Never secrets: the form names what it keeps."""
    if not back or request.method != "POST":
        return back
    from urllib.parse import urlencode

    names = [n for n in request.form.get(KEEP_FIELD, "").split()
             if n in request.form and "password" not in n and n != "csrf_token"]
    kept = {name: request.form[name][:200] for name in names[:5]}
    if not kept:
        return back
    return f"{back}{'&' if '?' in back else '?'}{urlencode(kept)}"


def is_api_request():
    return request.blueprint == "api" or request.path.startswith("/api/")


def file_name(*parts, ext):
    """A download's name in the reader's language from its parts ("2026年年会", "纪要",
    ext ".pdf" -> "2026年年会纪要.pdf"), safe on every file system."""
    import re

    name = "".join(str(part) for part in parts if part)
    name = re.sub(r"\s*[（(](PDF|XLSX|ZIP)[）)]", "", name)
    return re.sub(r'[\\/:*?"<>|：\x00-\x1f]+', "_", name).strip(" ._") + ext


def disposition(kind, name, fallback):
    """A Content-Disposition value: `name` in RFC 5987's filename* (what browsers save the
    file as, Chinese included) and the ASCII `fallback` in filename for older clients."""
    from urllib.parse import quote

    name = name or fallback
    return f"{kind}; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


def file_response(data, mimetype, name, fallback, inline=False):
    """A file answer saved as `name` (see `disposition`). A plain response rather than
    send_file: the API validates its answers, and a streamed file cannot be read back."""
    from flask import make_response

    response = make_response(data)
    response.mimetype = mimetype
    response.headers["Content-Disposition"] = disposition(
        "inline" if inline else "attachment", name, fallback)
    return response


def pdf_response(data, filename, name=None):
    """A PDF answer, shown in the browser, saved as `name` (Chinese), `filename` (ASCII) for
    clients without RFC 5987."""
    return file_response(data, "application/pdf", name, filename, inline=True)


def json_error(status, code, message):
    response = jsonify({"error": {"code": code, "message": str(message)}})
    response.status_code = status
    return response


def init_errors(app):
    from congress.core.i18n import page_text

    @app.errorhandler(DomainError)
    def domain_error(error):
        db.session.rollback()
        if is_api_request():
            return json_error(error.status, error.code, error.message)
        if error.code == "delegate_terminated":
            # a delegate whose term ended clicked an action: their own page, with the reason
            flash(page_text(error), "error")
            return redirect(url_for("delegates.mine"))
        return render_template("error.html", status=error.status,
                               title=ERROR_TITLES.get(error.status),
                               message=page_text(error)), error.status

    def http_error(error):
        status = getattr(error, "code", 500) or 500
        if status >= 500:
            db.session.rollback()
        message = ERROR_TITLES.get(status, getattr(error, "name", ""))
        if is_api_request():
            return json_error(status, ERROR_CODES.get(status, "error"),
                              getattr(error, "api_message", None) or message)
        return render_template("error.html", status=status, title=message,
                               message=getattr(error, "api_message", None)), status

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        """A page form whose security token no longer matches: the session has ended (sign
        in again, then back to the page) or was renewed in another tab (back to the page).
        Either way the user lands where they were; drafts kept in the browser come back."""
        if is_api_request():
            return json_error(403, "csrf_failed", _l(
                "The form's security token is missing or has expired. Reload the page "
                "and try again."))
        back = with_kept_fields(referrer_path())
        if request.endpoint == "sign_in.login":  # the sign-in page itself sat open too long
            flash(_l("The page had expired. Please check your entries and send again."), "info")
            return redirect(url_for("sign_in.login", next=safe_next(request.args.get("next"))),
                            303)
        if not current_user.is_authenticated:
            flash(_l("Your session has ended. Please sign in again; you will return to the "
                     "page you were on."), "info")
            return redirect(url_for("sign_in.login", next=back), 303)
        if back:
            flash(_l("The page had expired. Please check your entries and send again."), "info")
            return redirect(back, 303)
        return render_template("error.html", status=400, title=ERROR_TITLES[400], message=_l(
            "The page had expired. Please check your entries and send again.")), 400

    for status in ERROR_CODES:
        app.register_error_handler(status, http_error)

    @app.errorhandler(RateLimitExceeded)
    def rate_limited(error):
        """A rate limit of core/limits.py: its own message, and code `rate_limited` (the
        login throttle's is `too_many_attempts`). Nothing was done, so nothing to roll back."""
        if is_api_request():
            return json_error(429, "rate_limited", error.description)
        return render_template("error.html", status=429, title=ERROR_TITLES[429],
                               message=error.description), 429

    @app.errorhandler(Exception)
    def unexpected(error):
        from werkzeug.exceptions import HTTPException

        if isinstance(error, HTTPException):
            return http_error(error)
        if app.testing:
            raise error  # let the test see the real failure
        app.logger.exception("unhandled error")
        db.session.rollback()
        return http_error(type("E", (), {"code": 500})())
