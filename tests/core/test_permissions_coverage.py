"""The permission matrix covers every route: each URL rule and method of the app (static
files, HEAD and OPTIONS aside) has a row in tests/core/test_permissions_*.py, and every row
names a route that exists. A new route cannot be added without its row."""
from tests.core import (
    test_permissions_delegates,
    test_permissions_followup,
    test_permissions_live,
    test_permissions_meetings,
    test_permissions_organisations,
    test_permissions_proposals,
    test_permissions_records,
    test_permissions_reports,
    test_permissions_studios,
    test_permissions_term_work,
)
from tests.core.matrix import normalise

TABLES = (test_permissions_meetings, test_permissions_live, test_permissions_reports,
          test_permissions_proposals, test_permissions_records, test_permissions_delegates,
          test_permissions_organisations, test_permissions_studios,
          test_permissions_term_work, test_permissions_followup)


def app_routes(app):
    return {normalise(f"{method} {rule.rule}")
            for rule in app.url_map.iter_rules() if rule.endpoint != "static"
            for method in rule.methods - {"HEAD", "OPTIONS"}}


def matrix_routes():
    return {normalise(r.key) for table in TABLES for r in table.ROWS}


def test_every_route_has_a_row(app):
    missing = sorted(app_routes(app) - matrix_routes())
    assert not missing, "routes with no row in the permission matrix:\n" + "\n".join(missing)


def test_every_row_names_a_route(app):
    stale = sorted(matrix_routes() - app_routes(app))
    assert not stale, "rows of routes the app does not have:\n" + "\n".join(stale)


def test_converters_are_normalised():
    assert normalise("GET /a/<int:mid>/b/<id:x>/<int(min=1):y>/<any(up, down):action>") == \
        "GET /a/<mid>/b/<x>/<y>/<action>"
