"""One channel per delegate under races: the secretariat issues a paper to a delegate at the
very moment the delegate votes on the tablet; exactly one of the two wins, every time."""
import pytest
from sqlalchemy import func, select

from congress.ballots.models import BallotPaper, Participation, ParticipationChannel
from congress.extensions import db
from tests.helpers import at_once, bearer, token_for


def _race(app, client, make, rounds):
    mid = make.meeting()
    delegates = make.delegates(mid, rounds)
    for d in delegates:
        make.check_in(d)
    secretariat, chair = make.user("secretariat"), make.user("chair")
    staff = bearer(token_for(client, secretariat))
    ballot = client.post(f"/api/v1/meetings/{mid}/ballots", headers=staff,
                         json={"title": "纸质与电子", "kind": "motion",
                               "subjects": [{"title": "决议"}]}).get_json()
    assert client.post(f"/api/v1/ballots/{ballot['id']}/open",
                       headers=bearer(token_for(client, chair))).status_code == 200
    choice = {str(ballot["subjects"][0]["id"]): ballot["options"][0]["id"]}
    outcomes = []
    for delegate in delegates:
        voter = bearer(token_for(client, delegate))

        def issue(delegate=delegate):
            return app.test_client().post(f"/api/v1/ballots/{ballot['id']}/paper-issues",
                                          headers=staff,
                                          json={"delegate_id": delegate.delegate_id}).status_code

        def press(voter=voter):
            return app.test_client().post(f"/api/v1/ballots/{ballot['id']}/votes",
                                          headers=voter, json={"choices": choice}).status_code

        outcomes.append(tuple(at_once([issue, press])))
    return ballot, delegates, outcomes


def _check(app, ballot, delegates, outcomes):
    assert all(sorted(pair) == [201, 409] for pair in outcomes), outcomes
    papers_won = sum(1 for issued, _voted in outcomes if issued == 201)
    with app.app_context():
        rows = dict(db.session.execute(
            select(Participation.delegate_id, Participation.channel)
            .where(Participation.ballot_id == ballot["id"])).all())
        assert len(rows) == len(delegates)
        for delegate, (issued, _voted) in zip(delegates, outcomes, strict=True):
            expected = ParticipationChannel.paper if issued == 201 else ParticipationChannel.tablet
            assert rows[delegate.delegate_id] is expected
        tablet_papers = db.session.scalar(select(func.count()).select_from(BallotPaper).where(
            BallotPaper.ballot_id == ballot["id"]))
        assert tablet_papers == len(delegates) - papers_won


def test_paper_issue_and_tablet_vote_at_once(app, client, make):
    """On either database (SQLite serialises the writes): 10 rounds."""
    _check(app, *_race(app, client, make, 10))


@pytest.mark.postgres
def test_paper_issue_and_tablet_vote_at_once_100_times_on_postgresql(app, client, make):
    _check(app, *_race(app, client, make, 100))
