"""Issue 18 point 11: the quorum ratio's rule and message agree (0.99 is accepted), the form
shows 0.5 (not 0.5000), and a setting's minimum is itself allowed ("at least", not "greater")."""
from decimal import Decimal

from flask_babel import force_locale

from congress.meetings.forms import MeetingForm

BASE = {"title": "年会", "year": "2026", "min_signers": "10"}


def _form(app, **data):
    with app.test_request_context(method="POST", data={**BASE, **data}):
        form = MeetingForm(meta={"csrf": False})
        valid = form.validate()
        return valid, form.quorum_ratio.errors, form.quorum_ratio._value()


def test_a_ratio_of_0_99_is_accepted_and_1_refused_in_chinese(app):
    assert _form(app, quorum_ratio="0.99")[0]
    assert _form(app, quorum_ratio="0.0001")[0]
    with force_locale("zh_CN"):
        valid, errors, _ = _form(app, quorum_ratio="1")
    assert not valid and errors == ["须大于0且小于1，例如0.5。"]


def test_the_form_shows_the_ratio_as_typed(app):
    with app.test_request_context():
        form = MeetingForm(meta={"csrf": False}, data={"quorum_ratio": Decimal("0.5000")})
        assert form.quorum_ratio._value() == "0.5"


def test_a_settings_minimum_is_allowed_and_named_at_least(app):
    from types import SimpleNamespace

    from congress.meetings.forms import settings_form
    from congress.meetings.settings import SETTINGS

    data = {s.key: ("一\n二" if s.kind is list else str(s.minimum)) for s in SETTINGS}
    meeting = SimpleNamespace(options={})
    with app.test_request_context(method="POST", data=data), force_locale("zh_CN"):
        form = settings_form(meeting)
        del form.csrf_token
        assert form.validate(), form.errors
    data["report_seconds"] = "29"
    with app.test_request_context(method="POST", data=data), force_locale("zh_CN"):
        form = settings_form(meeting)
        del form.csrf_token
        assert not form.validate()
        assert form.report_seconds.errors == ["不能小于30。"]


def test_a_settings_maximum_is_allowed_and_named_with_the_range(app):
    """The projectors in the hall: 1 to 8; 8 is allowed, 9 and 0 are refused with the range,
    in the form and in the service (which the page calls)."""
    from types import SimpleNamespace

    import pytest

    from congress.core.errors import Invalid
    from congress.meetings.forms import settings_form
    from congress.meetings.services import update_settings
    from congress.meetings.settings import SETTINGS

    data = {s.key: ("一\n二" if s.kind is list else str(s.minimum)) for s in SETTINGS}
    meeting = SimpleNamespace(options={})
    for value, errors in (("8", []), ("9", ["须在1到8之间。"]), ("0", ["须在1到8之间。"])):
        with app.test_request_context(method="POST", data=data | {"projector_screens": value}), \
                force_locale("zh_CN"):
            form = settings_form(meeting)
            del form.csrf_token
            assert form.validate() is (not errors)
            assert form.projector_screens.errors == errors
    with app.app_context(), force_locale("zh_CN"):
        with pytest.raises(Invalid) as refused:
            update_settings(None, SimpleNamespace(settings={}), {"projector_screens": 9})
        assert refused.value.field == "projector_screens" and "1到8" in refused.value.message
