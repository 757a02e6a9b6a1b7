"""Issue 18 point 10 (and point 9's add form): names from Word are normalised on import and on
the add form, the import preview shows 工作单位/职务 and offers a new upload, the one-time PIN
page has a print button, and a mistake in the add form is shown beside its field."""
import io

import pytest
from sqlalchemy import select

from congress.extensions import db
from congress.people.delegates import normalise_name
from congress.people.models import Delegate
from tests.helpers import csrf_from, login, post_form
from tests.people.test_roster import HEADER, _upload, _xlsx


@pytest.mark.parametrize("typed, kept", [
    ("王\u3000芳", "王芳"),                    # full-width space aligning a two-character name
    ("\u3000张伟\u3000", "张伟"),
    ("李\u00a0\u00a0娜\u200b", "李娜"),         # no-break and zero-width spaces from Word
    ("阿依古丽·买买提", "阿依古丽·买买提"),
    ("  John\u3000\u3000Smith ", "John Smith"),  # a space between Latin words stays, once
    ("\u3000\u2003", ""),
])
def test_names_are_stripped_and_collapsed(typed, kept):
    assert normalise_name(typed) == kept


@pytest.fixture
def setup(client, make):
    mid = make.meeting()
    delegation = make.delegation(mid, "瑶海区代表团")
    login(client, make.user("secretariat"))
    return mid, delegation


def _names(app):
    with app.app_context():
        return sorted(db.session.scalars(select(Delegate.name)).all())


def test_import_normalises_names_and_the_preview_shows_unit_and_post(app, client, setup):
    mid, _ = setup
    r = _upload(client, mid, "roster.xlsx", _xlsx([
        HEADER,
        ["王\u3000芳\u3000", "瑶海区代表团", "女", "瑶海区红光街道", "党工委书记", "A-01", "否"]]))
    assert r.status_code == 302
    page = client.get(r.location).get_data(as_text=True)
    assert "王芳" in page and "王\u3000芳" not in page
    assert "瑶海区红光街道" in page and "党工委书记" in page
    assert "工作单位" in page and "职务" in page
    # not a dead end: the preview carries a new upload to the import route
    assert 'data-testid="upload-again"' in page
    assert f'action="/meetings/{mid}/roster/import"' in page and 'type="file"' in page
    assert post_form(client, r.location, {"adds": "1", "updates": "0"}).status_code in (200, 302)
    assert _names(app) == ["王芳"]


def test_a_corrected_file_is_uploaded_from_the_preview(app, client, setup):
    mid, _ = setup
    bad = _upload(client, mid, "roster.xlsx", _xlsx([HEADER, ["", "瑶海区代表团"]]))
    preview = client.get(bad.location).get_data(as_text=True)
    assert 'data-testid="upload-again"' in preview
    token = csrf_from(client, bad.location)  # the token of the preview's own upload form
    again = client.post(f"/meetings/{mid}/roster/import", data={
        "csrf_token": token,
        "file": (io.BytesIO(_xlsx([HEADER, ["张伟", "瑶海区代表团"]])), "fixed.xlsx")})
    assert again.status_code == 302 and again.location != bad.location
    assert "张伟" in client.get(again.location).get_data(as_text=True)


def test_the_add_form_normalises_the_name_and_the_pin_page_prints(app, client, setup):
    mid, delegation = setup
    url = f"/meetings/{mid}/delegates"
    r = post_form(client, url, {"name": "\u3000赵\u3000晓东 ", "delegation_id": str(delegation),
                                "gender": ""},
                  page=url)
    page = r.get_data(as_text=True)
    import re
    assert r.status_code == 200, re.findall(r"(?:alert|flash)[^>]*>([^<]*)<", page)
    assert "赵晓东" in page
    assert 'data-print' in page and "js/print.js" in page
    assert _names(app) == ["赵晓东"]


def test_an_empty_name_is_shown_beside_the_field_not_as_a_redirect(app, client, setup):
    mid, delegation = setup
    url = f"/meetings/{mid}/delegates"
    r = post_form(client, url, {"name": "\u3000", "delegation_id": str(delegation), "gender": "",
                                "work_unit": "瑶海区红光街道"}, page=url)
    page = r.get_data(as_text=True)
    assert r.status_code == 422
    assert 'class="field  has-error"' in page or "has-error" in page
    assert 'value="瑶海区红光街道"' in page  # what was typed is kept
    assert _names(app) == []


def test_a_required_field_reads_the_same_as_the_services_message(client, setup):
    """One wording for an empty required field (issue 18 point 9): WTForms' own message is
    worded by our catalogue, as the services' "name: must not be empty" is."""
    mid, delegation = setup
    url = f"/meetings/{mid}/delegates"
    client.get("/locale/zh_CN")
    r = post_form(client, url, {"name": "", "delegation_id": str(delegation), "gender": ""},
                  page=url)
    page = r.get_data(as_text=True)
    assert r.status_code == 422
    assert '<span class="error" role="alert">不能为空</span>' in page
    assert "该字段是必填字段" not in page
