"""SQLite has one write lock. A GET never takes it (its transactions are readers), however
long it renders; and the slow parts of the writes (parsing an uploaded file, hashing a PIN or
password, rendering a PDF) run while it is free: at the very moment openpyxl, python-docx,
the password hash or WeasyPrint starts, another connection can take the write lock, so any
other write (a check-in, a login) goes through meanwhile."""
import io
import threading
from functools import partial

import docx
import pytest
from sqlalchemy import select

from congress.extensions import db
from tests.ballots.test_vote_transaction import _statements_of
from tests.helpers import bearer, can_take_write_lock, login, post_form, token_for
from tests.people.test_roster import GOOD, _xlsx
from tests.reports.conftest import WORK_REPORT, make_docx

pytestmark = pytest.mark.sqlite


def _write_lock_is_free(app):
    return can_take_write_lock(app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///"))


@pytest.fixture
def watch(app, monkeypatch):
    """watch(owner, name): from now on, every call of owner.name (which still does its work)
    notes whether the write lock was free when it began. Returns the list of notes.
    The probes take turns: a roster's PINs are hashed on two threads at once, and two probes
    trying BEGIN IMMEDIATE together would each see the other's lock."""
    probing = threading.Lock()

    def start(owner, name):
        seen, real = [], getattr(owner, name)

        def spy(*args, **kwargs):
            with probing:
                seen.append(_write_lock_is_free(app))
            return real(*args, **kwargs)

        monkeypatch.setattr(owner, name, spy)
        return seen
    return start


@pytest.fixture
def desk(client, make):
    mid = make.meeting()
    make.delegation(mid, "瑶海区代表团")
    make.delegation(mid, "庐阳区代表团")
    delegate = make.delegate(mid, delegation="瑶海区代表团")
    secretariat = make.user("secretariat")
    login(client, secretariat)
    return mid, delegate, secretariat


def test_a_get_request_begins_only_readers(app, client, desk):
    mid, _delegate, _secretariat = desk
    for url in (f"/meetings/{mid}/delegates", f"/meetings/{mid}/records/files/attendance.pdf"):
        response, sql = _statements_of(app, partial(client.get, url))
        assert response.status_code == 200, url
        assert "BEGIN" in sql and "BEGIN IMMEDIATE" not in sql, url


def test_a_write_goes_through_while_a_reader_transaction_is_open(app, client, desk):
    """A page being rendered (here: a GET request's transaction kept open) does not hold up a
    check-in, which needs the write lock at once."""
    from congress.meetings.models import Meeting

    mid, delegate, secretariat = desk
    token = token_for(client, secretariat)
    with app.test_request_context(f"/meetings/{mid}", method="GET"):
        assert db.session.scalar(select(Meeting.title).where(Meeting.id == mid))
        assert db.session().in_transaction() and _write_lock_is_free(app)
        r = app.test_client().post(f"/api/v1/meetings/{mid}/checkins", headers=bearer(token),
                                   json={"delegate_id": delegate.delegate_id})
        assert r.status_code == 201, r.get_json()
        db.session.rollback()


def test_a_roster_file_is_parsed_and_its_pins_hashed_with_the_lock_free(app, client, desk,
                                                                        watch):
    from congress.people import models, roster

    mid, _delegate, _secretariat = desk
    parsed = watch(roster, "load_workbook")
    r = post_form(client, f"/meetings/{mid}/roster/import",
                  {"file": (io.BytesIO(_xlsx(GOOD)), "roster.xlsx")})
    assert r.status_code == 302 and parsed == [True]
    hashed = watch(models, "generate_password_hash")
    r = post_form(client, r.location, page=r.location)
    assert r.status_code == 200 and "张伟" in r.get_data(as_text=True)
    assert hashed == [True, True]  # one PIN per row, both hashed before the lock


def test_pins_and_passwords_are_hashed_with_the_lock_free(app, client, desk, watch):
    from congress.meetings.models import Meeting
    from congress.people import models
    from congress.people.models import Delegation

    mid, delegate, secretariat = desk
    hashed = watch(models, "generate_password_hash")
    with app.app_context():
        yaohai = db.session.scalar(select(Delegation.id).join(
            Meeting, Meeting.congress_id == Delegation.congress_id).where(
            Meeting.id == mid, Delegation.name == "瑶海区代表团"))
    roster = f"/meetings/{mid}/delegates"
    assert post_form(client, roster, {"name": "新代表", "delegation_id": str(yaohai), "gender": ""}
                     ).status_code == 200
    assert post_form(client, f"{roster}/{delegate.delegate_id}/reset-pin",
                     page=roster).status_code == 200
    assert post_form(client, "/users", {"username": "newchair", "name": "新主持人",
                                        "role": "chair", "unit_id": "0"}).status_code == 200
    headers = bearer(token_for(client, secretariat))
    assert client.post(f"/api/v1/meetings/{mid}/delegates", headers=headers,
                       json={"name": "接口代表", "delegation": "新代表团"}).status_code == 201
    assert client.post("/api/v1/users", headers=headers, json={
        "username": "apichair", "name": "接口主持人", "role": "chair"}).status_code == 201
    assert len(hashed) == 5 and all(hashed), hashed


def test_a_report_is_parsed_and_the_minutes_rendered_with_the_lock_free(app, client, desk,
                                                                        watch):
    from congress.core import pdf

    mid, _delegate, _secretariat = desk
    report = make_docx(*WORK_REPORT)
    parsed = watch(docx, "Document")
    r = post_form(client, f"/meetings/{mid}/reports", {
        "kind": "party_committee", "title": "市委工作报告",
        "file": (io.BytesIO(report), "report.docx")})
    assert r.status_code == 302 and parsed == [True]
    rendered = watch(pdf.HTML, "write_pdf")
    minutes = f"/meetings/{mid}/records/minutes"
    assert post_form(client, f"{minutes}/finalise", page=minutes).status_code == 302
    assert post_form(client, f"/meetings/{mid}/records/files/attendance.pdf",
                     page=f"/meetings/{mid}/records").status_code == 200  # the print log
    assert rendered == [True, True]
    with app.app_context():
        from congress.records.models import MinutesVersion, RecordPrint

        assert db.session.scalar(select(MinutesVersion.number)) == 1
        assert db.session.scalar(select(RecordPrint.document)) == "attendance.pdf"


def test_a_reader_that_flushes_before_end_reading_is_stopped(app, make):
    """The safety net for @reads_first services: writing before end_reading() raises at the
    flush instead of quietly upgrading the reader (which could fail with SQLITE_BUSY)."""
    from congress.core.database import begin_reading, end_reading
    from congress.meetings.models import Meeting

    mid = make.meeting(title="原标题")
    with app.app_context():
        begin_reading()
        db.session.get(Meeting, mid).title = "改过"
        with pytest.raises(RuntimeError, match="end_reading"):
            db.session.flush()
        db.session.rollback()
        begin_reading()
        meeting = db.session.get(Meeting, mid)
        end_reading()
        meeting.title = "改过"
        db.session.commit()  # after end_reading the same change is written
    with app.app_context():
        assert db.session.get(Meeting, mid).title == "改过"
