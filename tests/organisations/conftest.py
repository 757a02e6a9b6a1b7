"""A city with two counties (瑶海区, 庐阳区) and a township under the first, and accounts in
them, made through the real services."""
from dataclasses import dataclass

import pytest

from congress.extensions import db
from tests.conftest import PASSWORD, Account


@dataclass
class Tree:
    city: int
    county: int
    sibling: int
    township: int


@pytest.fixture
def tree(app):
    from congress.organisations.services import create_organisation, root_organisation

    with app.app_context():
        city = root_organisation()
        county = create_organisation(None, name="瑶海区委", parent=city)
        sibling = create_organisation(None, name="庐阳区委", parent=city)
        township = create_organisation(None, name="大兴镇党委", parent=county)
        db.session.commit()
        return Tree(city.id, county.id, sibling.id, township.id)


@pytest.fixture
def member(app):
    """member(role, organisation_id, username=None): an account of that organisation."""
    from congress.organisations.models import Organisation
    from congress.people.services import create_unit, create_user

    count = iter(range(1, 1000))

    def make(role, organisation_id, username=None, unit_name=None):
        username = username or f"{role}{organisation_id}x{next(count)}"
        with app.app_context():
            organisation = db.session.get(Organisation, organisation_id)
            unit = create_unit(None, unit_name or f"{username}局", organisation) \
                if role == "unit" else None
            user, _ = create_user(None, username=username, name=username, role=role,
                                  password=PASSWORD, unit=unit, organisation=organisation)
            db.session.commit()
            return Account(user.id, username, PASSWORD, role, name=username)
    return make


def audit_count(app, action):
    from sqlalchemy import func, select

    from congress.core.audit import AuditEntry

    with app.app_context():
        return db.session.scalar(select(func.count(AuditEntry.id))
                                 .where(AuditEntry.action == action))
