"""Loading a ballot, checked, for both doors (pages and the API): load (404) → check (403).

A purpose names what the caller means to do; each combines the permissions it needs, so no
view or API handler combines them itself. Where the doors disagreed, they now share the
stricter rule: running or managing a ballot also needs the right to see it (the API asked
only for the role; for staff the two coincide today)."""
from flask_login import current_user
from sqlalchemy import select

from congress.ballots import casting
from congress.ballots.models import Ballot
from congress.core.auth import authorize
from congress.core.errors import not_found
from congress.extensions import db
from congress.meetings.access import load_meeting, reached
from congress.meetings.models import Meeting

_PURPOSES = {
    # read the ballot, its receipts and its result sheet
    "view": lambda user, ballot: user.can_view_ballot(ballot),
    # open, close, watch turnout and who has not voted
    "run": lambda user, ballot: user.can_view_ballot(ballot)
    and user.can_run_ballots(ballot.meeting),
    # delete a ballot that was never opened
    "manage": lambda user, ballot: user.can_view_ballot(ballot)
    and user.can_manage_ballots(ballot.meeting),
    # issue paper ballots, enter the tellers' counts, print the papers (the secretariat)
    "paper": lambda user, ballot: user.can_view_ballot(ballot)
    and user.can_manage_ballots(ballot.meeting),
    # the tablet's steps before the vote (choose, review, change)
    "vote": lambda user, ballot: user.can_vote(ballot),
}


def load_ballot(bid, for_="view"):
    """The ballot, if the signed-in user may use it `for_` a purpose of _PURPOSES."""
    ballot = db.session.get(Ballot, bid)
    reached(ballot, ballot and ballot.meeting, Ballot)
    authorize(_PURPOSES[for_](current_user, ballot))
    return ballot


def load_vote_target(bid):
    """The ballot as the vote sees it (casting.VoteTarget: one SQL read, not the ORM; on
    PostgreSQL it takes the ballot's share lock), if the signed-in user may vote in it: the
    first step of casting a vote, through either door."""
    target = casting.vote_target(bid, current_user.delegate)
    if target is None:
        raise not_found(Ballot)
    if not current_user.can_vote(target):
        # a voter is on the roster, so of the meeting's organisation: the reach is asked only
        # of a refusal (off the hot path), whose ballot in a meeting not reached is not found
        reached(target, db.session.get(Meeting, target.meeting_id), Ballot)
        authorize(False)
    return target


def load_ballots_meeting(mid):
    """The meeting whose ballot list the signed-in user may see on the pages: those who run
    ballots and the meeting's delegates (the API lists them to anyone who sees the meeting)."""
    meeting = load_meeting(mid)
    authorize(current_user.can_run_ballots(meeting) or current_user.can_vote_in(meeting)
              or current_user.reads_below)  # the organiser reads the list and results
    return meeting


def listed_ballots(meeting):
    """The meeting's ballots in order; a delegate is not shown those still in preparation."""
    ballots = db.session.scalars(select(Ballot).where(Ballot.meeting_id == meeting.id)
                                 .order_by(Ballot.id)).all()
    if current_user.delegate is not None:
        ballots = [b for b in ballots if not b.is_draft]
    return ballots
