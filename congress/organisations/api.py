"""The organisations area's API: organisations and their congresses."""
from flask_login import current_user

from congress.api.base import bp, created
from congress.api.schemas import StreamQuery
from congress.api.spec import body, operation
from congress.core import live_http
from congress.core.auth import authorize
from congress.core.limits import event_streams
from congress.core.live import organisation_channel
from congress.extensions import db
from congress.organisations import services
from congress.organisations.access import (
    load_congress,
    load_organisation,
    load_reached_organisation,
    parent_target,
    visible_organisations,
)
from congress.organisations.schemas import (
    CongressList,
    CongressOut,
    NewCongress,
    NewOrganisation,
    OrganisationDetail,
    OrganisationList,
    OrganisationOut,
)


def organisation_json(organisation):
    return {"id": organisation.id, "name": organisation.name,
            "parent_id": organisation.parent_id, "level": organisation.level.value}


def organisation_detail(organisation):
    return organisation_json(organisation) | {"children": [
        {"id": c.id, "name": c.name, "level": c.level.value} for c in organisation.children]}


def congress_json(congress):
    return {"id": congress.id, "organisation_id": congress.organisation_id,
            "title": congress.title, "ordinal": congress.ordinal,
            "elected_on": congress.elected_on.isoformat(), "term_years": congress.term_years,
            "term_ends_on": congress.term_ends_on.isoformat(),
            "meeting_ids": [m.id for m in congress.meetings]}


@bp.post("/organisations")
@operation("Create a child organisation (secretariat or organiser of the parent or above)",
           tag="organisations", body=NewOrganisation, ok=OrganisationOut, status=201)
def create_organisation():
    authorize(current_user.can_create_organisations())
    data = body()
    parent = parent_target(data.parent_id)
    organisation = services.create_organisation(current_user, name=data.name, parent=parent,
                                                level=data.level)
    db.session.commit()
    return created(organisation_json(organisation))


@bp.get("/organisations")
@operation("The organisations the user sees: their own and, for an organiser, those below",
           tag="organisations", ok=OrganisationList)
def list_organisations():
    authorize(current_user.can_view_organisation(current_user.organisation))
    return {"organisations": [organisation_json(o) for o in visible_organisations()]}


@bp.get("/organisations/<int:oid>")
@operation("One organisation with its children", tag="organisations", ok=OrganisationDetail)
def get_organisation(oid):
    return organisation_detail(load_organisation(oid))


@bp.get("/organisations/<int:oid>/events")
@operation("The organisation's live events (Server-Sent Events)", tag="live",
           query=StreamQuery, content="text/event-stream", rate_limited=True,
           description=(
               "Server-Sent Events of the organisation's own work between meetings: `job` "
               "(id, kind, status, progress: never content) for its registers and statistics, "
               "`concern` (id) for each step of a residents' concern. Resumes with "
               "Last-Event-ID and ends with a `closed` event as the meeting's stream does. Its "
               "staff and the organisers above receive every event; a handling unit's users "
               "only those of the concerns referred to their unit, a delegate only those of "
               "the concerns they took."))
@event_streams
def organisation_events(oid):
    organisation = load_reached_organisation(oid)
    audiences = current_user.organisation_stream_audiences(organisation)
    authorize(audiences is not None)
    return live_http.response(organisation_channel(organisation.id),
                              live_http.last_event_id(), live_http.stream_owner(),
                              audiences)


@bp.post("/organisations/<int:oid>/congresses")
@operation("Create a congress (a term) of the organisation (its secretariat)",
           tag="organisations", body=NewCongress, ok=CongressOut, status=201)
def create_congress(oid):
    organisation = load_organisation(oid)
    authorize(current_user.can_create_congress(organisation))
    data = body()
    congress = services.create_congress(current_user, organisation, title=data.title,
                                        ordinal=data.ordinal, elected_on=data.elected_on,
                                        term_years=data.term_years)
    db.session.commit()
    return created(congress_json(congress))


@bp.get("/organisations/<int:oid>/congresses")
@operation("The organisation's congresses, newest first", tag="organisations",
           ok=CongressList)
def list_congresses(oid):
    organisation = load_organisation(oid)
    authorize(current_user.can_view_congresses(organisation))
    return {"congresses": [congress_json(c) for c in organisation.congresses]}


@bp.get("/congresses/<int:cid>")
@operation("One congress with its annual meetings", tag="organisations", ok=CongressOut)
def get_congress(cid):
    return congress_json(load_congress(cid))
