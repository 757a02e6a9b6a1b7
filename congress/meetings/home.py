"""The start page: each role's way in (a delegate's tablet, the proposal desk, the newest
meeting's overview for the staff)."""
from flask import Blueprint, redirect, url_for
from flask_login import current_user, login_required

from congress.core.auth import Role
from congress.meetings.services import current_meeting

bp = Blueprint("home", __name__)


@bp.get("/")
@login_required
def index():
    if current_user.role is Role.delegate:
        meeting = current_user.delegate.current_meeting()
        if meeting is None:
            return redirect(url_for("delegates.mine"))
        return redirect(url_for("meetings.tablet", mid=meeting.id))
    if current_user.role in (Role.committee, Role.unit):
        return redirect(url_for("proposals.home"))
    if current_user.role is Role.organiser:  # the meetings of every organisation below
        return redirect(url_for("meetings.list_meetings"))
    meeting = current_meeting(current_user)
    if meeting is None:
        return redirect(url_for("meetings.list_meetings"))
    return redirect(url_for("meetings.show", mid=meeting.id))
