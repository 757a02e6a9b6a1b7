"""The permission matrix's machinery: a row per route (URL rule + method), the world its ids come
from, and the two checks every row gets: each allowed role's exact success and visible effect,
and each other role's exact refusal. The rows live in tests/core/test_permissions_*.py.

Rows are keyed by URL rule and method, not by endpoint name: views move between modules, URLs
stay. A converter (`<int:mid>`, `<id:mid>`, `<int(min=1):mid>`, `<any(a, b):action>`) is
normalised to `<mid>` when rows are matched with `app.url_map`."""
import io
import json
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from congress.extensions import db
from tests.helpers import bearer, csrf_from, read_until, token_for

S, C, D = "secretariat", "chair", "delegate"
COMMITTEE, UNIT, OBSERVER = "committee", "unit", "observer"
OUTSIDER, ANON = "outsider", "anonymous"  # a delegate of another meeting; nobody signed in
ROLES = (S, C, D, COMMITTEE, UNIT, OBSERVER, OUTSIDER, ANON)
SIGNED_IN = frozenset(ROLES) - {ANON}
STAFF = frozenset({S, C})
IN_MEETING = SIGNED_IN - {OUTSIDER}

_CONVERTER = re.compile(r"<(?:[^<>]*:)?(\w+)>")


def normalise(key):
    """'GET /meetings/<int:mid>' and 'GET /meetings/<id:mid>' are one route:
    'GET /meetings/<mid>'."""
    return _CONVERTER.sub(r"<\1>", key)


@dataclass
class Ok:
    """What an allowed role gets: the status, and one visible effect: text or bytes in the
    answer (`shows`), the redirect's target (`location`, path and query), and/or `check(w)`,
    a read-back through the database that must be true afterwards."""
    status: int = 200
    shows: object = None
    location: str | None = None
    check: object = None


@dataclass
class Row:
    key: str                     # "POST /meetings/<int:mid>/ballots": the route it covers
    url: str                     # filled from the world's ids: "/meetings/{mid}/ballots"
    ok: dict                     # role -> Ok
    data: object = None          # form fields (pages) or JSON body (API); callable(w) allowed
    parts: tuple = ()            # world parts the row needs beyond the base (see World.build)
    refuse: dict = field(default_factory=dict)  # role -> status, where it is not the default
    stream: bool = False         # an SSE stream: read its first bytes and close it
    session: bool = False        # an API route called with the page's session cookie
    headers: dict = field(default_factory=dict)
    marks: tuple = ()
    name: str = ""

    @property
    def method(self):
        return self.key.split(" ", 1)[0]

    @property
    def is_api(self):
        return self.key.split(" ", 1)[1].startswith("/api/")

    @property
    def id(self):
        return f"{self.key}{' ' + self.name if self.name else ''}"


def row(key, url, ok, **extra):
    """A row; `ok` maps a role (or a set of roles) to Ok or to a bare status."""
    expanded = {}
    for roles, expect in ok.items():
        expect = expect if isinstance(expect, Ok) else Ok(expect)
        for role in ([roles] if isinstance(roles, str) else roles):
            expanded[role] = expect
        # every success shows something (a stream's is its first line, read by the check)
        assert extra.get("stream") or (expect.shows, expect.location, expect.check) != (
            None, None, None), f"{key}: no visible effect for {roles}"
    return Row(key, url, expanded, **extra)


def every(roles, expect):
    return {frozenset(roles): expect}


# --- the world ---------------------------------------------------------------------------------

class World:
    """The accounts of every role, a meeting with checked-in delegates, and the parts a row
    asks for; `ids` fills the rows' URLs."""

    def __init__(self, app, make):
        self.app, self.make = app, make
        self.ids = {}
        self.accounts = {}
        self._clients, self._tokens = {}, {}

    # reading back -----------------------------------------------------------------------------
    def model(self, name):
        return db.Model.registry._class_registry[name]

    def count(self, name, /, **filters):
        with self.app.app_context():
            return db.session.query(self.model(name)).filter_by(**filters).count()

    def get(self, name, ident, attribute):
        with self.app.app_context():
            value = getattr(db.session.get(self.model(name), ident), attribute)
            return getattr(value, "value", value)

    def value(self, query):
        """One value from a function of the session (in an app context)."""
        with self.app.app_context():
            return query(db.session)

    # calling ------------------------------------------------------------------------------------
    def client(self, role):
        if role not in self._clients:
            client = self.app.test_client()
            csrf = csrf_from(client, "/login")  # the session keeps it across the sign-in
            if role != ANON:
                account = self.accounts[role]
                response = client.post("/login", data={"username": account.username,
                                                       "password": account.password,
                                                       "csrf_token": csrf})
                assert response.status_code == 302, role
            self._clients[role] = (client, csrf)
        return self._clients[role]

    def token(self, role):
        if role not in self._tokens:
            self._tokens[role] = token_for(self.app.test_client(), self.accounts[role])
        return self._tokens[role]

    def call(self, r, role):
        url = r.url.format(**self.ids)
        data = r.data(self) if callable(r.data) else r.data
        if isinstance(data, dict):
            data = {k.format(**self.ids): v.format(**self.ids) if isinstance(v, str) else v
                    for k, v in data.items()}
        headers = dict(r.headers)
        if r.is_api and not r.session:
            client = self.app.test_client()
            if role != ANON:
                headers |= bearer(self.token(role))
            return client.open(url, method=r.method, json=data, headers=headers,
                               buffered=not r.stream)
        client, csrf = self.client(role)
        if r.method == "GET":
            return client.get(url, headers=headers, buffered=not r.stream)
        if r.is_api:
            return client.open(url, method=r.method, json=data,
                               headers=headers | {"X-CSRFToken": csrf})
        return client.open(url, method=r.method, data=(data or {}) | {"csrf_token": csrf},
                           headers=headers)

    # building -----------------------------------------------------------------------------------
    def build(self, parts):
        """The world through the factories and services the first time a set of parts is
        asked for; later, the same rows copied back (see Snapshot)."""
        from tests.core import matrix_world

        key = (self.app.config["SQLALCHEMY_DATABASE_URI"], tuple(parts))
        if key in _SNAPSHOTS:
            _SNAPSHOTS[key].restore(self)
            return self
        matrix_world.base(self)
        for part in parts:
            getattr(matrix_world, part)(self)
        if not set(parts) & OUTSIDE_THE_DATABASE:
            _SNAPSHOTS[key] = Snapshot.take(self)
        return self


# Parts that leave state outside the tables (a job in the queue's own storage): never copied
OUTSIDE_THE_DATABASE = {"records", "job_done", "organisation_job"}
_SNAPSHOTS = {}


@dataclass
class Snapshot:
    """A built world, kept for the next test that asks for the same parts: every table's rows,
    and each role's signed-in session cookie, CSRF token and API token (their rows are among
    the copied ones). The autouse fixture in tests/conftest.py empties the tables after every
    test; restoring inserts the rows again in dependency order, which costs a few
    milliseconds where building through the services costs a few hundred."""
    rows: dict
    ids: dict
    accounts: dict
    colleagues: list
    cookies: dict
    tokens: dict

    @classmethod
    def take(cls, w):
        cookies = {}
        for role in ROLES:
            client, csrf = w.client(role)
            cookie = client.get_cookie("session")
            cookies[role] = (cookie.value if cookie else None, csrf)
            if role != ANON:
                w.token(role)
        with w.app.app_context(), db.engine.connect() as conn:
            # in key order: a row that refers to its own table (an organisation's parent) comes
            # after the row it refers to, as it was made
            rows = {t.name: [dict(r) for r in conn.execute(
                t.select().order_by(*t.primary_key.columns)).mappings()]
                for t in db.metadata.sorted_tables}
        return cls(rows, dict(w.ids), dict(w.accounts), list(w.colleagues), cookies,
                   dict(w._tokens))

    def restore(self, w):
        with w.app.app_context(), db.engine.begin() as conn:
            for table in db.metadata.sorted_tables:  # parents before children
                if self.rows[table.name]:
                    conn.execute(table.insert(), self.rows[table.name])
        w.ids, w.accounts, w.colleagues = dict(self.ids), dict(self.accounts), list(self.colleagues)
        w._tokens = dict(self.tokens)
        for role, (cookie, csrf) in self.cookies.items():
            client = w.app.test_client()
            if cookie is not None:
                client.set_cookie("session", cookie)
            w._clients[role] = (client, csrf)


# --- the two checks --------------------------------------------------------------------------

def text_of(response):
    if response.is_json:
        return json.dumps(response.get_json(), ensure_ascii=False)
    return response.get_data(as_text=response.mimetype.startswith("text/"))


def check_allowed(w, r, role):
    expect = r.ok[role]
    w.role = role  # for read-backs that ask the app as the same role
    response = w.call(r, role)
    try:
        body = "" if r.stream else text_of(response)
        assert response.status_code == expect.status, (role, response.status_code, body[:600]
                                                       if isinstance(body, str) else body[:60])
        if r.stream:
            assert response.mimetype == "text/event-stream"
            read_until(iter(response.response), b": connected")
        if expect.shows is not None:
            values = w.ids | {"username": getattr(w.accounts.get(role), "username", "")}
            for piece in (expect.shows if isinstance(expect.shows, tuple) else (expect.shows,)):
                piece = piece.format(**values) if isinstance(piece, str) else piece
                assert piece in body, (role, piece, body[:600])
        if expect.location is not None:
            where = urlsplit(response.location)
            got = where.path + (f"?{where.query}" if where.query else "")
            if expect.location.startswith("re:"):  # a new object's id is not known before
                assert re.fullmatch(expect.location[3:].format(**w.ids), got), (role, got)
            else:
                assert got == expect.location.format(**w.ids), (role, response.location)
    finally:
        response.close()
    if expect.check is not None:
        assert expect.check(w), (role, "the change cannot be read back")


def refusal(r, role):
    if role in r.refuse:
        return r.refuse[role]
    if r.is_api:
        return 401 if role == ANON else 403
    return 302 if role == ANON else 403


def check_refused(w, r):
    """Each refused role gets its exact refusal, and no refusal changes a row."""
    for role in SIGNED_IN:  # sign everyone in first: signing in writes (the audit log, tokens)
        w.client(role)
        if r.is_api:
            w.token(role)
    before = row_counts(w)
    for role in ROLES:
        if role in r.ok:
            continue
        status = refusal(r, role)
        response = w.call(r, role)
        try:
            assert response.status_code == status, (role, response.status_code,
                                                    response.get_data(as_text=True)[:300]
                                                    if not r.stream else "")
            if r.is_api and status in (401, 403, 404) and not r.stream:
                code = {401: "unauthorized", 403: "forbidden", 404: "not_found"}[status]
                assert response.get_json()["error"]["code"] == code, role
            if status == 302 and role == ANON:
                assert urlsplit(response.location).path == "/login", response.location
        finally:
            response.close()
    assert row_counts(w) == before, "a refused call changed the database"


def row_counts(w):
    """Every table's row count (one statement)."""
    from sqlalchemy import text

    with w.app.app_context():
        counts = db.session.execute(text("SELECT " + ", ".join(
            f'(SELECT count(*) FROM "{t.name}")' for t in db.metadata.sorted_tables))).one()
        db.session.rollback()
    return dict(zip((t.name for t in db.metadata.sorted_tables), counts, strict=True))


class TextPdf:
    """Stands in for WeasyPrint here: the "PDF" is the HTML the document's template made, so
    a row can look for its content, and the matrix does not spend about a second of CPU per
    document on layout (tests/records and tests/core/test_pdf.py render real PDFs)."""

    def __init__(self, string, **_options):
        self.html = string

    def write_pdf(self):
        return b"%PDF-matrix\n" + self.html.encode()


def upload(data, filename):
    """A fresh file field for a multipart form (each request reads it to the end)."""
    return io.BytesIO(data), filename


def matrix_tests(rows):
    """The parametrized test of a table of rows. A world is built per test: the refusals come
    first (a refusal changes nothing, so the refused roles share the world), then the allowed
    calls. A GET changes nothing either (tests/core/test_get_changes_nothing.py), so a GET row
    checks all its roles in one world; any other row gets one world per allowed role, the
    first of them also checking the refusals."""
    import pytest

    params = []
    for r in rows:
        allowed = sorted(r.ok)
        if r.method == "GET" or not allowed:
            params.append(pytest.param(r, allowed, True, id=r.id, marks=r.marks))
            continue
        for index, role in enumerate(allowed):
            label = f"{r.id} as {role}" + (" and the refusals" if index == 0 else "")
            params.append(pytest.param(r, [role], index == 0, id=label, marks=r.marks))

    @pytest.mark.parametrize("r, allowed, refusals", params)
    def test_route_permissions(app, make, monkeypatch, r, allowed, refusals):
        monkeypatch.setattr("congress.core.pdf.HTML", TextPdf)
        w = World(app, make).build(r.parts)
        if refusals:
            check_refused(w, r)
        for role in allowed:
            check_allowed(w, r, role)

    return test_route_permissions


def pdf(*texts):
    """What a document row looks for: a PDF, made from a template that printed `texts`."""
    return (b"%PDF",) + tuple(t.encode() for t in texts)
