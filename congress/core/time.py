"""Aware UTC in the database and in code; local time only for display."""
from datetime import UTC, datetime

from sqlalchemy.types import DateTime, TypeDecorator


def utcnow():
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """Stores naive UTC (SQLite has no zones) and always hands back aware UTC datetimes."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=UTC)


def isoformat(value):
    return value.isoformat() if value is not None else None


def _zone():
    from zoneinfo import ZoneInfo

    from flask import current_app

    return ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])


def from_local(naive):
    """A naive local time from a form field → aware UTC."""
    if naive is None:
        return None
    return naive.replace(tzinfo=_zone()).astimezone(UTC)


def to_local(aware):
    """Aware UTC → naive local time, to fill a form field."""
    if aware is None:
        return None
    return aware.astimezone(_zone()).replace(tzinfo=None)


def local_today():
    """Today's date where the meeting is (TIMEZONE): the day terms and rosters are judged by."""
    return to_local(utcnow()).date()
