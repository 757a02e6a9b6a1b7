"""The demo's year of studio work: every state, through the services."""
from congress.extensions import db
from congress.people.services import root_organisation
from congress.studios.demo import seed_term_work
from congress.studios.models import Concern, ConcernStatus


def test_the_demo_seeds_a_year_in_every_state(app, make):
    meeting = make.meeting()
    make.delegates(meeting, 3)
    with app.app_context():
        studios, duties, concerns = seed_term_work([root_organisation()],
                                                   concerns_per_organisation=80)
        db.session.commit()
        assert (studios, duties, concerns) == (3, 156, 80)
        states = {c.status for c in db.session.query(Concern)}
        assert states == set(ConcernStatus)
