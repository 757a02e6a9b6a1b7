"""The isolation table (issue 15): another organisation's objects are not found (404), on
every page and API route of the app; an organiser reads (never writes) below its own.

One world for the module: a city organisation (the root) with two counties under it, A and
B. A holds the permission matrix's whole world (tests/core/matrix_world.py: a meeting with
ballots, a debrief and its queue, reports, the digest, proposals, the records, a job ...);
B has a meeting, a delegate, a unit and an account of every role; the city has an organiser
and a secretariat. Every row of the permission matrix (which covers every route of the app,
tests/core/test_permissions_coverage.py) whose URL names one of A's objects is called:

- by every role of B, and by the city's secretariat: 404 (GET and POST alike);
- by the city's organiser, and by A's own organiser: the read routes of ORGANISER_READS
  answer 200, every other route 403 or 404;
and no refused call changes a row. A failure prints the whole table of wrong answers."""
import json
from datetime import date

from congress.extensions import db
from tests.conftest import Account
from tests.core import matrix_world
from tests.core.matrix import TextPdf, World, normalise, row_counts
from tests.core.test_permissions_coverage import TABLES
from tests.helpers import bearer, token_for

B_ROLES = ("secretariat", "chair", "delegate", "committee", "unit", "observer", "organiser")
CITY_ORGANISER, CITY_SECRETARIAT = "city:organiser", "city:secretariat"
A_ORGANISER = "A:organiser"  # A's own organiser: the same reads in its own organisation
ORGANISERS = (CITY_ORGANISER, A_ORGANISER)
PARTS = ("agenda", "ballots", "election", "debrief", "my_request", "reports", "proposals",
         "records", "roster", "draft_report", "organisation", "studio", "paper", "followup",
         "term_work", "organisation_job")
B_TITLE, B_DELEGATE, B_UNIT = "乙县年会", "乙县代表", "乙县财政局"

# What the city's organiser reads in A (docs/decisions.md, "The organiser reads below"):
# the meeting's overview, attendance and delegates, ballots with receipts and results, the
# debriefs and their queues, the live stream, proposals with their statistics, follow-up,
# registers and notices, reports with every comment, groups, the digest and resolutions, the
# records centre and its read-only documents (printing one logs the print). Every other
# route naming A's objects answers it 403 (or 404: what is hidden from all but its owner).
ORGANISER_READS = {
    # meetings, attendance, delegates
    "GET /meetings/<mid>", "GET /meetings/<mid>/attendance", "GET /meetings/<mid>/delegates",
    "GET /meetings/<mid>/roster.xlsx", "GET /api/v1/meetings/<mid>",
    "GET /api/v1/meetings/<mid>/delegates", "GET /api/v1/meetings/<mid>/attendance",
    "GET /api/v1/meetings/<mid>/events",
    # ballots
    "GET /meetings/<mid>/ballots", "GET /ballots/<bid>", "GET /ballots/<bid>/receipts",
    "GET /ballots/<bid>/results.pdf", "GET /api/v1/meetings/<mid>/ballots",
    "GET /api/v1/ballots/<bid>", "GET /api/v1/ballots/<bid>/receipts",
    "GET /api/v1/ballots/<bid>/results.pdf",
    # debriefs
    "GET /meetings/<mid>/debriefs", "GET /debriefs/<did>", "GET /debriefs/<did>/panel",
    "GET /api/v1/meetings/<mid>/debriefs", "GET /api/v1/debriefs/<did>",
    "GET /api/v1/queues/<qid>",
    "GET /meetings/<mid>/projectors", "GET /meetings/<mid>/projectors/<screen>/preview",
    # proposals
    "GET /meetings/<mid>/proposals", "GET /proposals/<pid>",
    "GET /proposals/<pid>/assignment.pdf", "GET /meetings/<mid>/proposals/statistics",
    "GET /meetings/<mid>/proposals/follow-up", "GET /meetings/<mid>/proposals/register.xlsx",
    "GET /meetings/<mid>/proposals/compendium.pdf",
    "GET /meetings/<mid>/units/<uid>/assignments.pdf",
    "GET /api/v1/meetings/<mid>/proposals", "GET /api/v1/proposals/<pid>",
    "GET /api/v1/proposals/<pid>/similar", "GET /api/v1/meetings/<mid>/proposals/statistics",
    "GET /api/v1/meetings/<mid>/proposals/follow-up", "GET /api/v1/proposals/<pid>/assignment.pdf",
    "GET /api/v1/meetings/<mid>/units/<uid>/assignments.pdf",
    "GET /api/v1/meetings/<mid>/records/proposals.pdf",
    "GET /api/v1/meetings/<mid>/records/proposals.xlsx",
    # reports, groups, digest, resolutions
    "GET /meetings/<mid>/reports", "GET /reports/<rid>", "GET /reports/<rid>/v<number>",
    "GET /meetings/<mid>/digest.pdf", "GET /meetings/<mid>/groups",
    "GET /meetings/<mid>/groups/progress", "GET /meetings/<mid>/groups/<did>",
    "GET /meetings/<mid>/resolutions", "GET /resolutions/<rsid>",
    "GET /api/v1/meetings/<mid>/reports", "GET /api/v1/reports/<rid>",
    "GET /api/v1/reports/<rid>/comments", "GET /api/v1/meetings/<mid>/groups",
    # the records centre
    "GET /meetings/<mid>/records", "GET /meetings/<mid>/records/files/<key>",
    "POST /meetings/<mid>/records/files/<key>", "GET /meetings/<mid>/records/jobs",
    "GET /meetings/<mid>/records/minutes", "GET /meetings/<mid>/records/minutes/draft.pdf",
    "GET /meetings/<mid>/records/minutes/v<number>.pdf",
    "GET /api/v1/meetings/<mid>/records/minutes.pdf",
    "GET /api/v1/meetings/<mid>/records/attendance.pdf",
    "GET /api/v1/meetings/<mid>/records/attendance.xlsx",
    "GET /api/v1/units/<uid>",  # a unit below (the units admin's route)
    # the organisation, its congresses and the delegates of the term
    "GET /organisations/<oid>", "GET /api/v1/organisations/<oid>",
    "GET /api/v1/organisations/<oid>/congresses", "GET /congresses/<cid>",
    "GET /api/v1/congresses/<cid>", "GET /api/v1/congresses/<cid>/delegates",
    "GET /delegates/<did>", "GET /api/v1/delegates/<did>",
    # studios and residents' concerns (the resident's name and contact masked)
    "GET /organisations/<oid>/studios", "GET /studios/<sid>", "GET /concerns/<cid>",
    "GET /organisations/<oid>/jobs", "GET /organisations/<oid>/jobs/panel",
    "GET /api/v1/organisations/<oid>/events",
    "GET /api/v1/organisations/<oid>/concerns", "GET /api/v1/concerns/<cid>",
    "GET /organisations/<oid>/concerns/overdue", "GET /organisations/<oid>/concerns/recurring",
    # term work (API.md: the ledger for the organisation's staff and the organisers above;
    # the statistics over the organisation and everything below it)
    "GET /organisations/<oid>/activities", "GET /congresses/<cid>/groups",
    "GET /organisations/<oid>/ledgers", "GET /organisations/<oid>/ledgers/unmet.pdf",
    "GET /delegates/<did>/ledger", "GET /delegates/<did>/ledger.pdf",
    "GET /api/v1/delegates/<did>/ledger", "GET /api/v1/delegates/<did>/ledger.pdf",
    "GET /organisations/<oid>/term-statistics",
    "GET /api/v1/organisations/<oid>/statistics",
}
# What an organiser may write below its own (API.md): a child organisation with its first
# secretariat account
ORGANISER_WRITES = {"POST /organisations/<oid>/children",
                    # exports: a job of the organisation, the reading of what it reads
                    "POST /organisations/<oid>/concerns/register",
                    "POST /organisations/<oid>/term-statistics/export",
                    "POST /api/v1/organisations/<oid>/concerns/register",
                    "POST /api/v1/organisations/<oid>/statistics/export"}
# What an organiser writes in its own organisation only: its studios and their rosters
OWN_ORGANISER_WRITES = {
    "POST /organisations/<oid>/studios", "POST /studios/<sid>", "POST /studios/<sid>/duties",
    "POST /studios/<sid>/delete",
    "POST /studios/<sid>/duties/<did>/delete", "POST /api/v1/organisations/<oid>/studios",
    "POST /api/v1/studios/<sid>/duties"}
# drafts are hidden from all but their owners: a draft proposal (pid, pinv, pready), a
# report nobody tabled, a report's draft version
DRAFT_IDS = ("{pid}", "{pinv}", "{pready}", "{rid_draft}")
DRAFT_ROWS = {"not tabled: hidden", "a draft: its sponsors only", "draft"}

def _is_named_a_object(r):
    """The row names one of A's objects. Left out: a projector link's key (?key=, right or
    wrong) is a capability that does not depend on the account; an old address that answers
    405 to everyone names nothing."""
    if "{" not in r.url or "key=" in r.url or "/public/" in r.url:
        return False  # a tracking code (the public pages) is a capability too
    return not (r.ok and all(ok.status == 405 for ok in r.ok.values()))


def _b_side(w):
    """Reparent the matrix's organisation (A) under a new city root; B beside it, with a
    meeting and an account of every role; the city's organiser and secretariat."""
    from congress.meetings.services import create_meeting
    from congress.organisations.models import Organisation, OrganisationLevel
    from congress.organisations.services import create_congress, create_organisation
    from congress.people.delegates import create_delegate, get_or_create_delegation
    from congress.people.services import create_unit, create_user

    password = "isolation-Pa55word"
    with w.app.app_context():
        county_a = db.session.scalar(db.select(Organisation).where(
            Organisation.parent_id.is_(None)))
        city = Organisation(name="某市", parent=None, level=OrganisationLevel.city, path="")
        db.session.add(city)
        db.session.flush()
        city.path = f"/{city.id}/"
        county_a.parent, county_a.level = city, OrganisationLevel.county
        county_a.path = f"{city.path}{county_a.id}/"
        county_b = create_organisation(None, name="乙县", parent=city, level="county")
        congress = create_congress(None, county_b, title="乙县党代会", elected_on=date(2026, 1, 1))
        meeting = create_meeting(None, congress, title=B_TITLE, year=2026)
        unit = create_unit(None, B_UNIT, organisation=county_b)
        accounts = {}
        for role in B_ROLES:
            if role == "delegate":
                continue
            user, _ = create_user(None, username=f"b-{role}", name=f"乙县{role}", role=role,
                                  password=password, organisation=county_b,
                                  unit=unit if role == "unit" else None)
            accounts[f"B:{role}"] = Account(user.id, user.username, password, role)
        delegate, pin = create_delegate(
            None, congress, name=B_DELEGATE, username_year=2026,
            delegation=get_or_create_delegation(None, congress, "乙县代表团"))
        db.session.flush()
        accounts["B:delegate"] = Account(delegate.user.id, delegate.user.username, pin,
                                         "delegate", delegate_id=delegate.id,
                                         meeting_id=meeting.id)
        for role, key, where in (("organiser", CITY_ORGANISER, city),
                                 ("secretariat", CITY_SECRETARIAT, city),
                                 ("organiser", A_ORGANISER, county_a)):
            user, _ = create_user(None, username=key.replace(":", "-"), name=key, role=role,
                                  password=password, organisation=where)
            accounts[key] = Account(user.id, user.username, password, role)
        w.ids.update(b_mid=meeting.id, b_uid=unit.id, b_org=county_b.id, city=city.id,
                     a_org=county_a.id)
        db.session.commit()
    w.accounts.update(accounts)


def _rows():
    return [r for table in TABLES for r in table.ROWS if _is_named_a_object(r)]


def _expected(r, role):
    """The answers a role may get on a row naming A's objects."""
    if role in ORGANISERS:
        draft = r.name in DRAFT_ROWS or any(i in r.url for i in DRAFT_IDS)
        if normalise(r.key) in ORGANISER_READS and not draft:
            return {200}
        if normalise(r.key) in ORGANISER_WRITES:
            return {200, 201, 202, 302}
        if role == A_ORGANISER and normalise(r.key) in OWN_ORGANISER_WRITES:
            return {200, 201, 202, 302}
        return {403, 404}
    return {404}


def _call(w, r, role):
    response = w.call(r, role)
    try:
        status = response.status_code
        code = None
        if r.is_api and not r.stream and response.is_json:
            code = (response.get_json().get("error") or {}).get("code")
    finally:
        response.close()
    return status, code


def _world(app, make):
    w = World(app, make)
    matrix_world.base(w)
    for part in PARTS:
        getattr(matrix_world, part)(w)
    _b_side(w)
    for role in CALLERS:  # signing in writes (audit, tokens): all before the first count
        w.client(role)
        w.token(role)
    return w


CALLERS = [f"B:{role}" for role in B_ROLES] + [CITY_ORGANISER, CITY_SECRETARIAT, A_ORGANISER]


def _wrong_answers(w, rows):
    """(row, role, wanted, got) of every answer that breaks the rule."""
    wrong = []
    for r in rows:
        for role in CALLERS:
            expected = _expected(r, role)
            before = row_counts(w) if r.method != "GET" and 200 not in expected else None
            status, code = _call(w, r, role)
            if status not in expected:
                wrong.append((r.id, role, "/".join(map(str, sorted(expected))), status))
            elif status == 404 and r.is_api and not r.stream and code != "not_found":
                wrong.append((r.id, role, "404 not_found", f"404 {code}"))
            if before is not None and row_counts(w) != before:
                wrong.append((r.id, role, "no change", "the refused call changed the database"))
    return wrong


def _table(wrong, rows):
    lines = "\n".join(f"{route:70} {role:18} want {want:8} got {got}"
                      for route, role, want, got in wrong)
    return f"{len(wrong)} wrong answers in {len(rows) * len(CALLERS)} calls:\n{lines}"


def test_isolation_table(app, make, monkeypatch):
    monkeypatch.setattr("congress.core.pdf.HTML", TextPdf)
    w = _world(app, make)
    rows = _rows()
    assert len(rows) > 150  # the table covers the app, not a sample
    for r in rows:
        r.url.format(**w.ids)  # every id a row names is one of the world's
    wrong = _wrong_answers(w, rows)
    assert not wrong, _table(wrong, rows)


def test_event_stream_and_archive(app, make, monkeypatch):
    """The live stream of A's meeting is not found for B; A's archive holds nothing of B."""
    from congress.records import export

    monkeypatch.setattr("congress.core.pdf.HTML", TextPdf)
    w = World(app, make)
    matrix_world.base(w)
    matrix_world.reports(w)
    matrix_world.proposals(w)
    _b_side(w)
    for role in ("B:secretariat", "B:delegate", CITY_SECRETARIAT):
        client, _csrf = w.client(role)
        response = client.get(f"/api/v1/meetings/{w.ids['mid']}/events", buffered=False)
        try:
            assert response.status_code == 404, role
            assert response.get_json()["error"]["code"] == "not_found"
        finally:
            response.close()
    client, _csrf = w.client(CITY_ORGANISER)  # the organiser follows what it reads
    response = client.get(f"/api/v1/meetings/{w.ids['mid']}/events", buffered=False)
    try:
        assert response.status_code == 200
        assert response.mimetype == "text/event-stream"
    finally:
        response.close()
    with app.app_context():
        from congress.meetings.models import Meeting

        dump = json.dumps(export.meeting_export(db.session.get(Meeting, w.ids["mid"]), 1),
                          ensure_ascii=False)
    assert "权限矩阵年会" in dump  # A's own meeting is there
    for b_thing in (B_TITLE, B_DELEGATE, B_UNIT, "乙县", "b-secretariat", "city-organiser"):
        assert b_thing not in dump, b_thing
    tables = json.loads(dump)["tables"]
    assert [o["id"] for o in tables["organisations"]] == [w.ids["a_org"]]
    assert w.ids["b_mid"] not in [m["id"] for m in tables["meetings"]]


def _page(w, role, url):
    client, _csrf = w.client(role)
    response = client.get(url)
    return response.status_code, response.get_data(as_text=True), response.location


def test_lists_audit_and_units_of_the_own_organisation(app, make):
    """The meetings list, the audit log and a proposal's handling units: the caller's
    organisation's (an organiser's: everything below); another organisation's unit cannot be
    assigned (422)."""
    w = World(app, make)
    matrix_world.base(w)
    matrix_world.proposals(w)
    _b_side(w)
    a_title = matrix_world.MEETING_TITLE
    # the meetings list: one's own organisation; the organiser's home, everything below
    status, body, _ = _page(w, "B:secretariat", "/meetings/")
    assert status == 200 and B_TITLE in body and a_title not in body
    status, body, _ = _page(w, CITY_SECRETARIAT, "/meetings/")
    assert status == 200 and B_TITLE not in body and a_title not in body
    status, _, location = _page(w, CITY_ORGANISER, "/")
    assert status == 302 and location.endswith("/meetings/")
    status, body, _ = _page(w, CITY_ORGANISER, "/meetings/")
    assert status == 200 and B_TITLE in body and a_title in body
    status, body, _ = _page(w, "B:organiser", "/meetings/")  # a sibling's is not below
    assert status == 200 and B_TITLE in body and a_title not in body
    # the audit log: the caller's organisation's entries only
    status, body, _ = _page(w, "secretariat", "/audit/?action=meeting.create")
    assert status == 200 and a_title in body and B_TITLE not in body
    status, body, _ = _page(w, "B:secretariat", "/audit/?action=meeting.create")
    assert status == 200 and B_TITLE in body and a_title not in body
    # a unit of another organisation is not one the committee may assign to
    client = app.test_client()
    headers = bearer(token_for(client, w.accounts["committee"]))
    for field, body in (("lead_unit_id", {"lead_unit_id": w.ids["b_uid"]}),
                        ("assisting_unit_ids", {"lead_unit_id": w.ids["uid"],
                                                "assisting_unit_ids": [w.ids["b_uid"]]})):
        response = client.post(f"/api/v1/proposals/{w.ids['pacc']}/assignment",
                               json=body | {"due_on": "2099-12-31"}, headers=headers)
        assert response.status_code == 422, response.get_json()
        assert response.get_json()["error"]["message"].startswith(field), field
    assert w.get("Proposal", w.ids["pacc"], "status") == "accepted"
    status, body, _ = _page(w, "committee", f"/proposals/{w.ids['pacc']}")
    assert status == 200 and "市住房和城乡建设局" in body and B_UNIT not in body
