"""The organisation and congress pages, accounts and units per organisation, the meeting
form's congress, and `flask create-user --organisation`."""
import re

from congress.extensions import db
from tests.helpers import csrf_from, login, post_form
from tests.organisations.conftest import audit_count


def _signed_in(app, account):
    client = app.test_client()
    login(client, account)
    return client


def _password_of(page):
    return re.findall(r'<dd class="mono">([^<]+)</dd>', page)[-1]


def test_a_child_with_its_first_secretariat_who_sees_only_the_child(app, tree, member):
    city_secretariat = member("secretariat", tree.city)
    city = _signed_in(app, city_secretariat)
    page = city.get("/organisation", follow_redirects=True).get_data(as_text=True)
    assert "瑶海区委" in page and "庐阳区委" in page  # its children, by name
    assert "大兴镇党委" not in page  # below the children: the organiser's alone
    before = audit_count(app, "organisation.create")
    r = post_form(city, f"/organisations/{tree.city}/children",
                  {"name": "包河区委", "level": "", "username": "baohe", "user_name": "包河秘书处"},
                  page=f"/organisations/{tree.city}")
    assert r.status_code == 200
    password = _password_of(r.get_data(as_text=True))
    assert audit_count(app, "organisation.create") == before + 1
    first = app.test_client()
    first.post("/login", data={"username": "baohe", "password": password,
                               "csrf_token": csrf_from(first)})
    own = first.get("/organisation", follow_redirects=True)
    assert own.status_code == 200
    text = own.get_data(as_text=True)
    assert "包河区委" in text and "县（市、区）级" in text
    assert first.get(f"/organisations/{tree.city}").status_code == 404
    assert first.get(f"/organisations/{tree.county}").status_code == 404
    users = first.get("/users").get_data(as_text=True)
    assert "baohe" in users and city_secretariat.username not in users
    assert city.get(f"/organisations/{tree.county}").status_code == 404


def test_a_child_with_a_bad_name_is_refused_beside_nothing_made(app, tree, member):
    city = _signed_in(app, member("secretariat", tree.city))
    before = audit_count(app, "organisation.create")
    r = post_form(city, f"/organisations/{tree.city}/children",
                  {"name": "瑶海区委", "level": "", "username": "dup"},
                  page=f"/organisations/{tree.city}")
    assert r.status_code == 302
    assert "瑶海区委" in city.get(r.location).get_data(as_text=True)
    assert audit_count(app, "organisation.create") == before
    assert audit_count(app, "user.create") == 1  # the caller's own account only


def test_the_organiser_sees_the_whole_tree(app, tree, member):
    organiser = _signed_in(app, member("organiser", tree.city))
    page = organiser.get(f"/organisations/{tree.city}").get_data(as_text=True)
    assert "大兴镇党委" in page
    assert organiser.get(f"/organisations/{tree.township}").status_code == 200


def test_a_congress_page_from_the_form(app, tree, member, make):
    county = _signed_in(app, member("secretariat", tree.county))
    r = post_form(county, f"/organisations/{tree.county}/congresses",
                  {"title": "瑶海区第十二次党代会", "ordinal": "12", "elected_on": "2026-01-15",
                   "term_years": "5"}, page=f"/organisations/{tree.county}")
    assert r.status_code == 302
    page = county.get(r.location).get_data(as_text=True)
    assert "瑶海区第十二次党代会" in page and "2031-01-15" in page
    sibling = _signed_in(app, member("secretariat", tree.sibling))
    assert sibling.get(r.location).status_code == 404
    bad = post_form(county, f"/organisations/{tree.county}/congresses",
                    {"title": "x", "elected_on": "2026-01-15", "term_years": "0"},
                    page=f"/organisations/{tree.county}")
    assert bad.status_code == 422
    assert audit_count(app, "congress.create") == 1


def test_the_meeting_form_offers_the_organisations_congresses(app, tree, member):
    county = _signed_in(app, member("secretariat", tree.county))
    made = post_form(county, f"/organisations/{tree.county}/congresses",
                     {"title": "瑶海区第十二次党代会", "elected_on": "2026-01-15",
                      "term_years": "5"}, page=f"/organisations/{tree.county}")
    cid = int(made.location.rsplit("/", 1)[1])
    form = county.get("/meetings/new").get_data(as_text=True)
    assert "瑶海区第十二次党代会" in form and "单独一届党代会" in form
    r = post_form(county, "/meetings/new", {"title": "二〇二七年年会", "year": "2027",
                                            "starts_on": "2027-03-01", "quorum_ratio": "0.5",
                                            "min_signers": "10", "congress_id": str(cid)})
    assert r.status_code == 302, r.get_data(as_text=True)[:500]
    assert "二〇二七年年会" in county.get(f"/congresses/{cid}").get_data(as_text=True)
    from congress.meetings.models import Meeting

    with app.app_context():
        meeting = db.session.scalar(db.select(Meeting).where(Meeting.title == "二〇二七年年会"))
        assert (meeting.congress_id, meeting.organisation_id) == (cid, tree.county)


def test_accounts_and_units_pages_are_per_organisation(app, tree, member):
    city_chair = member("chair", tree.city, username="citychair")
    member("unit", tree.city, username="cityunit", unit_name="市财政局")
    member("chair", tree.county, username="countychair")
    member("unit", tree.county, username="countyunit", unit_name="区财政局")
    county = _signed_in(app, member("secretariat", tree.county))
    users = county.get("/users").get_data(as_text=True)
    assert "countychair" in users and "citychair" not in users
    units = county.get("/units").get_data(as_text=True)
    assert "区财政局" in units and "市财政局" not in units
    city = _signed_in(app, member("secretariat", tree.city))
    users = city.get("/users").get_data(as_text=True)
    assert "citychair" in users and "countychair" not in users
    assert "区财政局" not in city.get("/units").get_data(as_text=True)
    # another organisation's account is not found
    assert post_form(county, f"/users/{city_chair.id}/disable", {},
                     page="/users").status_code == 404


def test_a_parent_secretariat_picks_a_child_for_a_new_account(app, tree, member):
    city = _signed_in(app, member("secretariat", tree.city))
    page = city.get("/users").get_data(as_text=True)
    assert "瑶海区委" in page and "大兴镇党委" not in page
    r = post_form(city, "/users", {"username": "yhmishu", "name": "瑶海秘书处",
                                   "role": "secretariat", "unit_id": "0",
                                   "organisation_id": str(tree.county)})
    assert r.status_code == 200
    from congress.people.models import User

    with app.app_context():
        made = db.session.scalar(db.select(User).where(User.username == "yhmishu"))
        assert made.organisation_id == tree.county
    county = _signed_in(app, member("secretariat", tree.county))
    refused = post_form(county, "/users", {"username": "sneak", "name": "x", "role": "chair",
                                           "unit_id": "0", "organisation_id": str(tree.city)})
    assert refused.status_code == 302
    with app.app_context():
        assert db.session.scalar(db.select(User).where(User.username == "sneak")) is None


def test_the_staff_nav_links_to_the_organisation(app, tree, member):
    chair = _signed_in(app, member("chair", tree.county))
    assert 'href="/organisation"' in chair.get("/meetings/").get_data(as_text=True)


def test_create_user_goes_into_the_named_root_organisation(app):
    from congress.organisations.models import Organisation
    from congress.people.models import User

    runner = app.test_cli_runner()
    plain = runner.invoke(args=["create-user", "plain", "--role", "chair"],
                          input="long-password\n")
    assert plain.exit_code == 0, plain.output
    first = runner.invoke(args=["create-user", "hfmishu", "--role", "secretariat",
                                "--organisation", "中共合肥市委"], input="long-password\n")
    assert first.exit_code == 0, first.output
    again = runner.invoke(args=["create-user", "hfzzb", "--role", "organiser",
                                "--organisation", "中共合肥市委"], input="long-password\n")
    assert again.exit_code == 0, again.output
    with app.app_context():
        roots = db.session.scalars(db.select(Organisation).where(
            Organisation.name == "中共合肥市委")).all()
        assert len(roots) == 1 and roots[0].parent_id is None
        accounts = {u.username: u.organisation_id for u in db.session.scalars(db.select(User))}
        assert accounts["hfmishu"] == accounts["hfzzb"] == roots[0].id
        first_root = db.session.scalar(db.select(Organisation.id).where(
            Organisation.parent_id.is_(None)).order_by(Organisation.id).limit(1))
        assert accounts["plain"] == first_root != roots[0].id
    assert "中共合肥市委" in first.output
