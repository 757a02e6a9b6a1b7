"""The /api/v1 blueprint: the second door to the same services as the pages."""
from congress.api import ballots, debriefs, meetings, openapi  # noqa: F401  (routes register on bp)
from congress.api import jobs, records, reports  # noqa: F401
from congress.api.base import bp

__all__ = ["bp"]
