"""How timeline events and inbox notices read, in the reader's language. They are stored as a
kind and data, and worded when shown, so a delegate reading in English sees English."""
from collections import defaultdict

from flask_babel import lazy_gettext as _l

from congress.proposals.handling_models import Rating

EVENTS = {
    "draft": _l("Draft started"),
    "invite": _l("Invited %(delegate)s to co-sign"),
    "sign": _l("%(delegate)s signed"),
    "decline": _l("%(delegate)s declined"),
    "submit": _l("Filed with %(signers)s signers"),
    "suggest": _l("Filed as a suggestion (意见建议)"),
    "withdraw": _l("Withdrawn by the lead sponsor"),
    "accept": _l("Accepted as proposal No. %(number)s"),
    "reject": _l("Not accepted, kept as a suggestion: %(reason)s"),
    "merge": _l("Merged into “%(into_title)s”"),
    "merged_in": _l("“%(title)s” was merged into this proposal"),
    "assign": _l("Assigned to %(lead_unit)s, reply due by %(due_on)s (round %(round)s)"),
    "return": _l("%(unit)s returned the assignment: %(reason)s"),
    "opinion": _l("%(unit)s sent its views to the lead unit"),
    "reply": _l("%(unit)s replied: outcome %(outcome)s"),
    "rate": _l("The lead sponsor rated the reply: %(rating)s"),
    "rate_reason": _l("The lead sponsor rated the reply: %(rating)s. Reason: %(comment)s"),
    "rehandle": _l("Re-handling (round %(round)s) by %(lead_unit)s, due by %(due_on)s"),
}

NOTICES = {
    "invited": _l("%(by)s invites you to co-sign this proposal."),
    "signed": _l("%(name)s signed: %(count)s of the %(needed)s signers needed."),
    "declined": _l("%(name)s declined to co-sign."),
    "filed": _l("The proposal you co-signed has been filed."),
    "withdrawn": _l("The lead sponsor withdrew the proposal."),
    "accepted": _l("Accepted as proposal No. %(number)s."),
    "rejected": _l("Not accepted (%(reason)s); it is kept as a suggestion."),
    "merged": _l("Merged into “%(into)s”; you will receive its reply."),
    "assigned": _l("Assigned to %(unit)s; the reply is due by %(due_on)s."),
    "replied": _l("%(unit)s has replied (outcome %(outcome)s)."),
    "rehandling": _l("The reply was rated unsatisfactory; the proposal is handled again, due by "
                     "%(due_on)s."),
}


def _fill(template, data):
    values = defaultdict(str, data or {})
    if values.get("rating") in Rating.__members__:
        values["rating"] = str(Rating(values["rating"]).title)
    return str(template) % values


def event_text(event):
    kind = event.kind
    if kind == "rate" and (event.data or {}).get("comment"):
        kind = "rate_reason"     # the units see why the sponsor rated as they did
    return _fill(EVENTS.get(kind, kind), event.data)


def notice_text(notice):
    return _fill(NOTICES.get(notice.kind, notice.kind), notice.data)
