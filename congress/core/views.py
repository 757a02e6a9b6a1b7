"""Sign-in, sign-out, the language switch and each role's start page."""
from urllib.parse import urlsplit

from flask import Blueprint, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import select

from congress.core.auth import Role
from congress.core.forms import LoginForm
from congress.extensions import db
from congress.meetings.models import Meeting
from congress.people import services
from congress.people.login import sign_in

bp = Blueprint("core", __name__)


def _safe_next(target):
    if not target:
        return None
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc and target.startswith("/") else None


@bp.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm()
    if request.method == "GET" and request.args.get("u"):
        form.username.data = request.args["u"]  # from the QR code on a delegate's card
    status = 200
    if form.validate_on_submit():
        try:
            user = sign_in(form.username.data, form.password.data, request.remote_addr)
        except services.Throttled:
            form.password.errors.append(_("Too many failed sign-ins; please wait a few minutes "
                                          "or ask the secretariat."))
            status = 429
        else:
            db.session.commit()
            if user is not None:
                login_user(user)
                if user.locale:
                    session["locale"] = user.locale
                return redirect(_safe_next(request.args.get("next")) or url_for("core.index"))
            form.password.errors.append(_("Wrong username or password."))
            status = 401 if request.method == "POST" else 200
    return render_template("core/login.html", form=form), status


@bp.post("/logout")
@login_required
def logout():
    """Signing out ends every session of the account, on every tablet, and its API tokens:
    a tablet left behind signed in is cut off too."""
    user = current_user._get_current_object()
    services.end_sessions(user, [user], "logout")
    db.session.commit()
    logout_user()
    return redirect(url_for("core.login"))


@bp.get("/locale/<code>")
def set_locale(code):
    from flask import current_app

    if code in current_app.config["LOCALES"]:
        session["locale"] = code
    return redirect(_safe_next(request.args.get("next")) or url_for("core.index"))


def current_meeting():
    """The meeting staff pages open on: the newest one."""
    return db.session.scalar(select(Meeting).order_by(Meeting.year.desc(), Meeting.id.desc()))


@bp.get("/")
@login_required
def index():
    if current_user.role is Role.delegate:
        return redirect(url_for("meetings.tablet", mid=current_user.delegate.meeting_id))
    if current_user.role in (Role.committee, Role.unit):
        return redirect(url_for("proposals.home"))
    meeting = current_meeting()
    if meeting is None:
        return redirect(url_for("meetings.list_meetings"))
    return redirect(url_for("meetings.show", mid=meeting.id))
