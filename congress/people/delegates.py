"""Delegates of the term and their delegations and groups: the write path (services flush and
audit; the request commits), and the one refusal of a delegate whose qualification has ended."""
import re
import secrets

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from congress.core.audit import record, snapshot
from congress.core.auth import Role
from congress.core.database import end_reading
from congress.core.errors import Conflict, Forbidden, Invalid
from congress.extensions import db
from congress.people.models import Delegate, DelegateGroup, Delegation, User
from congress.people.services import pin_credentials

DELEGATE_FIELDS = ("name", "delegation_id", "group_id", "gender", "work_unit", "job_title",
                   "seat", "is_grassroots", "active_from", "terminated_on",
                   "termination_reason")
# what update_delegate may change (the term's dates change only by termination)
EDITABLE_DELEGATE_FIELDS = ("name", "delegation", "group", "gender", "work_unit", "job_title",
                            "seat", "is_grassroots")

def get_or_create_delegation(actor, congress, name):
    name = (name or "").strip()
    if not name:
        raise Invalid(_l("delegation: must not be empty"), field="delegation")
    delegation = find_delegation(congress, name)
    if delegation is None:
        delegation = create_delegation(actor, congress, name)
    return delegation


def find_delegation(congress, name):
    return db.session.scalar(
        select(Delegation).where(Delegation.congress_id == congress.id, Delegation.name == name)
    )


def create_delegation(actor, congress, name):
    """A delegation (代表团) of `congress`."""
    name = (name or "").strip()
    if not name:
        raise Invalid(_l("name: must not be empty"), field="name")
    end_reading()
    if find_delegation(congress, name) is not None:
        raise Invalid(_l("name: the delegation %(name)s exists", name=name), field="name")
    position = db.session.scalar(
        select(func.coalesce(func.max(Delegation.position), 0)).where(
            Delegation.congress_id == congress.id)
    ) + 1
    delegation = Delegation(congress=congress, name=name, position=position)
    db.session.add(delegation)
    db.session.flush()
    record(actor, "delegation.create", delegation, after={"name": name})
    return delegation


def delegate_username(year, delegate_id):
    """The login printed on the card: a year and the delegate's number, all digits."""
    return f"{year}{delegate_id:04d}"


_SPACES = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff]+")  # \s covers U+3000, U+00A0
_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_SPACE_IN_CJK = re.compile(f"(?<=[{_CJK}]) (?=[{_CJK}])")


def normalise_name(name):
    """A person's name as typed or pasted from Word: Unicode spaces (the full-width U+3000
    that aligns two-character names, no-break and zero-width ones) stripped at the ends and
    collapsed to one space; between two Chinese characters no space is kept (王　芳 → 王芳)."""
    collapsed = _SPACES.sub(" ", name or "").strip()
    return _SPACE_IN_CJK.sub("", collapsed)


def create_delegate(actor, congress, *, name, delegation, gender=None, work_unit=None,
                    job_title=None, seat=None, is_grassroots=False, pin=None, credentials=None,
                    active_from=None, username_year=None, group=None):
    """Add a delegate of `congress` with one login for the whole term; returns (delegate,
    pin) — the PIN is shown once. `active_from` is the congress's election day unless the
    delegate comes later (a by-election, 补选). `credentials` (pin_credentials()) were hashed
    beforehand; otherwise the PIN is hashed here, before the write lock is taken."""
    name = normalise_name(name)
    if not name:
        raise Invalid(_l("name: must not be empty"), field="name")
    if gender not in (None, "male", "female"):
        raise Invalid(_l("gender: must be male or female"), field="gender")
    active_from = active_from or congress.elected_on
    _check_within_term(congress, active_from, "active_from")
    credentials = credentials or pin_credentials(pin)
    end_reading()
    if db.session.scalar(select(Delegate.id).where(
            Delegate.congress_id == congress.id, Delegate.name == name,
            Delegate.delegation_id == delegation.id)):
        raise Invalid(_l("name: %(name)s is already in this delegation", name=name), field="name")
    user = User(username=f"pending-{secrets.token_hex(8)}", name=name, role=Role.delegate,
                organisation_id=congress.organisation_id, password_hash=credentials.hash)
    delegate = Delegate(congress=congress, delegation=delegation, user=user, name=name,
                        gender=gender, work_unit=work_unit or None, job_title=job_title or None,
                        seat=seat or None, is_grassroots=bool(is_grassroots),
                        active_from=active_from, group=group)
    db.session.add(delegate)
    db.session.flush()
    user.username = delegate_username(username_year or congress.elected_on.year, delegate.id)
    record(actor, "delegate.create", delegate,
           after=snapshot(delegate, DELEGATE_FIELDS) | {"username": user.username})
    return delegate, credentials.secret


def find_group(congress, name):
    return db.session.scalar(select(DelegateGroup).where(
        DelegateGroup.congress_id == congress.id, DelegateGroup.name == name))


def get_or_create_group(actor, congress, name):
    """The delegate group (代表小组) of `congress` called `name`, created if missing."""
    name = (name or "").strip()
    if not name:
        raise Invalid(_l("group: must not be empty"), field="group")
    group = find_group(congress, name)
    if group is None:
        end_reading()
        group = DelegateGroup(congress_id=congress.id, name=name)
        db.session.add(group)
        db.session.flush()
        record(actor, "delegate_group.create", group, after={"name": name,
                                                              "congress_id": congress.id})
    return group


def _delegate_after(delegate):
    return snapshot(delegate, DELEGATE_FIELDS)


def update_delegate(actor, delegate, **changes):
    """Edit a delegate of the term (name, delegation, group, gender, work unit, post, seat,
    grassroots): only the fields given change; audited with before and after. A
    terminated delegate's record may still be corrected."""
    unknown = set(changes) - set(EDITABLE_DELEGATE_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    if "name" in changes:
        changes["name"] = normalise_name(changes["name"])
        if not changes["name"]:
            raise Invalid(_l("name: must not be empty"), field="name")
    if changes.get("gender") not in (None, "male", "female"):
        raise Invalid(_l("gender: must be male or female"), field="gender")
    delegation = changes.get("delegation", delegate.delegation)
    if delegation is None or delegation.congress_id != delegate.congress_id:
        raise Invalid(_l("delegation: not a delegation of this congress"), field="delegation")
    group = changes.get("group", delegate.group)
    if group is not None and group.congress_id != delegate.congress_id:
        raise Invalid(_l("group: not a group of this congress"), field="group")
    end_reading()
    name = changes.get("name", delegate.name)
    if db.session.scalar(select(Delegate.id).where(
            Delegate.congress_id == delegate.congress_id, Delegate.name == name,
            Delegate.delegation_id == delegation.id, Delegate.id != delegate.id)):
        raise Invalid(_l("name: %(name)s is already in this delegation", name=name),
                      field="name")
    before = _delegate_after(delegate)
    for key in ("work_unit", "job_title", "seat"):
        if key in changes:
            changes[key] = (changes[key] or "").strip() or None
    for key, value in changes.items():
        setattr(delegate, key, bool(value) if key == "is_grassroots" else value)
    if "name" in changes:
        delegate.user.name = name
    db.session.flush()
    after = _delegate_after(delegate)
    if after != before:
        record(actor, "delegate.update", delegate,
               before={k: v for k, v in before.items() if after[k] != v},
               after={k: v for k, v in after.items() if before[k] != v})
    return delegate


def terminate_delegate(actor, delegate, on, reason):
    """End a delegate's qualification (终止代表资格) from `on`: from that day they are on no
    meeting's roster and may not check in, vote, ask or file (check_active); what they did
    before stays, and they may still sign in to read their own record."""
    reason = (reason or "").strip()
    if not reason:
        raise Invalid(_l("reason: must not be empty"), field="reason")
    if len(reason) > 500:
        raise Invalid(_l("reason: at most 500 characters"), field="reason")
    congress = delegate.congress
    if not congress.elected_on <= on <= congress.term_ends_on:
        raise Invalid(_l("on: must fall within the term, %(start)s to %(end)s",
                         start=congress.elected_on.isoformat(),
                         end=congress.term_ends_on.isoformat()), field="on")
    if on < delegate.active_from:
        raise Invalid(_l("on: must not be before the delegate's term began (%(day)s)",
                         day=delegate.active_from.isoformat()), field="on")
    end_reading()
    db.session.refresh(delegate, ["terminated_on"])
    if delegate.terminated_on is not None:
        raise Conflict(_l("This delegate's qualification already ended on %(day)s.",
                          day=delegate.terminated_on.isoformat()), code="already_terminated")
    before = _delegate_after(delegate)
    delegate.terminated_on = on
    delegate.termination_reason = reason
    db.session.flush()
    record(actor, "delegate.terminate", delegate, before=before,
           after=_delegate_after(delegate))
    return delegate


def check_active(delegate):
    """403 `delegate_terminated` once the delegate's qualification has ended: they may still
    sign in and read their own record, but no longer check in, vote, ask or file."""
    if delegate is not None and delegate.is_terminated():
        raise Forbidden(_l("Your qualification as a delegate ended on %(day)s; what you did "
                           "before stays on record.", day=delegate.terminated_on.isoformat()),
                        code="delegate_terminated")


def _check_within_term(congress, day, field):
    if not congress.elected_on <= day < congress.term_ends_on:
        raise Invalid(_l("%(field)s: must fall within the term, %(start)s to %(end)s",
                         field=field, start=congress.elected_on.isoformat(),
                         end=congress.term_ends_on.isoformat()), field=field)
