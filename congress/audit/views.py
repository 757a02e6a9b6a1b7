from flask import Blueprint, render_template, request
from flask_login import current_user, login_required
from sqlalchemy import select

from congress.audit import wording
from congress.core.audit import AuditEntry
from congress.core.auth import authorize
from congress.core.paging import page_of, requested_page
from congress.extensions import db
from congress.people.models import User

bp = Blueprint("audit", __name__, url_prefix="/audit")
PAGE_SIZE = 100
bp.add_app_template_filter(wording.action_title, "audit_action")
bp.add_app_template_filter(wording.target_text, "audit_target")
bp.add_app_template_filter(wording.change_lines, "audit_lines")


@bp.get("/")
@login_required
def index():
    authorize(current_user.can_view_audit())
    action = request.args.get("action", "").strip()
    actor = request.args.get("actor", "").strip()
    meeting_id = request.args.get("meeting", type=int)
    # the caller's organisation's entries only (another organisation's do not exist here)
    query = select(AuditEntry).where(AuditEntry.organisation_id == current_user.organisation_id)
    if action:
        query = query.where(AuditEntry.action.startswith(action))
    if meeting_id:
        query = query.where(AuditEntry.meeting_id == meeting_id)
    if actor:
        query = query.join(User, AuditEntry.actor_id == User.id).where(
            User.username.contains(actor) | User.name.contains(actor))
    entries = page_of(query.order_by(AuditEntry.id.desc()), requested_page(), PAGE_SIZE)
    actions = db.session.scalars(
        select(AuditEntry.action).distinct()
        .where(AuditEntry.organisation_id == current_user.organisation_id)
        .order_by(AuditEntry.action))
    return render_template("audit/index.html", entries=entries, action=action, actor=actor,
                           meeting_id=meeting_id, actions=list(actions))
