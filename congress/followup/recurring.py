"""What keeps coming back: the concerns of an organisation and those below it, grouped by the
proposals' similarity measure (character bigrams, proposals/similarity.py), so a delegate sees
the matters residents raise at several studios, the seed of a proposal.

A group starts with the oldest concern of its kind; a later concern joins the group whose seed
it is most similar to (at or above the threshold), else starts a group. Only groups of two or
more are shown. Candidate groups come from an inverted index of the seeds' bigrams, so each
concern is compared with the seeds it shares a bigram with, not with all of them."""
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from congress.core.time import utcnow
from congress.extensions import db
from congress.organisations.models import Organisation
from congress.proposals.similarity import THRESHOLD, cosine, vector
from congress.studios.models import Concern

LIMIT = 1500  # the newest concerns of the period looked at (the page answers in about a second)


@dataclass
class Group:
    seed: object
    members: list = field(default_factory=list)
    scores: list = field(default_factory=list)

    @property
    def studios(self):
        return {c.studio_id for c in self.members}

    @property
    def newest(self):
        return max(c.received_at for c in self.members)


def concern_vector(concern):
    return vector("", concern.text)


def recurring_groups(organisation, days=365, threshold=THRESHOLD, limit=LIMIT, minimum=2):
    """[Group] of similar concerns received in the last `days` days in `organisation` and every
    organisation below it, the largest first (then the most studios, then the newest)."""
    since = utcnow() - timedelta(days=days)
    concerns = db.session.scalars(
        select(Concern).join(Organisation, Organisation.id == Concern.organisation_id)
        .where(Organisation.path.startswith(organisation.path), Concern.received_at >= since)
        .options(joinedload(Concern.studio))
        .order_by(Concern.received_at.desc(), Concern.id.desc()).limit(limit)).all()
    concerns.reverse()  # oldest first: a group's seed is where the matter first came up
    groups, seeds, index = [], [], {}
    for concern in concerns:
        mine = concern_vector(concern)
        candidates = {g for gram in mine for g in index.get(gram, ())}
        best, best_score = None, 0.0
        for number in sorted(candidates):
            score = cosine(mine, seeds[number])
            if score > best_score:
                best, best_score = number, score
        if best is not None and best_score >= threshold:
            groups[best].members.append(concern)
            groups[best].scores.append(round(best_score, 3))
            continue
        number = len(groups)
        groups.append(Group(seed=concern, members=[concern], scores=[1.0]))
        seeds.append(mine)
        for gram in mine:
            index.setdefault(gram, []).append(number)
    shown = [g for g in groups if len(g.members) >= minimum]
    shown.sort(key=lambda g: (-len(g.members), -len(g.studios), -g.newest.timestamp(),
                              g.seed.id))
    return shown
