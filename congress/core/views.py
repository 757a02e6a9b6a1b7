"""The pages every area shares: the language switch and the user's notifications."""
from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from congress.core.audit import record
from congress.core.errors import found, not_found
from congress.core.web import safe_next
from congress.extensions import db

bp = Blueprint("core", __name__)


@bp.get("/locale/<code>")
def set_locale(code):
    if code in current_app.config["LOCALES"]:
        session["locale"] = code
    return redirect(safe_next(request.args.get("next")) or url_for("home.index"))


# --- the user's notifications (reminders: core/notifications.py) ------------------------------

@bp.get("/notifications")
@login_required
def notifications():
    from congress.core.forms import EmptyForm
    from congress.core.notifications import mail_on, recent
    return render_template("notifications.html", items=recent(current_user),
                           button=EmptyForm(), mail_on=mail_on())


@bp.post("/notifications/<int:nid>/read")
@login_required
def read_notification(nid):
    from congress.core.forms import EmptyForm
    from congress.core.notifications import Notification, mark_read
    item = found(db.session.get(Notification, nid), Notification)
    if not item.can_read(current_user):  # another user's reminder does not exist
        raise not_found(Notification)
    if not EmptyForm().validate_on_submit():
        abort(400)
    if mark_read(item):
        record(current_user, "notification.read", item)
    db.session.commit()
    return redirect(safe_next(request.form.get("next")) or url_for("core.notifications")), 303


@bp.post("/notifications/read")
@login_required
def read_all_notifications():
    from congress.core.forms import EmptyForm
    from congress.core.notifications import mark_all_read
    if not EmptyForm().validate_on_submit():
        abort(400)
    count = mark_all_read(current_user)
    if count:
        record(current_user, "notification.read_all", after={"count": count})
    db.session.commit()
    return redirect(url_for("core.notifications")), 303


@bp.post("/notifications/email")
@login_required
def set_reminder_email():
    """The signed-in user's own address for reminders."""
    from congress.core.errors import DomainError
    from congress.core.forms import EmptyForm
    from congress.core.i18n import page_text
    from congress.core.notifications import set_reminder_email as set_email
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        set_email(current_user, request.form.get("email", "")[:300].replace("\x00", ""))
    except DomainError as error:
        db.session.rollback()
        flash(page_text(error), "error")
        return redirect(url_for("core.notifications")), 303
    db.session.commit()
    flash(_("Your email address for reminders is saved."), "success")
    return redirect(url_for("core.notifications")), 303


@bp.app_template_global("unread_notifications")
def _unread_notifications():
    """The unread count for the header's link (one indexed count)."""
    from congress.core.notifications import unread_count
    return unread_count(current_user) if current_user.is_authenticated else 0
