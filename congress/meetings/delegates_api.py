"""The API of the delegates of the term: add them to a congress, list, read (with their
meetings of the term and history), edit and terminate them (API.md "Organisations,
congresses, delegates of the term")."""
from flask_login import current_user

from congress.api.base import bp, created, reads_first
from congress.api.spec import body, operation
from congress.core.time import isoformat
from congress.extensions import db
from congress.meetings.delegate_access import load_congress, load_term_delegate
from congress.meetings.delegate_schemas import (
    CreatedTermDelegate,
    DelegateChanges,
    NewTermDelegate,
    TermDelegateDetail,
    TermDelegateList,
    TermDelegateOut,
    Termination,
)
from congress.meetings.term import delegate_history, group_name, term_delegates, term_meetings
from congress.people import delegates, services as people


def delegate_status(delegate):
    return "terminated" if delegate.terminated_on is not None else "active"


def term_delegate_json(delegate):
    return {
        "id": delegate.id, "congress_id": delegate.congress_id, "name": delegate.name,
        "delegation": delegate.delegation.name, "delegation_id": delegate.delegation_id,
        "group": group_name(delegate), "username": delegate.user.username,
        "gender": delegate.gender, "work_unit": delegate.work_unit,
        "job_title": delegate.job_title, "seat": delegate.seat,
        "grassroots": delegate.is_grassroots, "active_from": isoformat(delegate.active_from),
        "terminated_on": isoformat(delegate.terminated_on),
        "termination_reason": delegate.termination_reason, "status": delegate_status(delegate),
    }


def term_delegate_detail(delegate):
    return term_delegate_json(delegate) | {
        "meetings": [{"id": m.id, "title": m.title, "starts_on": isoformat(m.starts_on),
                      "attendance": a.status.value if a is not None else None}
                     for m, a in term_meetings(delegate)],
        "history": delegate_history(delegate),
    }


@bp.post("/congresses/<int:cid>/delegates")
@operation("Add a delegate of the term to a congress (its secretariat)", tag="congresses",
           body=NewTermDelegate, ok=CreatedTermDelegate, status=201)
@reads_first  # the PIN is hashed before the write lock
def create_term_delegate(cid):
    congress = load_congress(cid, manage=True)
    data = body()
    credentials = people.pin_credentials()
    delegation = delegates.get_or_create_delegation(current_user, congress, data.delegation)
    group = delegates.get_or_create_group(current_user, congress, data.group) \
        if data.group is not None else None
    delegate, pin = delegates.create_delegate(
        current_user, congress, name=data.name, delegation=delegation, group=group,
        seat=data.seat, is_grassroots=data.grassroots, gender=data.gender,
        work_unit=data.work_unit, job_title=data.job_title, active_from=data.active_from,
        credentials=credentials)
    db.session.commit()
    return created({"id": delegate.id, "name": delegate.name,
                    "delegation": delegation.name, "username": delegate.user.username,
                    "pin": pin, "status": delegate_status(delegate)})


@bp.get("/congresses/<int:cid>/delegates")
@operation("The delegates of a congress's term (staff and organisers)", tag="congresses",
           ok=TermDelegateList)
def list_term_delegates(cid):
    congress = load_congress(cid)
    return {"delegates": [term_delegate_json(d) for d in term_delegates(congress)]}


@bp.get("/delegates/<int:did>")
@operation("A delegate of the term, with their meetings and history (staff, organisers, "
           "the delegate themself)", tag="congresses", ok=TermDelegateDetail)
def get_term_delegate(did):
    return term_delegate_detail(load_term_delegate(did))


@bp.patch("/delegates/<int:did>")
@operation("Edit a delegate of the term (the congress's secretariat)", tag="congresses",
           body=DelegateChanges, ok=TermDelegateOut)
def update_term_delegate(did):
    delegate = load_term_delegate(did, manage=True)
    data = body()
    sent = data.model_fields_set
    changes = {key: getattr(data, key) for key in
               ("name", "seat", "gender", "work_unit", "job_title") if key in sent}
    if "name" in changes and changes["name"] is None:
        del changes["name"]
    if "grassroots" in sent and data.grassroots is not None:
        changes["is_grassroots"] = data.grassroots
    if "delegation" in sent and data.delegation is not None:
        changes["delegation"] = delegates.get_or_create_delegation(
            current_user, delegate.congress, data.delegation)
    if "group" in sent:
        changes["group"] = delegates.get_or_create_group(
            current_user, delegate.congress, data.group) if data.group is not None else None
    delegates.update_delegate(current_user, delegate, **changes)
    db.session.commit()
    return term_delegate_json(delegate)


@bp.post("/delegates/<int:did>/termination")
@operation("Terminate a delegate's qualification (终止代表资格; the congress's secretariat)",
           tag="congresses", body=Termination, ok=TermDelegateOut,
           conflicts="The qualification has already ended")
def terminate_term_delegate(did):
    delegate = load_term_delegate(did, manage=True)
    data = body()
    delegates.terminate_delegate(current_user, delegate, data.on, data.reason)
    db.session.commit()
    return term_delegate_json(delegate)
