"""Which reminders are due, and to whom (the job worker runs `remind` every
REMINDERS_EVERY_MINUTES; `flask remind` runs it by hand or from cron).

- not referred by `refer_by` while still received: the delegate who took it and the
  organisation's secretariat;
- a reply due within REMIND_WORKING_DAYS_BEFORE_DUE working days while referred: the users of
  the unit it went to;
- a reply overdue while referred: that unit's users and the secretariat.
Each reminder is a notification made once per (concern, user, deadline): a new deadline (a
re-referral) reminds again, the same one never twice, even with two workers at once
(core/notifications.py). The email goes out from the same worker after the commit.
"""
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload
from werkzeug.routing import BuildError

from congress.core.audit import record
from congress.core.auth import Role
from congress.core.job_worker import writing
from congress.core.notifications import Notification, deliver_mail, notify_once
from congress.core.periodic import periodic
from congress.core.time import local_today
from congress.core.workdays import add_working_days
from congress.extensions import db
from congress.people.models import Delegate, User
from congress.studios.models import Concern, ConcernStatus

EXCERPT = 120
# the concern's page, where the studios area serves one (None until it does)
CONCERN_ENDPOINT = "studios.concern"


def concern_link(concern_id):
    """The concern's page as a path: built from the URL map, so it needs no request (the
    worker has none; a request context would also make SQLite begin as a reader)."""
    adapter = current_app.url_map.bind(
        "localhost", script_name=current_app.config.get("APPLICATION_ROOT") or "/")
    try:
        return adapter.build(CONCERN_ENDPOINT, {"cid": concern_id})
    except BuildError:
        return None


def _excerpt(text):
    text = " ".join((text or "").split())
    return text if len(text) <= EXCERPT else text[:EXCERPT] + "…"


def reminder_body(concern, headline, link):
    lines = [headline, "",
             _("Studio: %(name)s", name=concern.studio.name if concern.studio else "-"),
             _("Received: %(date)s", date=concern.received_at.date().isoformat()),
             _("Concern: %(text)s", text=_excerpt(concern.text))]
    if link:
        base = current_app.config.get("PUBLIC_URL") or ""
        lines += ["", _("Open it: %(link)s", link=base.rstrip("/") + link)]
    return "\n".join(lines)


def _due(today):
    """[(concern, kind, due key, deadline)] of every reminder due today."""
    soon = add_working_days(today, current_app.config["REMIND_WORKING_DAYS_BEFORE_DUE"])
    found = []
    studio = joinedload(Concern.studio)  # each new reminder's text names it
    for concern in db.session.scalars(select(Concern).options(studio).where(
            Concern.status == ConcernStatus.received, Concern.refer_by < today)):
        found.append((concern, "concern.refer_overdue", concern.refer_by))
    for concern in db.session.scalars(select(Concern).options(studio).where(
            Concern.status == ConcernStatus.referred, Concern.due_on.is_not(None),
            Concern.due_on <= soon)):
        kind = "concern.reply_overdue" if concern.due_on < today else "concern.reply_due"
        found.append((concern, kind, concern.due_on))
    return found


def _recipients(due):
    """{(kind, concern id): [user]} with the users each reminder goes to (three statements)."""
    organisations = {c.organisation_id for c, kind, _d in due if kind != "concern.reply_due"}
    units = {c.unit_id for c, kind, _d in due if kind != "concern.refer_overdue" and c.unit_id}
    delegates = {c.taken_by_id for c, kind, _d in due
                 if kind == "concern.refer_overdue" and c.taken_by_id}
    secretariat, unit_users, delegate_users = {}, {}, {}
    if organisations:
        for user in db.session.scalars(select(User).where(
                User.organisation_id.in_(organisations), User.role == Role.secretariat,
                User.is_enabled.is_(True))):
            secretariat.setdefault(user.organisation_id, []).append(user)
    if units:
        for user in db.session.scalars(select(User).where(
                User.unit_id.in_(units), User.role == Role.unit, User.is_enabled.is_(True))):
            unit_users.setdefault(user.unit_id, []).append(user)
    if delegates:
        for delegate_id, user in db.session.execute(
                select(Delegate.id, User).join(User, Delegate.user_id == User.id)
                .where(Delegate.id.in_(delegates), User.is_enabled.is_(True))):
            delegate_users[delegate_id] = [user]
    recipients = {}
    for concern, kind, _deadline in due:
        users = []
        if kind == "concern.refer_overdue":
            users += delegate_users.get(concern.taken_by_id, [])
        else:
            users += unit_users.get(concern.unit_id, [])
        if kind != "concern.reply_due":
            users += secretariat.get(concern.organisation_id, [])
        recipients[(kind, concern.id)] = users
    return recipients


def follow_up_recipients(concern, step):
    """Who must act on an overdue concern: the delegate who took it while it waits for its
    referral, the unit's users while it waits for the reply."""
    if step == "referral":
        if concern.taken_by_id is None:
            return []
        return list(db.session.scalars(select(User).join(Delegate, Delegate.user_id == User.id)
                                       .where(Delegate.id == concern.taken_by_id,
                                              User.is_enabled.is_(True))))
    if concern.unit_id is None:
        return []
    return list(db.session.scalars(select(User).where(
        User.unit_id == concern.unit_id, User.role == Role.unit, User.is_enabled.is_(True))))


def _already(due):
    """The (kind, concern id, user id, due key) reminders that exist already: skipped without
    a statement each (the unique row still decides when two workers race)."""
    ids = sorted({c.id for c, _k, _d in due})
    existing = set()
    for start in range(0, len(ids), 500):
        existing.update(db.session.execute(select(
            Notification.kind, Notification.object_id, Notification.user_id,
            Notification.due_key).where(Notification.kind.like("concern.%"),
                                         Notification.object_id.in_(ids[start:start + 500]))))
    return {tuple(row) for row in existing}


HEADLINES = {
    "concern.refer_overdue": lambda c: _(
        "Concern no. %(id)s was not referred by %(date)s.", id=c.id,
        date=c.refer_by.isoformat()),
    "concern.reply_due": lambda c: _(
        "Concern no. %(id)s: the unit's reply is due by %(date)s.", id=c.id,
        date=c.due_on.isoformat()),
    "concern.reply_overdue": lambda c: _(
        "Concern no. %(id)s: the unit's reply due by %(date)s is overdue.", id=c.id,
        date=c.due_on.isoformat()),
}


def make_due_reminders(today=None):
    """Make every reminder due today that does not exist yet, in the caller's transaction;
    returns how many were made."""
    today = today or local_today()
    due = _due(today)
    if not due:
        return 0
    recipients = _recipients(due)
    existing = _already(due)
    made = 0
    for concern, kind, deadline in due:
        key = deadline.isoformat()
        link = concern_link(concern.id)
        headline = HEADLINES[kind](concern)
        for user in recipients[(kind, concern.id)]:
            if (kind, concern.id, user.id, key) in existing:
                continue
            if notify_once(user, kind, concern.id, key, headline,
                           reminder_body(concern, headline, link), link):
                made += 1
    if made:
        record(None, "reminders.made", after={"count": made, "on": today.isoformat()})
    return made


def find_due_reminders(today=None):
    """The worker's step: make_due_reminders in a transaction of its own, committed."""
    with writing():
        return make_due_reminders(today)


@periodic("congress.remind", every="REMINDERS_EVERY_MINUTES")
def remind(today=None):
    """The periodic work: make the due reminders, then send the emails that are due."""
    made = find_due_reminders(today)
    sent, failed = deliver_mail()
    return {"made": made, "sent": sent, "failed": failed}
