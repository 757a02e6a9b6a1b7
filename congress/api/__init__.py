"""The /api/v1 blueprint: the second door to the same services as the pages."""
from congress.api import jobs, openapi  # noqa: F401  (routes register on bp)
from congress.api.base import bp

__all__ = ["bp"]
