"""Security headers: a policy without inline script or style on every page, no framing,
nosniff and a same-origin referrer everywhere, HSTS in production only. (Every GET route's
answer is checked by tests/core/test_get_changes_nothing.py; the browser tests fail on any
policy violation Chromium reports.)"""
import secrets

from congress.core.headers import CONTENT_SECURITY_POLICY


def test_pages_and_error_pages_carry_the_policy(client):
    for url, status in (("/login", 200), ("/no-such-page", 404), ("/audit/", 302)):
        response = client.get(url)
        assert response.status_code == status
        assert response.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "same-origin"
        assert response.headers["X-Frame-Options"] == "DENY"
        assert "Strict-Transport-Security" not in response.headers


def test_the_policy_allows_nothing_inline_and_no_framing():
    directives = dict(d.split(" ", 1) for d in CONTENT_SECURITY_POLICY.split("; "))
    assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'" and directives["object-src"] == "'none'"
    assert "unsafe" not in CONTENT_SECURITY_POLICY and "*" not in CONTENT_SECURITY_POLICY


def test_the_api_and_static_files_are_not_sniffed(client):
    for url in ("/api/v1/openapi.json", "/static/css/app.css"):
        response = client.get(url)
        assert response.status_code == 200
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert "Content-Security-Policy" not in response.headers  # not a document
        response.close()


def test_production_adds_hsts(tmp_path):
    import config
    from congress import create_app

    class Production(config.ProductionConfig):
        SECRET_KEY = secrets.token_hex(32)
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path / 'p.sqlite'}"

    response = create_app(Production).test_client().get("/static/css/app.css")
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000"
    response.close()
