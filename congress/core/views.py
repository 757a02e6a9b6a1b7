"""The language switch, the one page every area shares."""
from flask import Blueprint, current_app, redirect, request, session, url_for

from congress.core.web import safe_next

bp = Blueprint("core", __name__)


@bp.get("/locale/<code>")
def set_locale(code):
    if code in current_app.config["LOCALES"]:
        session["locale"] = code
    return redirect(safe_next(request.args.get("next")) or url_for("home.index"))
