"""A small world of term work for the follow-up tests: an organisation's secretariat, a
delegate, a handling unit with two users, a studio, and concerns made through the studios
area's services (deadlines then moved where a test needs them)."""
from dataclasses import dataclass
from datetime import timedelta

from congress.extensions import db


@dataclass
class World:
    meeting_id: int
    organisation_id: int
    secretariat: object
    delegate: object
    unit_id: int
    unit_users: list
    studio_id: int


def set_email(app, account, address):
    from congress.people.models import User
    with app.app_context():
        db.session.get(User, account.id).email = address
        db.session.commit()


def studio(app, organisation_id, name):
    from congress.organisations.models import Organisation
    from congress.studios.services import create_studio
    with app.app_context():
        row = create_studio(None, db.session.get(Organisation, organisation_id), name=name)
        db.session.commit()
        return row.id


def build(app, make, emails=True):
    from congress.meetings.models import Meeting

    meeting_id = make.meeting()
    secretariat = make.user("secretariat")
    delegate = make.delegate(meeting_id, name="张代表")
    unit_id = make.unit("市住建局")
    unit_users = [make.user("unit", unit_id=unit_id), make.user("unit", unit_id=unit_id)]
    with app.app_context():
        organisation_id = db.session.get(Meeting, meeting_id).organisation_id
    studio_id = studio(app, organisation_id, "瑶海区代表工作室")
    if emails:
        for account, address in ((secretariat, "mishu@example.org"),
                                 (delegate, "zhang@example.org"),
                                 (unit_users[0], "zhujian1@example.org"),
                                 (unit_users[1], "zhujian2@example.org")):
            set_email(app, account, address)
    return World(meeting_id, organisation_id, secretariat, delegate, unit_id, unit_users,
                 studio_id)


def concern(app, world, *, step="received", text="小区楼梯湿滑，老人容易摔倒", days_ago=10,
            refer_by=None, due_on=None, studio_id=None):
    """A concern taken `days_ago` days ago by the world's delegate, referred to the world's
    unit when `step` is "referred" (or answered on the spot); `refer_by` / `due_on` moved when
    given."""
    from congress.core.time import utcnow
    from congress.people.models import Delegate, HandlingUnit
    from congress.studios.models import Studio
    from congress.studios.services import answer_concern, refer_concern, take_concern

    with app.app_context():
        at = utcnow() - timedelta(days=days_ago)
        row = take_concern(None, db.session.get(Studio, studio_id or world.studio_id),
                           channel="reception", text=text, resident_name="王大妈",
                           contact="13800000000",
                           taken_by=db.session.get(Delegate, world.delegate.delegate_id), at=at)
        if step == "referred":
            refer_concern(None, row, db.session.get(HandlingUnit, world.unit_id),
                          at=at + timedelta(hours=1))
        elif step == "answered":
            answer_concern(None, row, "已当场答复", at=at + timedelta(hours=1))
        if refer_by is not None:
            row.refer_by = refer_by
        if due_on is not None:
            row.due_on = due_on
        db.session.commit()
        return row.id
