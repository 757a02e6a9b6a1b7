"""One domain error type; views and the API turn it into a page message or JSON."""
from flask_babel import lazy_gettext as _l


class DomainError(Exception):
    status = 409
    code = "conflict"

    def __init__(self, message, *, code=None, field=None):
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        self.field = field


class BadRequest(DomainError):
    status = 400
    code = "bad_request"


class Unauthorized(DomainError):
    status = 401
    code = "unauthorized"


class Forbidden(DomainError):
    status = 403
    code = "forbidden"


class Conflict(DomainError):
    status = 409
    code = "conflict"


class Invalid(DomainError):
    """A field that fails validation; the message names the field."""

    status = 422
    code = "invalid"


class NotFound(DomainError):
    status = 404
    code = "not_found"


class TooManyAttempts(DomainError):
    status = 429
    code = "too_many_attempts"


def not_found(model):
    """The 404 of both doors for a missing `model` row, naming what was not found."""
    return NotFound(_l("No such %(thing)s.", thing=getattr(model, "label", model.__name__)))


def found(obj, model):
    """`obj`, or the 404 naming `model` when it is None: the load step of load → check."""
    if obj is None:
        raise not_found(model)
    return obj
