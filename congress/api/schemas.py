"""Typed building blocks for every area's API schemas (Pydantic).

Each area writes its request and response models in `<area>/schemas.py` from these types, so
that bad input is refused with a 422 naming the field before it reaches the database:
ids fit the integer column (PostgreSQL's `integer` ends at 2**31-1), text fits its column and
holds no NUL character (PostgreSQL refuses one), numbers are finite and in range. The same
models generate the OpenAPI document (congress/api/spec.py), so the document cannot drift
from what the handlers accept and return.
"""
import math
from datetime import UTC, date, datetime
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    WithJsonSchema,
)

from congress.core.web import MAX_ID  # PostgreSQL's integer: every id column

MAX_COUNT = 2**31 - 1
# no NUL (PostgreSQL refuses it) and no other C0 control character but tab, line feed and
# carriage return: they are nothing a person types, and spreadsheets cannot hold them
NO_CONTROL = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f]*$"
DEFAULT_TEXT_LIMIT = 20_000  # a Text column without a length: a page of prose at most


class Model(BaseModel):
    """A request body: unknown fields are ignored (clients may send more than we read)."""

    model_config = ConfigDict(extra="ignore", str_strip_whitespace=False)


class Out(BaseModel):
    """A response: documented exactly; extra keys would be a drift, so they are refused."""

    model_config = ConfigDict(extra="forbid")


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("blank")
    return value


def Text(max_length: int | None = None, *, column=None, blank: bool = False):  # noqa: N802
    """A string of at most `max_length` characters (or the length of `column`, a SQLAlchemy
    column attribute with a String type), without NUL; not blank unless `blank`."""
    if column is not None:
        max_length = column.property.columns[0].type.length or DEFAULT_TEXT_LIMIT
    field = Field(strict=True, max_length=max_length or DEFAULT_TEXT_LIMIT,
                  min_length=0 if blank else 1, pattern=NO_CONTROL)
    if blank:
        return Annotated[str, field]
    return Annotated[str, field, AfterValidator(_not_blank)]


def _finite_number(value: Any) -> Any:
    """JSON numbers only (no true/false, no "NaN" strings), and finite."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError("number")
    if not math.isfinite(value):
        raise ValueError("finite")
    return value


def Number(*, ge: float | None = None, le: float | None = None):  # noqa: N802
    """A finite JSON number within [ge, le]. Its document is written here: behind a
    validator Pydantic would document the bounds as unknown `ge`/`le` keys."""
    document = {"type": "number"}
    document.update({key: bound for key, bound in (("minimum", ge), ("maximum", le))
                     if bound is not None})
    return Annotated[float, BeforeValidator(_finite_number),
                     Field(ge=ge, le=le, allow_inf_nan=False), WithJsonSchema(document)]


def _representable_in_utc(value: datetime) -> datetime:
    """Times are stored in UTC: 0001-01-01T00:00+05:00 has no UTC year (OverflowError)."""
    try:
        value.astimezone(UTC)
    except OverflowError:
        raise ValueError("out of range") from None
    return value


Id = Annotated[StrictInt, Field(ge=1, le=MAX_ID)]
Count = Annotated[StrictInt, Field(ge=0, le=MAX_COUNT)]
Flag = StrictBool
Day = Annotated[date, WithJsonSchema({"type": "string", "format": "date"})]
Moment = Annotated[AwareDatetime, AfterValidator(_representable_in_utc),
                   WithJsonSchema({"type": "string", "format": "date-time"})]
Timestamp = Annotated[datetime, WithJsonSchema({"type": "string", "format": "date-time"})]


def Integer(*, ge: int = 0, le: int = MAX_COUNT):  # noqa: N802
    """A whole number (not true/false) within [ge, le]."""
    return Annotated[StrictInt, Field(ge=ge, le=le)]


def _without_default(schema):
    schema.pop("default", None)


def Omittable(kind):  # noqa: N802
    """An answer's key that is left out when it does not apply, never null (declare it
    `= None`; the document shows it as not required, of its own type)."""
    return Annotated[kind, Field(json_schema_extra=_without_default)]


class StreamQuery(Model):
    """A stream's query: a page's first connect names the newest event it has (a browser that
    reconnects sends Last-Event-ID instead)."""

    last_event_id: Text(20, blank=True) | None = None


class ErrorBody(Out):
    code: str
    message: str


class Error(Out):
    """Every refusal: {"error": {"code", "message"}} (API.md)."""

    error: ErrorBody
