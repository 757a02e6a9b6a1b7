"""The roster import of the term: it adds new delegates of the congress and updates those
already of it (same name, same delegation), and creates missing delegations when asked."""
import io

from sqlalchemy import select

from congress.extensions import db
from congress.people.models import Delegate, Delegation
from tests.helpers import english, login, post_form

ROWS = ("姓名,代表团,工作单位,职务,座位,基层代表\n"
        "王芳,瑶海区代表团,瑶海区教育局,局长,C-07,是\n"
        "新代表,瑶海区代表团,,,,否\n"
        "县里代表,肥东县代表团,肥东县政府,,,否\n").encode()


def _upload(client, mid, create_delegations):
    data = {"file": (io.BytesIO(ROWS), "roster.csv")}
    if create_delegations:
        data["create_delegations"] = "y"
    return post_form(client, f"/meetings/{mid}/roster/import", data)


def _setup(client, make):
    mid = make.meeting()
    make.delegate(mid, name="王芳", delegation="瑶海区代表团", work_unit="旧单位", seat="A-1")
    login(client, make.user("secretariat"))
    english(client)
    return mid


def test_without_the_box_an_unknown_delegation_is_a_problem(app, client, make):
    mid = _setup(client, make)
    r = _upload(client, mid, create_delegations=False)
    preview = client.get(r.location).get_data(as_text=True)
    assert "1 of 3 rows have problems" in preview
    assert "unknown delegation 肥东县代表团" in preview


def test_import_updates_adds_and_creates_delegations(app, client, make):
    mid = _setup(client, make)
    r = _upload(client, mid, create_delegations=True)
    assert "create_delegations=1" in r.location
    preview = client.get(r.location).get_data(as_text=True)
    assert "All 3 rows are fine" in preview
    assert "2 delegates will be added and 1 updated" in preview
    assert "New delegations: 肥东县代表团" in preview
    assert preview.count(">Update<") == 1 and "new delegation" in preview
    r = post_form(client, r.location, {"adds": 2, "updates": 1, "delegation": "肥东县代表团",
                                       "create_delegations": "1"})
    assert r.status_code == 200, r.get_data(as_text=True)[:300]
    page = r.get_data(as_text=True)
    assert "2 delegates added, 1 updated" in page
    assert "新代表" in page and "县里代表" in page  # the new logins, shown once
    with app.app_context():
        wang = db.session.scalar(select(Delegate).where(Delegate.name == "王芳"))
        assert (wang.work_unit, wang.job_title, wang.seat, wang.is_grassroots) == \
            ("瑶海区教育局", "局长", "C-07", True)
        assert db.session.scalar(select(Delegation.id).where(Delegation.name == "肥东县代表团"))
        assert len(db.session.scalars(select(Delegate)).all()) == 3
    with app.app_context():
        from congress.core.audit import AuditEntry
        actions = [e.action for e in db.session.scalars(select(AuditEntry))]
        assert actions.count("delegate.update") == 1 and "delegation.create" in actions
