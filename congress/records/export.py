"""The JSON export of a whole meeting, for the archive: every row of every table that belongs
to the meeting, found by following foreign keys from `meetings`, so a new table is exported
without touching this file. Secrets stay out: password hashes, tokens, login failures, and
who voted (ballot_participations). Papers and marks are anonymous and carry no receipt, and
stay in, so a closed ballot can be recounted from the archive; the receipts are the published
list (ballot_receipts), which names no paper."""
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import and_, or_, select

from congress.core.time import utcnow
from congress.extensions import db
from congress.meetings.models import on_roster
from congress.people.models import Delegate, User

EXCLUDED_TABLES = {"login_failures", "api_tokens", "events", "ballot_participations", "users"}
EXCLUDED_COLUMNS = {("minutes_versions", "pdf")}


def _roots(meeting):
    """What the meeting stands on, above it in the foreign keys: its organisation (its one row:
    no other organisation's), its congress, and the delegates on its roster (of the term, so
    not reached from the meeting's key). Handling units, the congress's delegations and the
    rest follow from these by their keys."""
    tables = db.metadata.tables
    return {
        "organisations": tables["organisations"].c.id == meeting.organisation_id,
        "congresses": tables["congresses"].c.id == meeting.congress_id,
        "delegates": Delegate.id.in_(select(Delegate.id).where(on_roster(meeting))),
    }


def meeting_export(meeting, data_version):
    tables = {}
    roots = _roots(meeting)
    selects = {"meetings": select(db.metadata.tables["meetings"].c.id).where(
        db.metadata.tables["meetings"].c.id == meeting.id)}
    for table in db.metadata.sorted_tables:
        if table.name in EXCLUDED_TABLES:
            continue
        if table.name in roots:
            condition = roots[table.name]
            query = select(table).where(condition)
            selects[table.name] = select(*table.primary_key.columns).where(condition)
        else:
            condition = _belongs(table, selects)
            if condition is None:
                continue
            query = select(table).where(condition)
            if len(table.primary_key.columns) == 1:
                selects[table.name] = select(*table.primary_key.columns).where(condition)
        columns = [c for c in table.columns if (table.name, c.name) not in EXCLUDED_COLUMNS]
        query = query.with_only_columns(*columns).order_by(*table.primary_key.columns)
        tables[table.name] = [{key: _plain(value) for key, value in row.items()}
                              for row in db.session.execute(query).mappings()]
    tables["users"] = _accounts(meeting)
    return {"format": 1, "exported_at": utcnow().isoformat(), "data_version": data_version,
            "meeting_id": meeting.id, "tables": tables}


def _belongs(table, selects):
    """Rows of `table` that belong to the meeting: by meeting_id, else by the first foreign
    key into a table already exported."""
    if table.name == "meetings":
        return table.c.id == selects["meetings"].scalar_subquery()
    if "meeting_id" in table.c:
        meetings = db.metadata.tables["meetings"]
        if any(fk.column.table is meetings for fk in table.c.meeting_id.foreign_keys):
            return table.c.meeting_id == selects["meetings"].scalar_subquery()
    conditions = [fk.parent.in_(selects[fk.column.table.name])
                  for fk in table.foreign_keys
                  if fk.column.table.name in selects and fk.column.primary_key
                  and fk.column.table.name != table.name]
    return conditions[0] if conditions else None


def _accounts(meeting):
    """Accounts without their secrets: the meeting's delegates' and the staff accounts of its
    organisation (no other organisation's)."""
    delegate_users = select(Delegate.user_id).where(on_roster(meeting))
    rows = db.session.execute(
        select(User.id, User.username, User.name, User.role, User.unit_id)
        .where(or_(User.id.in_(delegate_users),
                   and_(User.delegate == None,  # noqa: E711
                        User.organisation_id == meeting.organisation_id)))
        .order_by(User.id)).mappings()
    return [{key: _plain(value) for key, value in row.items()} for row in rows]


def _plain(value):
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if hasattr(value, "value") and not isinstance(value, (int, str)):
        return value.value  # an enum
    if isinstance(value, bytes):
        return None
    return value
