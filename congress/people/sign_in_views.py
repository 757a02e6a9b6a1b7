"""The sign-in and sign-out pages (the API's door is POST/DELETE /api/v1/tokens)."""
from flask import Blueprint, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from congress.core.web import safe_next
from congress.extensions import db
from congress.people import services
from congress.people.forms import LoginForm
from congress.people.login import sign_in

bp = Blueprint("sign_in", __name__)


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
                _start_session(user)
                return redirect(safe_next(request.args.get("next")) or url_for("home.index"))
            form.password.errors.append(_("Wrong username or password."))
            status = 401 if request.method == "POST" else 200
    return render_template("people/login.html", form=form), status


def _start_session(user):
    login_user(user)
    if user.locale:
        session["locale"] = user.locale


@bp.post("/logout")
@login_required
def logout():
    """Signing out ends every session of the account, on every tablet, and its API tokens:
    a tablet left behind signed in is cut off too."""
    user = current_user._get_current_object()
    services.end_sessions(user, [user], "logout")
    db.session.commit()
    logout_user()
    return redirect(url_for("sign_in.login"))
