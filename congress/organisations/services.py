"""The write path for organisations and congresses. Services flush and audit; the request
commits."""
from datetime import date

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from congress.core.audit import record, snapshot
from congress.core.errors import Invalid
from congress.extensions import db
from congress.organisations.models import Congress, Organisation, OrganisationLevel, term_end

ORGANISATION_FIELDS = ("name", "parent_id", "level", "path")
CONGRESS_FIELDS = ("organisation_id", "title", "ordinal", "elected_on", "term_years",
                   "term_ends_on")


def root_organisation():
    """The first root organisation, created (named by ROOT_ORGANISATION) when there is none:
    where accounts made without an organisation (the CLI's first account, the tests) go."""
    root = db.session.scalar(select(Organisation).where(Organisation.parent_id.is_(None))
                             .order_by(Organisation.id).limit(1))
    if root is None:
        root = create_organisation(None, name=current_app.config["ROOT_ORGANISATION"],
                                   parent=None, level=OrganisationLevel.city)
    return root


def find_organisation(name, parent=None):
    return db.session.scalar(select(Organisation).where(
        Organisation.name == name,
        Organisation.parent_id.is_(None) if parent is None
        else Organisation.parent_id == parent.id))


def _level(level):
    if isinstance(level, OrganisationLevel):
        return level
    try:
        return OrganisationLevel(level or "other")
    except ValueError:
        raise Invalid(_l("level: must be city, county, township or other"),
                      field="level") from None


NEXT_LEVEL = {OrganisationLevel.city: OrganisationLevel.county,
              OrganisationLevel.county: OrganisationLevel.township}


def next_level(parent):
    """The level a child of `parent` has unless told: a city's are counties, a county's
    townships, anything else's `other`."""
    if parent is None:
        return OrganisationLevel.city
    return NEXT_LEVEL.get(parent.level, OrganisationLevel.other)


def create_organisation(actor, *, name, parent, level=None):
    """A party organisation under `parent` (None: a root); its level by default the one
    below its parent's."""
    name = (name or "").strip()
    if not name:
        raise Invalid(_l("name: must not be empty"), field="name")
    level = _level(level or next_level(parent))
    if find_organisation(name, parent) is not None:
        raise Invalid(_l("name: %(name)s exists here already", name=name), field="name")
    organisation = Organisation(name=name, parent=parent, level=level, path="")
    db.session.add(organisation)
    db.session.flush()
    organisation.path = f"{parent.path if parent else '/'}{organisation.id}/"
    record(actor, "organisation.create", organisation,
           after=snapshot(organisation, ORGANISATION_FIELDS))
    return organisation


def below(organisation):
    """The organisation and every one below it (one query on the materialised path)."""
    return db.session.scalars(select(Organisation)
                              .where(Organisation.path.startswith(organisation.path))
                              .order_by(Organisation.path)).all()


def _positive_years(years):
    if not isinstance(years, int) or isinstance(years, bool) or not 1 <= years <= 10:
        raise Invalid(_l("term_years: must be a whole number from 1 to 10"),
                      field="term_years")
    return years


def create_congress(actor, organisation, *, title, elected_on, ordinal=None, term_years=5):
    """A congress of `organisation`, elected on `elected_on` for `term_years`."""
    title = (title or "").strip()
    if not title:
        raise Invalid(_l("title: must not be empty"), field="title")
    if not isinstance(elected_on, date):
        raise Invalid(_l("elected_on: must be a date such as 2026-01-15"), field="elected_on")
    if ordinal is not None and (not isinstance(ordinal, int) or isinstance(ordinal, bool)
                                or ordinal < 1):
        raise Invalid(_l("ordinal: must be a whole number of at least 1"), field="ordinal")
    term_years = _positive_years(term_years)
    if elected_on.year + term_years > date.max.year:  # its term would end past the calendar
        raise Invalid(_l("elected_on: must be a date such as 2026-01-15"), field="elected_on")
    congress = Congress(organisation=organisation, title=title, ordinal=ordinal,
                        elected_on=elected_on, term_years=term_years,
                        term_ends_on=term_end(elected_on, term_years))
    db.session.add(congress)
    db.session.flush()
    record(actor, "congress.create", congress, after=snapshot(congress, CONGRESS_FIELDS))
    return congress
