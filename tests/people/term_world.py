"""A congress of the root organisation with annual meetings, built through the services, for
the tests of the delegates of the term."""
from dataclasses import dataclass, field
from datetime import timedelta

from congress.core.time import local_today
from congress.extensions import db
from tests.helpers import ApiCalls


@dataclass
class Term(ApiCalls):
    client: object
    cid: int
    meetings: list          # meeting ids, oldest first
    secretariat: object
    tokens: dict = field(default_factory=dict)


def make_term(app, client, make, starts=(-365, -1), elected_days_ago=730):
    """A congress elected `elected_days_ago` and meetings starting on today + each of
    `starts` days; the secretariat of the root organisation."""
    from congress.meetings.services import create_meeting
    from congress.organisations.services import create_congress
    from congress.people.models import User

    secretariat = make.user("secretariat")
    with app.app_context():
        today = local_today()
        actor = db.session.get(User, secretariat.id)
        congress = create_congress(actor, actor.organisation, title="第十二次代表大会",
                                   elected_on=today - timedelta(days=elected_days_ago))
        meetings = [create_meeting(actor, congress=congress, title=f"年会{i + 1}",
                                   year=(today + timedelta(days=d)).year,
                                   starts_on=today + timedelta(days=d)).id
                    for i, d in enumerate(starts)]
        db.session.commit()
        return Term(client, congress.id, meetings, secretariat)


def add_delegate(term, name, delegation="瑶海区代表团", **extra):
    """A delegate of the term through the API; an Account for signing in."""
    from tests.conftest import Account

    body = term.ok("POST", f"/api/v1/congresses/{term.cid}/delegates", term.secretariat,
                   {"name": name, "delegation": delegation} | extra, 201)
    return Account(None, body["username"], body["pin"], "delegate", delegate_id=body["id"],
                   name=name)


def today(app):
    with app.app_context():
        return local_today()


def user_of_child(app, role, name="蜀山区委", username=None):
    """An account of an organisation under the root (created once): another organisation."""
    from congress.organisations.services import (
        create_organisation,
        find_organisation,
        root_organisation,
    )
    from congress.people.services import create_user
    from tests.conftest import PASSWORD, Account

    username = username or f"{role}-{name}"
    with app.app_context():
        root = root_organisation()
        child = find_organisation(name, root) or create_organisation(
            None, name=name, parent=root, level="county")
        user, _ = create_user(None, username=username, name=username, role=role,
                              password=PASSWORD, organisation=child)
        db.session.commit()
        return Account(user.id, username, PASSWORD, role, name=username)
