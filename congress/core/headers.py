"""Security headers on every answer (a few lines of our own rather than Flask-Talisman: see
docs/decisions.md).

The pages load scripts, styles and fonts from /static only and have no inline script, no
inline style and no style attribute (templates/records/*.html carry inline styles, but those
are rendered by WeasyPrint into PDFs, never served as pages). So the policy allows 'self' and
nothing inline; scripts may still set element.style (the CSS object model is not inline
style). No page may be framed, the projector included: it is opened full-screen by its own
link, never embedded.
"""
CONTENT_SECURITY_POLICY = "; ".join((
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self'",
    "font-src 'self'",
    "connect-src 'self'",  # fetch() and EventSource to the same origin
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
))
DOCUMENT_TYPES = frozenset({"text/html", "image/svg+xml"})


def init_app(app):
    hsts_seconds = app.config.get("HSTS_SECONDS") or 0

    @app.after_request
    def security_headers(response):
        headers = response.headers
        # a policy for what a document may load; on a PDF it would only get in the way of the
        # browser's viewer
        if response.mimetype in DOCUMENT_TYPES:
            headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        headers.setdefault("X-Frame-Options", "DENY")  # frame-ancestors for older browsers
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("Referrer-Policy", "same-origin")
        if hsts_seconds:  # production only: it is served over HTTPS behind the proxy
            headers.setdefault("Strict-Transport-Security", f"max-age={hsts_seconds}")
        return response
