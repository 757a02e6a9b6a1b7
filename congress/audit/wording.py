"""The audit log in words: a Chinese (or English) title for each action, the object it
touched by its name, and before/after as one "field: value" line each."""
import json

from flask_babel import gettext, lazy_gettext as _l

ACTION_TITLES = {
    "agenda.add": _l("Agenda item added"),
    "agenda.delete": _l("Agenda item deleted"),
    "agenda.move": _l("Agenda item moved"),
    "attendance.check_in": _l("Checked in"),
    "attendance.clear": _l("Check-in cleared"),
    "attendance.leave": _l("Leave recorded"),
    "ballot.close": _l("Ballot closed"),
    "ballot.create": _l("Ballot created"),
    "ballot.delete": _l("Ballot deleted"),
    "ballot.open": _l("Ballot opened"),
    "ballot.withdraw": _l("Ballot paper withdrawn"),
    "comment.create": _l("Review comment added"),
    "comment.delete": _l("Review comment deleted"),
    "comment.update": _l("Review comment changed"),
    "congress.create": _l("Congress created"),
    "debrief.comment": _l("Debrief comment recorded"),
    "debrief.create": _l("Debrief added"),
    "debrief.phase": _l("Debrief step changed"),
    "debrief.phase_undo": _l("Debrief step undone"),
    "delegate.create": _l("Delegate added"),
    "delegate.issue_card": _l("Login card issued"),
    "delegate.terminate": _l("Delegate qualification ended"),
    "delegate.update": _l("Delegate changed"),
    "delegate_group.create": _l("Delegate group created"),
    "delegation.create": _l("Delegation created"),
    "digest.compile": _l("Comments compiled into the digest"),
    "digest.edit": _l("Digest entry edited"),
    "digest.merge": _l("Digest entries merged"),
    "digest.split": _l("Digest entry split"),
    "group.attendance": _l("Group attendance recorded"),
    "group.notes": _l("Group notes saved"),
    "group.recorder": _l("Group recorder named"),
    "job.done": _l("Job done"),
    "job.enqueue": _l("Job queued"),
    "job.failed": _l("Job failed"),
    "meeting.create": _l("Meeting created"),
    "meeting.settings": _l("Meeting settings changed"),
    "meeting.update": _l("Meeting changed"),
    "meeting_seat.set": _l("Meeting seat set"),
    "minutes.finalise": _l("Minutes finalised"),
    "minutes.header": _l("Minutes header changed"),
    "minutes.section_add": _l("Minutes section added"),
    "minutes.section_delete": _l("Minutes section deleted"),
    "minutes.section_update": _l("Minutes section changed"),
    "notice.read": _l("Notice read"),
    "organisation.create": _l("Organisation created"),
    "organisation.update": _l("Organisation changed"),
    "proposal.save": _l("Proposal saved"),
    "queue.answer": _l("Answer started"),
    "queue.close": _l("Question queue closed"),
    "queue.move": _l("Question queue reordered"),
    "queue.next": _l("Next questioner called"),
    "queue.open": _l("Question queue opened"),
    "queue.reject": _l("Request to speak declined"),
    "queue.reopen": _l("Question queue reopened"),
    "queue.request": _l("Request to speak"),
    "queue.withdraw": _l("Request to speak withdrawn"),
    "report.create": _l("Report imported"),
    "report.delete": _l("Report deleted"),
    "report.discard": _l("Report version discarded"),
    "report.table": _l("Report tabled"),
    "resolution.create": _l("Resolution drafted"),
    "resolution.put_to_vote": _l("Resolution put to the vote"),
    "resolution.update": _l("Resolution changed"),
    "roster.commit": _l("Roster imported"),
    "roster.upload": _l("Roster uploaded"),
    "token.issue": _l("API token issued"),
    "token.revoke": _l("API token revoked"),
    "unit.create": _l("Handling unit created"),
    "user.create": _l("Account created"),
    "user.enable": _l("Account enabled or disabled"),
    "user.end_sessions": _l("Sessions ended"),
    "user.login": _l("Signed in"),
    "user.login_failed": _l("Sign-in failed"),
    "user.reset_password": _l("Password reset"),
}

FIELD_TITLES = {
    "title": _l("Title"),
    "name": _l("Name"),
    "status": _l("Status"),
    "reason": _l("Reason"),
    "kind": _l("Type"),
    "job": _l("Job"),
    "ballot_id": _l("Ballot"),
    "address": _l("Address"),
    "open": _l("Open"),
    "username": _l("Username"),
    "role": _l("Role"),
    "active": _l("Active"),
    "gender": _l("Gender"),
    "delegation": _l("Delegation"),
    "delegation_id": _l("Delegation"),
    "unit": _l("Unit"),
    "unit_id": _l("Handling unit"),
    "position": _l("Position"),
    "employer": _l("Employer"),
    "phone": _l("Phone"),
    "year": _l("Year"),
    "starts_on": _l("First day"),
    "ends_on": _l("Last day"),
    "venue": _l("Venue"),
    "quorum_ratio": _l("Quorum ratio"),
    "min_signers": _l("Minimum signers"),
    "proposal_deadline": _l("Proposal deadline"),
    "phase": _l("Step"),
    "method": _l("Method"),
    "level": _l("Level"),
    "text": _l("Text"),
    "note": _l("Note"),
    "notes": _l("Notes"),
    "count": _l("Count"),
    "rows": _l("Rows"),
    "version": _l("Version"),
    "number": _l("Number"),
    "seat": _l("Seat"),
    "position_no": _l("Order"),
    "recorder": _l("Recorder"),
    "terminated_on": _l("Ended on"),
    "active_from": _l("Active from"),
    "category": _l("Category"),
    "subjects": _l("Subjects"),
    "options": _l("Options"),
    "file": _l("File"),
    "filename": _l("File name"),
    "at": _l("Time"),
    "organisation_id": _l("Organisation"),
    "is_enabled": _l("Enabled"),
    "on": _l("Date"),
}


def action_title(action):
    """The action's title; an action without one shows its code."""
    title = ACTION_TITLES.get(action)
    return str(title) if title is not None else action


def target_text(entry):
    """"代表（编号8）" for Delegate 8: the model's label where it has one."""
    if not entry.target_type:
        return ""
    from congress.extensions import db

    model = db.Model.registry._class_registry.get(entry.target_type)
    thing = str(getattr(model, "label", entry.target_type))
    if entry.target_id is None:
        return thing
    return gettext("%(thing)s No. %(id)s", thing=thing, id=entry.target_id)


def value_text(value):
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if isinstance(value, list):
        return "、".join(value_text(v) for v in value)
    if isinstance(value, dict):
        return "；".join(f"{field_title(k)}：{value_text(v)}" for k, v in value.items())
    return str(value)


def field_title(key):
    title = FIELD_TITLES.get(key)
    return str(title) if title is not None else key


def change_lines(values):
    """Before or after as (field title, value) pairs, for one line each."""
    if not values:
        return []
    if not isinstance(values, dict):
        return [("", json.dumps(values, ensure_ascii=False))]
    return [(field_title(key), _titled(key, value)) for key, value in values.items()]


def _titled(key, value):
    """A value with a title of its own (an account's role) by that title."""
    if key == "role" and isinstance(value, str):
        from congress.core.auth import Role

        try:
            return str(Role(value).title)
        except ValueError:
            pass
    return value_text(value)
