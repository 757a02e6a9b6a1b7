"""The register of concerns, a job of the organisation: the resident's name and contact only
for the secretariat who asks for them; the file is its creator's and the secretariat's, and
another organisation's job is not found."""
import io
from datetime import timedelta

import pytest
from openpyxl import load_workbook

from congress.extensions import db
from tests.helpers import export_by_job, login, run_queued_jobs
from tests.studios.test_concerns_api import take


def _sheet(response):
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.data)).active.iter_rows(values_only=True))
    return rows[0], rows[1:]


def _register(app, client, personal):
    oid = _oid(client)
    return export_by_job(app, client, f"/organisations/{oid}/concerns/register",
                         {"personal": personal}, page=f"/organisations/{oid}/studios")


@pytest.mark.parametrize(("who", "personal", "shown"), [
    ("secretariat", "1", True),
    ("secretariat", "", False),     # not asked: left out
    ("chair", "1", False),          # asked, but not the secretariat
])
def test_personal_data_in_the_export(app, client, world, who, personal, shown):
    take(client, world)
    login(client, getattr(world, who))
    header, rows = _sheet(_register(app, client, personal))
    assert ("群众姓名" in header) is shown
    assert [r[4] for r in rows] == ["小区外楼梯湿滑，老人容易摔倒。"]
    cells = [str(v) for r in rows for v in r]
    assert ("张三" in cells and "13812341234" in cells) is shown
    assert not any("1381234" in c for c in cells) or shown


def test_the_register_is_written_a_part_at_a_time_in_the_order_of_the_list(
        app, client, world, monkeypatch):
    """More concerns than one part holds: every row once, newest first, as the list shows
    them; the job's progress went out on the organisation's stream."""
    from congress.core.live import Event
    from congress.studios import records

    monkeypatch.setattr(records, "READ_PART", 2)
    from congress.studios.models import Concern

    start = None
    for n in range(5):
        take(client, world)
        with app.app_context():  # a minute apart, in the order taken
            row = db.session.scalars(db.select(Concern).order_by(Concern.id.desc())).first()
            start = start or row.received_at
            row.text = f"第{n}件"
            row.received_at = start + timedelta(minutes=n)
            db.session.commit()
    login(client, world.secretariat)
    _header, rows = _sheet(_register(app, client, ""))
    assert [r[4] for r in rows] == [f"第{n}件" for n in (4, 3, 2, 1, 0)]
    with app.app_context():
        progress = [e.data["progress"] for e in db.session.scalars(
            db.select(Event).where(Event.type == "job").order_by(Event.id))
            if e.data["status"] == "running"]
        assert all(e.organisation_id is not None and e.meeting_id is None for e in
                   db.session.scalars(db.select(Event).where(Event.type == "job")))
    assert progress[0] == 0 and progress[1:] == sorted(progress[1:]) and len(progress) >= 3


def test_the_file_is_its_creators_and_the_secretariats(app, client, world):
    """The chair's register is the chair's and the secretariat's: a unit of the same
    organisation is refused, another organisation's secretariat does not find it."""
    from congress.core.jobs import Job
    from congress.organisations.services import create_organisation, root_organisation
    from congress.people.services import create_user
    from tests.conftest import PASSWORD, Account

    take(client, world)
    login(client, world.chair)
    assert _register(app, client, "").status_code == 200
    with app.app_context():
        job_id = db.session.scalar(db.select(Job.id))
        other = create_organisation(None, name="另一县委", parent=root_organisation(),
                                    level="county")
        user, _ = create_user(None, username="other-secretariat", name="另一县秘书处",
                              role="secretariat", password=PASSWORD, organisation=other)
        db.session.commit()
        outsider = Account(user.id, user.username, PASSWORD, "secretariat")
    url = f"/api/v1/jobs/{job_id}/result"
    login(client, world.secretariat)
    assert client.get(url).status_code == 200
    login(client, world.unit_user)
    assert client.get(url).status_code == 403
    login(client, outsider)
    answer = client.get(url)
    assert answer.status_code == 404 and answer.get_json()["error"]["code"] == "not_found"
    assert run_queued_jobs(app) == 0


def _oid(client):
    return client.get("/organisation").headers["Location"].rstrip("/").split("/")[-1]


def test_the_register_through_the_api(app, client, world):
    """202 with the job and its address; done after a worker ran it; the file is the XLSX.
    A body that is not a choice is refused (422) and queues nothing."""
    from congress.core.jobs import Job
    from tests.helpers import bearer, token_for

    take(client, world)
    headers = bearer(token_for(client, world.secretariat))
    oid = _oid_of(client, headers)
    url = f"/api/v1/organisations/{oid}/concerns/register"
    refused = client.post(url, json={"personal": "perhaps"}, headers=headers)
    assert refused.status_code == 422 and "error" in refused.get_json()
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Job.id))) == 0
    answer = client.post(url, json={}, headers=headers)
    assert answer.status_code == 202
    job = answer.get_json()["job"]
    assert answer.headers["Location"] == f"/api/v1/jobs/{job['id']}"
    assert (job["kind"], job["status"]) == ("concern_register", "queued")
    assert run_queued_jobs(app) == 1
    done = client.get(f"/api/v1/jobs/{job['id']}", headers=headers).get_json()
    assert done["status"] == "done" and done["progress"] == 1
    header, rows = _sheet(client.get(done["result_url"], headers=headers))
    assert "群众姓名" not in header and len(rows) == 1


def _oid_of(client, headers):
    return client.get("/api/v1/organisations", headers=headers).get_json()[
        "organisations"][0]["id"]
