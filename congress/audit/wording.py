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
    "ballot.vote": _l("Vote cast"),
    "ballot.withdraw": _l("Ballot paper withdrawn"),
    "comment.create": _l("Review comment added"),
    "comment.delete": _l("Review comment deleted"),
    "comment.update": _l("Review comment changed"),
    "congress.create": _l("Congress created"),
    "debrief.comment": _l("Debrief comment recorded"),
    "debrief.create": _l("Debrief added"),
    "debrief.phase": _l("Debrief step changed"),
    "debrief.phase_undo": _l("Debrief step undone"),
    "debrief.timer.answer": _l("Answer countdown started"),
    "debrief.timer.pause": _l("Countdown paused"),
    "debrief.timer.restart": _l("Countdown restarted"),
    "debrief.timer.resume": _l("Countdown resumed"),
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
    "group.end": _l("Group session ended"),
    "group.notes": _l("Group notes saved"),
    "group.recorder": _l("Group recorder named"),
    "group.reopen": _l("Group session reopened"),
    "group.start": _l("Group session started"),
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
    "projector.update": _l("Projector changed"),
    "proposal.accept": _l("Proposal accepted"),
    "proposal.assign": _l("Proposal assigned"),
    "proposal.decline": _l("Co-signing declined"),
    "proposal.draft": _l("Proposal draft started"),
    "proposal.invite": _l("Co-signer invited"),
    "proposal.merge": _l("Proposal merged"),
    "proposal.merged_in": _l("Proposal merged into this one"),
    "proposal.opinion": _l("Assisting unit's views sent"),
    "proposal.rate": _l("Reply rated"),
    "proposal.rehandle": _l("Proposal handled again"),
    "proposal.reject": _l("Proposal not accepted"),
    "proposal.reply": _l("Proposal answered"),
    "proposal.return": _l("Assignment returned"),
    "proposal.save": _l("Proposal saved"),
    "proposal.sign": _l("Proposal co-signed"),
    "proposal.submit": _l("Proposal filed"),
    "proposal.suggest": _l("Filed as a suggestion"),
    "proposal.withdraw": _l("Proposal withdrawn"),
    "queue.answer": _l("Answer started"),
    "queue.close": _l("Question queue closed"),
    "queue.move": _l("Question queue reordered"),
    "queue.next": _l("Next questioner called"),
    "queue.open": _l("Question queue opened"),
    "queue.reject": _l("Request to speak declined"),
    "queue.reopen": _l("Question queue reopened"),
    "queue.request": _l("Request to speak"),
    "queue.withdraw": _l("Request to speak withdrawn"),
    "report.correct": _l("Report corrected"),
    "report.create": _l("Report imported"),
    "report.delete": _l("Report deleted"),
    "report.discard": _l("Report version discarded"),
    "report.import": _l("Report version imported"),
    "report.reimport": _l("Report imported again"),
    "report.table": _l("Report tabled"),
    "resolution.create": _l("Resolution drafted"),
    "resolution.put_to_vote": _l("Resolution put to the vote"),
    "resolution.update": _l("Resolution changed"),
    "roster.commit": _l("Roster imported"),
    "roster.upload": _l("Roster uploaded"),
    "token.issue": _l("API token issued"),
    "token.revoke": _l("API token revoked"),
    "unit.create": _l("Handling unit created"),
    "studio.create": _l("Studio created"),
    "studio.update": _l("Studio changed"),
    "studio.delete": _l("Studio deleted"),
    "duty.add": _l("Duty added"),
    "duty.remove": _l("Duty removed"),
    "duty.check_in": _l("Checked in for a duty"),
    "concern.take": _l("Concern recorded"),
    "concern.answer": _l("Concern answered on the spot"),
    "concern.refer": _l("Concern referred"),
    "concern.reply": _l("Concern replied"),
    "concern.feedback": _l("Resident's satisfaction recorded"),
    # the term's follow-up (congress/followup, core/notifications.py)
    "concern.follow_up": _l("Overdue concern followed up (督办)"),
    "proposal.cite_concern": _l("Concern cited as the proposal's evidence"),
    "proposal.uncite_concern": _l("Concern removed from the proposal's evidence"),
    "proposal.cite_activity": _l("Activity cited as the proposal's evidence"),
    "proposal.uncite_activity": _l("Activity removed from the proposal's evidence"),
    "reminders.made": _l("Reminders made"),
    "notification.read": _l("Reminder read"),
    "notification.read_all": _l("All reminders read"),
    "user.set_email": _l("Email address for reminders set"),
    "user.create": _l("Account created"),
    "user.enable": _l("Account enabled or disabled"),
    "user.end_sessions": _l("Sessions ended"),
    "user.login": _l("Signed in"),
    "user.login_failed": _l("Sign-in failed"),
    "user.reset_password": _l("Password reset"),
    "activity.create": _l("Activity recorded"),
    "ballot.paper_issue": _l("Paper ballot issued"),
    "ballot.paper_tally": _l("Paper ballots counted (teller's entry)"),
    "contact.create": _l("Contact added"),
    "contact.log": _l("Contact logged"),
    "requirements.set": _l("Yearly requirements set"),
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
    "added": _l("Added"),
    "answer": _l("Answer"),
    "assisting": _l("Assisting units"),
    "body": _l("Text"),
    "cast": _l("Papers returned"),
    "chair": _l("Chair"),
    "comment": _l("Remarks"),
    "comment_ids": _l("Review comments"),
    "comment_speaker": _l("Commented by"),
    "comment_text": _l("Comment text"),
    "delegate": _l("Delegate"),
    "delegate_id": _l("Delegate"),
    "designated": _l("Designated questioner"),
    "digest": _l("Digest"),
    "done": _l("Finished"),
    "due": _l("Due"),
    "due_on": _l("Due by"),
    "elected_on": _l("Election date"),
    "format": _l("Format"),
    "group_id": _l("Delegate group"),
    "heading": _l("Heading"),
    "headings": _l("Headings"),
    "is_grassroots": _l("Grassroots delegate"),
    "job_title": _l("Job title"),
    "lead_unit": _l("Lead unit"),
    "non_voting": _l("Non-voting attendees"),
    "not_called": _l("Not called"),
    "on_time": _l("On time"),
    "ordinal": _l("Ordinal"),
    "outcome": _l("Outcome"),
    "paragraph": _l("Paragraph"),
    "paragraphs": _l("Paragraphs"),
    "parent_id": _l("Parent organisation"),
    "path": _l("Organisation path"),
    "placement": _l("Placement"),
    "present": _l("Present"),
    "questioners": _l("Designated questioners"),
    "rating": _l("Rating"),
    "recorder_id": _l("Recorder"),
    "report": _l("Work report"),
    "report_id": _l("Work report"),
    "reporter_name": _l("Reporter"),
    "reporter_title": _l("Reporter's post"),
    "reports": _l("Work reports"),
    "round": _l("Round"),
    "sha256": _l("Checksum (SHA-256)"),
    "signers": _l("Signers"),
    "source": _l("Source file"),
    "speaker": _l("Speaker"),
    "speaking": _l("Speaking"),
    "starts_at": _l("Starts at"),
    "tables": _l("Tables"),
    "term_ends_on": _l("Term ends on"),
    "term_years": _l("Term (years)"),
    "termination_reason": _l("Reason for ending"),
    "work_unit": _l("Work unit"),
    "into_title": _l("Merged into"),
    "seconds": _l("Length (seconds)"),
    "remaining": _l("Left (seconds)"),
    "running": _l("Running"),
    "overrun": _l("Overrun"),
    "waiting": _l("Waiting"),
    "restored": _l("Restored"),
    "activities": _l("Activities"),
    "channel": _l("Channel"),
    "concern": _l("Concern"),
    "congress_id": _l("Party congress"),
    "contacts": _l("Contacts"),
    "contacts_each_quarter": _l("Each contact once a quarter"),
    "convener_id": _l("Convener"),
    "counts": _l("Counts"),
    "delegate_ids": _l("Delegates"),
    "duties": _l("Studio duties"),
    "elect_base": _l("Base of the majority"),
    "ends_at": _l("Ends at"),
    "entry": _l("Entry"),
    "follow_up": _l("Follow-up"),
    "invalid": _l("Invalid papers"),
    "member_ids": _l("Members"),
    "officers": _l("Scrutineers and tellers"),
    "papers_invalid": _l("Invalid papers"),
    "papers_issued": _l("Papers issued"),
    "papers_returned": _l("Papers returned"),
    "refer_by": _l("Refer by"),
    "returned": _l("Papers returned"),
    "round_of": _l("Further round of"),
    "seats": _l("Seats"),
    "step": _l("Step"),
    "studio_id": _l("Studio"),
    "taken_by_id": _l("Taken by"),
    "teller": _l("Teller"),
    "write_ins": _l("Names written in"),
    "subject": _l("Subject"),
    "option": _l("Option"),
    "votes": _l("Votes"),
}


def action_title(action):
    """The action's title; an action without one shows its code."""
    title = ACTION_TITLES.get(action)
    return str(title) if title is not None else action


def _model(target_type):
    """The model class an audit entry's target_type names (None when there is none)."""
    from congress.extensions import db

    return db.Model.registry._class_registry.get(target_type)


def target_text(entry):
    """"代表（编号8）" for Delegate 8: the model's label where it has one."""
    if not entry.target_type:
        return ""
    thing = str(getattr(_model(entry.target_type), "label", entry.target_type))
    if entry.target_id is None:
        return thing
    return gettext("%(thing)s No. %(id)s", thing=thing, id=entry.target_id)


def value_text(value):
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if isinstance(value, list):
        return "、".join(value_text(v) for v in value) or "—"
    if isinstance(value, dict):
        return "；".join(f"{field_title(k)}：{value_text(v)}" for k, v in value.items())
    return str(value)


def field_title(key):
    title = FIELD_TITLES.get(key)
    if title is None:  # a meeting's runtime setting, by its label on the settings page
        from congress.meetings.settings import SETTINGS_BY_KEY

        setting = SETTINGS_BY_KEY.get(key)
        title = setting.label if setting is not None else None
    return str(title) if title is not None else key


def change_lines(values, target_type=None):
    """Before or after as (field title, value) pairs, for one line each; a value of one of the
    target's enum columns (a concern's status, its channel) by its title."""
    if not values:
        return []
    if not isinstance(values, dict):
        return [("", json.dumps(values, ensure_ascii=False))]
    return [(field_title(key), _column_title(target_type, key, value) or _titled(key, value))
            for key, value in values.items()]


def _column_title(target_type, key, value):
    """The title of `value` when the target's column `key` holds an enum with titles."""
    if not target_type or not isinstance(value, str):
        return None
    table = getattr(_model(target_type), "__table__", None)
    column = table.c.get(key) if table is not None else None
    enum_class = getattr(getattr(column, "type", None), "enum_class", None)
    if enum_class is None:
        return None
    try:
        title = getattr(enum_class(value), "title", None)
    except ValueError:
        return None
    return str(title) if title is not None else None


def _titled(key, value):
    """A value with a title of its own (an account's role) by that title."""
    if key == "role" and isinstance(value, str):
        from congress.core.auth import Role

        try:
            return str(Role(value).title)
        except ValueError:
            pass
    if key == "phase" and isinstance(value, str):  # a debrief's step: 述职, not "report"
        from congress.debriefs.models import Phase

        try:
            return str(Phase(value).title)
        except ValueError:
            pass
    return value_text(value)
