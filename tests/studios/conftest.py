"""A small world for the term work: one organisation (the root) with a studio, its
secretariat, chair and organiser, a delegate on duty now and another who serves there
later, two handling units with a user each."""
from dataclasses import dataclass
from datetime import datetime, time, timedelta

import pytest

from congress.core.time import from_local, local_today, utcnow
from congress.extensions import db


@dataclass
class World:
    studio_id: int
    secretariat: object
    chair: object
    organiser: object
    committee: object
    on_duty: object
    colleague: object
    unit_user: object
    other_unit_user: object
    unit_id: int
    other_unit_id: int


@pytest.fixture
def world(app, make):
    from congress.people.models import Delegate
    from congress.people.services import root_organisation
    from congress.studios import services

    meeting = make.meeting()
    on_duty, colleague = make.delegates(meeting, 2)
    unit_id, other_unit_id = make.unit("市住建局"), make.unit("市教育局")
    accounts = {role: make.user(role) for role in
                ("secretariat", "chair", "organiser", "committee")}
    unit_user = make.user("unit", unit_id=unit_id)
    other_unit_user = make.user("unit", unit_id=other_unit_id)
    with app.app_context():
        studio = services.create_studio(None, root_organisation(),
                                        name="蜀山区三里庵街道党代表工作室", address="三里庵路1号",
                                        reception_hours="每周四 8:00-11:00")
        # on duty now, since an hour ago but not before today (local): checked in today
        now, midnight = utcnow(), from_local(datetime.combine(local_today(), time()))
        services.add_duty(None, studio, db.session.get(Delegate, on_duty.delegate_id),
                          max(now - timedelta(hours=1), midnight), now + timedelta(hours=2))
        services.add_duty(None, studio, db.session.get(Delegate, colleague.delegate_id),
                          now + timedelta(days=7), now + timedelta(days=7, hours=3))
        db.session.commit()
        studio_id = studio.id
    return World(studio_id, accounts["secretariat"], accounts["chair"], accounts["organiser"],
                 accounts["committee"], on_duty, colleague, unit_user, other_unit_user,
                 unit_id, other_unit_id)
