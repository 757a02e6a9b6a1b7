"""Report review pages: the secretariat imports, previews, tables and corrects reports;
delegates read them on the tablet and write review comments; recorders keep the group's
record; the secretariat watches the groups, compiles the digest and drafts resolutions.

One blueprint (reports/blueprint.py); one module per sub-area registers its pages on it."""
from congress.reports import (  # noqa: F401
                              comment_views,
                              digest_views,
                              group_views,
                              report_views,
                              resolution_views,
)
from congress.reports.blueprint import bp

__all__ = ["bp"]
