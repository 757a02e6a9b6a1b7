"""The write path of the follow-up: citing concerns as a proposal's evidence and following up
(督办) an overdue concern. Each flushes and records its audit entry; none commits."""
from flask_babel import gettext as _, lazy_gettext as _l
from sqlalchemy import select

from congress.core.audit import record
from congress.core.errors import Conflict, Invalid
from congress.core.notifications import notify_once
from congress.core.time import local_today
from congress.extensions import db
from congress.followup.models import (
    NOTE_LENGTH,
    ConcernFollowUp,
    ProposalActivity,
    ProposalConcern,
)
from congress.followup.queries import overdue_step
from congress.followup.reminders import concern_link, follow_up_recipients, reminder_body
from congress.studios.models import Concern
from congress.studios.services import publish_concern_changed

MAX_CITED = 50  # a proposal's evidence is a handful of cases, not a register


def cite_concern(actor, proposal, concern):
    """Add a concern to a draft's evidence (its lead sponsor; the caller checked)."""
    if not proposal.is_draft:
        raise Conflict(_l("Evidence can only be cited while the proposal is a draft."),
                       code="not_draft")
    cited = db.session.scalars(select(ProposalConcern.concern_id).where(
        ProposalConcern.proposal_id == proposal.id)).all()
    if concern.id in cited:
        raise Conflict(_l("This concern is cited already."), code="already_cited")
    if len(cited) >= MAX_CITED:
        raise Invalid(_l("A proposal cites at most %(n)s concerns.", n=MAX_CITED),
                      field="concern_id")
    link = ProposalConcern(proposal_id=proposal.id, concern_id=concern.id, cited_by_id=actor.id)
    db.session.add(link)
    db.session.flush()
    record(actor, "proposal.cite_concern", proposal, after={"concern": concern.id})
    return link


def uncite_concern(actor, proposal, concern):
    if not proposal.is_draft:
        raise Conflict(_l("Evidence can only be changed while the proposal is a draft."),
                       code="not_draft")
    link = db.session.scalar(select(ProposalConcern).where(
        ProposalConcern.proposal_id == proposal.id, ProposalConcern.concern_id == concern.id))
    if link is None:
        raise Conflict(_l("This concern is not cited."), code="not_cited")
    db.session.delete(link)
    db.session.flush()
    record(actor, "proposal.uncite_concern", proposal, before={"concern": concern.id})


def _draft_only(proposal):
    if not proposal.is_draft:
        raise Conflict(_l("Evidence can only be changed while the proposal is a draft."),
                       code="not_draft")


def cite_activity(actor, proposal, activity):
    """Add an activity to a draft's evidence (its lead sponsor; the caller checked)."""
    _draft_only(proposal)
    cited = db.session.scalars(select(ProposalActivity.activity_id).where(
        ProposalActivity.proposal_id == proposal.id)).all()
    if activity.id in cited:
        raise Conflict(_l("This activity is cited already."), code="already_cited")
    if len(cited) >= MAX_CITED:
        raise Invalid(_l("A proposal cites at most %(n)s activities.", n=MAX_CITED),
                      field="activity_id")
    link = ProposalActivity(proposal_id=proposal.id, activity_id=activity.id,
                            cited_by_id=actor.id)
    db.session.add(link)
    db.session.flush()
    record(actor, "proposal.cite_activity", proposal, after={"activity": activity.id})
    return link


def uncite_activity(actor, proposal, activity):
    _draft_only(proposal)
    link = db.session.scalar(select(ProposalActivity).where(
        ProposalActivity.proposal_id == proposal.id,
        ProposalActivity.activity_id == activity.id))
    if link is None:
        raise Conflict(_l("This activity is not cited."), code="not_cited")
    db.session.delete(link)
    db.session.flush()
    record(actor, "proposal.uncite_activity", proposal, before={"activity": activity.id})


def follow_up(actor, concern, note=None):
    """督办: record that the secretariat chased an overdue concern and remind those who must act
    (the delegate who took it while it waits for referral, the unit's users while it waits for
    the reply), in the app and by email."""
    step = overdue_step(concern, local_today())
    if step is None:
        raise Conflict(_l("Only an overdue concern can be followed up."), code="not_overdue")
    note = (note or "").strip() or None
    if note is not None and (len(note) > NOTE_LENGTH or "\x00" in note):
        raise Invalid(_l("note: at most %(n)s characters", n=NOTE_LENGTH), field="note")
    row = ConcernFollowUp(concern_id=concern.id, organisation_id=concern.organisation_id,
                          by_user_id=actor.id, note=note)
    db.session.add(row)
    db.session.flush()
    headline = _("Follow-up (督办): concern no. %(id)s is overdue.", id=concern.id)
    body = reminder_body(concern, headline, concern_link(concern.id))
    if note:
        body += "\n\n" + _("Note: %(note)s", note=note)
    for user in follow_up_recipients(concern, step):
        notify_once(user, "concern.follow_up", concern.id, f"f{row.id}", headline, body,
                    concern_link(concern.id))
    record(actor, "concern.follow_up", concern, after={"step": step, "note": note,
                                                       "follow_up": row.id})
    publish_concern_changed(concern)  # the overdue list's count of follow-ups, live
    return row


def concern_by_id(concern_id):
    return db.session.get(Concern, concern_id)
