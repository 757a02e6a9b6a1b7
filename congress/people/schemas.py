"""The people area's API bodies and answers (typed: congress/api/schemas.py)."""
from typing import Literal

from congress.api.schemas import Id, Model, Out, Text
from congress.people.models import HandlingUnit, User

StaffRole = Literal["secretariat", "chair", "committee", "unit", "observer", "organiser"]
AnyRole = Literal["secretariat", "chair", "delegate", "committee", "unit", "observer",
                  "organiser"]


class SignIn(Model):
    username: Text(column=User.username)
    password: Text(256)


class UserOut(Out):
    id: int
    username: str
    name: str
    role: AnyRole
    organisation_id: int
    delegate_id: int | None = None
    meeting_id: int | None = None


class TokenOut(Out):
    token: str
    user: UserOut


class NewUser(Model):
    username: Text(column=User.username)
    name: Text(column=User.name)
    role: StaffRole
    unit_id: Id | None = None
    organisation_id: Id | None = None


class CreatedUser(UserOut):
    password: str
    unit_id: int | None


class NewUnit(Model):
    name: Text(column=HandlingUnit.name)


class UnitOut(Out):
    id: int
    name: str


class UnitList(Out):
    units: list[UnitOut]
