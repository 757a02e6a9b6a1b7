"""Ballot fixtures: a meeting with delegates checked in, and API helpers."""
from dataclasses import dataclass

import pytest

from tests.helpers import bearer, token_for


@dataclass
class Room:
    mid: int
    delegates: list
    secretariat: object
    chair: object
    tokens: dict

    def headers(self, account):
        return bearer(self.tokens[account.username])


@pytest.fixture
def room(client, make):
    """A meeting of 5 delegates, 4 of them checked in (a quorum), with staff tokens."""
    mid = make.meeting()
    delegates = make.delegates(mid, 5)
    for d in delegates[:4]:
        make.check_in(d)
    secretariat, chair = make.user("secretariat"), make.user("chair")
    tokens = {a.username: token_for(client, a) for a in [secretariat, chair, *delegates]}
    return Room(mid, delegates, secretariat, chair, tokens)


def new_ballot(client, room, kind="rating", subjects=("瑶海区委书记", "庐阳区委书记"), **extra):
    r = client.post(f"/api/v1/meetings/{room.mid}/ballots", headers=room.headers(room.secretariat),
                    json={"title": "述职测评", "kind": kind,
                          "subjects": [{"title": t} for t in subjects]} | extra)
    assert r.status_code == 201, r.get_json()
    return r.get_json()


def open_ballot(client, room, ballot):
    r = client.post(f"/api/v1/ballots/{ballot['id']}/open", headers=room.headers(room.chair))
    assert r.status_code == 200, r.get_json()
    return r.get_json()


def close_ballot(client, room, ballot):
    r = client.post(f"/api/v1/ballots/{ballot['id']}/close", headers=room.headers(room.chair))
    assert r.status_code == 200, r.get_json()
    return r.get_json()


def vote(client, room, delegate, ballot, choices, **extra):
    return client.post(f"/api/v1/ballots/{ballot['id']}/votes", headers=room.headers(delegate),
                       json={"choices": {str(k): v for k, v in choices.items()}} | extra)
