"""Party organisations (党组织) in a tree, and their congresses (党代会, one per term).

Every object of the application belongs to one organisation, through its meeting, its
congress or its own key. A user acts inside their organisation; an organiser (组织部) also
reads everything below it. `path` is the materialised path of ids ("/1/4/17/"): "below"
is a prefix test, in Python and in SQL alike, with no recursive query."""
import enum
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, Enum, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from congress.core.time import UTCDateTime, utcnow
from congress.extensions import db


class OrganisationLevel(str, enum.Enum):
    city = "city"
    county = "county"
    township = "township"
    other = "other"

    @property
    def title(self):
        return LEVEL_TITLES[self]


LEVEL_TITLES = {
    OrganisationLevel.city: _l("City"),
    OrganisationLevel.county: _l("County or district"),
    OrganisationLevel.township: _l("Township"),
    OrganisationLevel.other: _l("Other"),
}


class Organisation(db.Model):
    __tablename__ = "organisations"
    label = _l("organisation")
    __table_args__ = (UniqueConstraint("parent_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), index=True)
    level: Mapped[OrganisationLevel] = mapped_column(
        Enum(OrganisationLevel, native_enum=False, length=16, create_constraint=True,
             name="organisation_level"))
    # "/<root id>/.../<own id>/", set once the id is known (organisations.services)
    path: Mapped[str] = mapped_column(String(255), index=True, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    parent = relationship("Organisation", remote_side=[id], back_populates="children")
    children = relationship("Organisation", back_populates="parent",
                            order_by="Organisation.id")
    congresses = relationship("Congress", back_populates="organisation",
                              order_by="(Congress.elected_on.desc(), Congress.id.desc())")
    # its accounts, counted on its page (a query: `organisation.users.count()`)
    users = relationship("User", viewonly=True, lazy="dynamic")

    def __repr__(self):
        return f"<Organisation {self.id} {self.name}>"

    def contains(self, other):
        """Whether `other` is this organisation or one below it."""
        return other is not None and other.path.startswith(self.path)


class Congress(db.Model):
    """One congress of an organisation (e.g. 中国共产党合肥市第十二次代表大会), elected for a
    term; its delegates serve the whole term and its annual meetings belong to it."""

    __tablename__ = "congresses"
    label = _l("congress")
    __table_args__ = (CheckConstraint("term_years >= 1", name="term_years_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    ordinal: Mapped[int | None]
    elected_on: Mapped[date]
    term_years: Mapped[int] = mapped_column(default=5)
    term_ends_on: Mapped[date]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    organisation = relationship(Organisation, back_populates="congresses")
    delegations = relationship("Delegation", back_populates="congress",
                               order_by="(Delegation.position, Delegation.id)")
    meetings = relationship("Meeting", back_populates="congress",
                            order_by="(Meeting.starts_on, Meeting.id)")

    def __repr__(self):
        return f"<Congress {self.id} {self.title}>"


def term_end(elected_on, years):
    """The anniversary of `elected_on` after `years` (29 February → 28 February)."""
    try:
        return elected_on.replace(year=elected_on.year + years)
    except ValueError:
        return elected_on.replace(year=elected_on.year + years, day=28)
