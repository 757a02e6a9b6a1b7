"""The studios area's API: studios, duty rosters, residents' concerns and the public intake
(API.md "Term work")."""
from flask import jsonify
from flask_limiter.util import get_remote_address
from flask_login import current_user

from congress.api.base import bp, created
from congress.api.jobs import JobAccepted, accepted
from congress.api.schemas import StreamQuery
from congress.api.spec import body, operation, query
from congress.core import live_http
from congress.core.auth import authorize
from congress.core.limits import event_streams
from congress.core.live import organisation_channel
from congress.core.live_stream import StreamOwner
from congress.core.time import local_today
from congress.extensions import db
from congress.organisations.access import load_organisation
from congress.studios import access, jobs as studio_jobs, queries, services
from congress.studios.models import Channel, overdue_on
from congress.studios.schemas import (
    ConcernAnswer,
    ConcernFeedback,
    ConcernFilter,
    ConcernList,
    ConcernOut,
    ConcernReferral,
    DutyOut,
    NewConcern,
    NewDuty,
    NewPublicConcern,
    NewStudio,
    PublicConcern,
    RegisterChoice,
    StudioOut,
    TrackingCode,
)

TAG = "term work"


def studio_json(studio):
    return {"id": studio.id, "organisation_id": studio.organisation_id, "name": studio.name,
            "address": studio.address, "reception_hours": studio.reception_hours}


def duty_json(duty):
    return {"id": duty.id, "studio_id": duty.studio_id, "delegate_id": duty.delegate_id,
            "starts_at": duty.starts_at.isoformat(), "ends_at": duty.ends_at.isoformat(),
            "checked_in_at": duty.checked_in_at.isoformat() if duty.checked_in_at else None}


def _iso(value):
    return value.isoformat() if value is not None else None


def concern_json(concern, user, today=None, replies=None):
    """The concern as `user` may see it: the resident's name and contact masked unless they
    may see them, and the tracking code only for those. `concern`: a Concern, or a row of its
    columns with `replies` (queries.concern_list_page)."""
    allowed = access.may_see_personal(user, concern)
    name, contact = access.personal(user, concern, allowed)
    out = {
        "id": concern.id, "organisation_id": concern.organisation_id,
        "studio_id": concern.studio_id, "channel": concern.channel.value,
        "category": concern.category, "text": concern.text, "resident_name": name,
        "contact": contact, "taken_by_id": concern.taken_by_id,
        "status": concern.status.value, "received_at": concern.received_at.isoformat(),
        "refer_by": concern.refer_by.isoformat(), "referred_at": _iso(concern.referred_at),
        "unit_id": concern.unit_id, "due_on": _iso(concern.due_on),
        "rating": concern.rating.value if concern.rating else None,
        "closed_at": _iso(concern.closed_at),
        "overdue": overdue_on(concern, today or local_today()),
        "replies": [{"kind": e.kind.value, "text": e.text, "at": e.at.isoformat(),
                     "unit_id": e.unit_id}
                    for e in (concern.replies if replies is None else replies)]}
    if allowed:
        out["tracking_code"] = concern.tracking_code
    return out


def public_json(concern):
    """What the resident sees with the tracking code: the state and the answers, nothing
    personal and nobody's name."""
    return {"status": concern.status.value,
            "replies": [{"text": e.text, "at": e.at.isoformat()} for e in concern.replies]}


# --- studios and duties ---------------------------------------------------------------------

@bp.post("/organisations/<int:oid>/studios")
@operation("Create a delegate studio (the organisation's secretariat or organiser)", tag=TAG,
           body=NewStudio, ok=StudioOut, status=201)
def create_studio(oid):
    organisation = load_organisation(oid)
    authorize(access.manages_studios(current_user, organisation))
    data = body()
    studio = services.create_studio(current_user, organisation, name=data.name,
                                    address=data.address,
                                    reception_hours=data.reception_hours)
    db.session.commit()
    return created(studio_json(studio))


@bp.post("/studios/<int:sid>/duties")
@operation("Add a duty to the studio's roster (值班表)", tag=TAG, body=NewDuty, ok=DutyOut,
           status=201)
def create_duty(sid):
    studio = access.load_studio(sid)
    authorize(access.manages_studios(current_user, studio.organisation))
    data = body()
    delegate = access.delegate_target(studio, data.delegate_id)
    duty = services.add_duty(current_user, studio, delegate, data.starts_at, data.ends_at)
    db.session.commit()
    return created(duty_json(duty))


# --- concerns -------------------------------------------------------------------------------

@bp.post("/studios/<int:sid>/concerns")
@operation("Record a concern at the studio (the delegate on duty there, or the secretariat)",
           tag=TAG, body=NewConcern, ok=ConcernOut, status=201)
def create_concern(sid):
    studio = access.load_studio(sid)
    authorize(access.may_take_at(current_user, studio))
    data = body()
    taker = access.own_delegate_or_none(current_user)
    concern = services.take_concern(
        current_user, studio, channel=Channel(data.channel), text=data.text,
        resident_name=data.resident_name, contact=data.contact, category=data.category,
        taken_by=taker)
    db.session.commit()
    return created(concern_json(concern, current_user))


@bp.get("/organisations/<int:oid>/concerns")
@operation("The organisation's concerns, newest first, a page at a time (its staff and "
           "organisers above)", tag=TAG, query=ConcernFilter, ok=ConcernList)
def list_concerns(oid):
    organisation = load_organisation(oid)
    authorize(access.views_studios(current_user, organisation))
    asked, today = query(), local_today()
    found = queries.concern_list_page(organisation, asked.status, asked.page, asked.per_page)
    user = current_user._get_current_object()  # the proxy's lookup once, not per concern
    return {"concerns": [concern_json(c, user, today, found.replies[c.id])
                         for c in found.items],
            "page": found.page, "pages": found.pages, "total": found.total}


@bp.get("/concerns/<int:cid>")
@operation("One concern", tag=TAG, ok=ConcernOut)
def get_concern(cid):
    return concern_json(access.load_concern(cid), current_user)


@bp.post("/concerns/<int:cid>/answer")
@operation("Settle the concern on the spot (the delegate who took it, or the secretariat)",
           tag=TAG, body=ConcernAnswer, ok=ConcernOut, conflicts="Not received")
def answer_concern(cid):
    concern = access.load_concern(cid)
    authorize(access.handles(current_user, concern))
    services.answer_concern(current_user, concern, body().text,
                            delegate=access.own_delegate_or_none(current_user))
    db.session.commit()
    return concern_json(concern, current_user)


@bp.post("/concerns/<int:cid>/referral")
@operation("Refer the concern to a handling unit (the delegate who took it, or the "
           "secretariat)", tag=TAG, body=ConcernReferral, ok=ConcernOut,
           conflicts="Already settled")
def refer_concern(cid):
    concern = access.load_concern(cid)
    authorize(access.handles(current_user, concern))
    data = body()
    unit = access.unit_target(concern, data.unit_id)
    services.refer_concern(current_user, concern, unit, data.note,
                           delegate=access.own_delegate_or_none(current_user))
    db.session.commit()
    return concern_json(concern, current_user)


@bp.post("/concerns/<int:cid>/replies")
@operation("The handling unit's reply (a user of the unit it is referred to)", tag=TAG,
           body=ConcernAnswer, ok=ConcernOut, conflicts="Not waiting for a reply")
def reply_concern(cid):
    concern = access.load_concern(cid)
    authorize(access.may_reply(current_user, concern))
    services.reply_concern(current_user, concern, body().text)
    db.session.commit()
    return concern_json(concern, current_user)


@bp.post("/concerns/<int:cid>/feedback")
@operation("Record the resident's satisfaction (the secretariat)", tag=TAG,
           body=ConcernFeedback, ok=ConcernOut, conflicts="No answer or reply to rate")
def concern_feedback(cid):
    concern = access.load_concern(cid)
    authorize(access.may_record_feedback(current_user, concern))
    services.give_feedback(current_user, concern, body().rating)
    db.session.commit()
    return concern_json(concern, current_user)


# --- the public intake (有事找代表) --------------------------------------------------------

@bp.post("/public/concerns")
@operation("Send a concern to a studio (no account; limited per address)", tag=TAG,
           body=NewPublicConcern, ok=TrackingCode, status=201, public=True,
           rate_limited=True)
def public_concern():
    data = body()
    studio = access.public_studio(data.studio_id)
    concern = services.take_concern(None, studio, channel=Channel.online, text=data.text,
                                    resident_name=data.resident_name, contact=data.contact,
                                    category=data.category)
    db.session.commit()
    return created({"tracking_code": concern.tracking_code})


@bp.get("/public/concerns/<code>")
@operation("Follow a concern with its tracking code: its state and replies, nothing personal",
           tag=TAG, ok=PublicConcern, public=True)
def public_tracking(code):
    return jsonify(public_json(access.tracked_concern(code)))


@bp.get("/public/concerns/<code>/events")
@operation("Follow a concern live with its tracking code (Server-Sent Events, no account)",
           tag="live", query=StreamQuery, content="text/event-stream", public=True,
           rate_limited=True, description=(
               "A `concern` event (its id only) for each step of this concern and nothing "
               "else of the organisation's stream; resumes with Last-Event-ID. Streams are "
               "counted per concern and address: a newer one ends the oldest."))
@event_streams
def public_tracking_events(code):
    concern = access.tracked_concern(code)
    owner = StreamOwner(key=f"tracking:{concern.id}:{get_remote_address()}")
    return live_http.response(organisation_channel(concern.organisation_id),
                              live_http.last_event_id(), owner,
                              frozenset({services.tracking_audience(concern)}))


@bp.post("/public/concerns/<code>/feedback")
@operation("The resident's satisfaction, with the tracking code (limited per address)",
           tag=TAG, body=ConcernFeedback, ok=PublicConcern, public=True, rate_limited=True,
           conflicts="No answer or reply to rate")
def public_feedback(code):
    concern = access.tracked_concern(code)
    services.give_feedback(None, concern, body().rating)
    db.session.commit()
    return public_json(concern)


@bp.post("/organisations/<int:oid>/concerns/register")
@operation("Queue the register of concerns (XLSX) of the organisation: a job whose file is "
           "its creator's and the secretariat's; the residents' names and contacts only for "
           "the organisation's secretariat who asks", tag="studios", body=RegisterChoice,
           ok=JobAccepted, status=202)
def queue_concern_register(oid):
    organisation = load_organisation(oid)
    authorize(access.views_studios(current_user, organisation))
    personal = body().personal and access.is_secretariat_of(current_user, organisation.id)
    job = studio_jobs.enqueue_register(current_user, organisation, personal)
    db.session.commit()
    return accepted(job)
