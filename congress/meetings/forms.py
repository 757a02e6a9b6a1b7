from decimal import Decimal

from flask import request
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    DateTimeLocalField,
    DecimalField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from congress.core.forms import choices
from congress.core.time import from_local, to_local
from congress.meetings.models import AGENDA_KIND_TITLES
from congress.meetings.settings import SETTINGS


class RatioField(DecimalField):
    """A ratio as typed: 0.5, not the column's 0.5000. Compared as a Decimal (a float bound
    such as 0.99 is below Decimal("0.99") and refused it)."""

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        if isinstance(self.data, Decimal):
            return format(self.data.normalize(), "f")
        return super()._value()


class MeetingForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    year = IntegerField(_l("Year"), validators=[DataRequired(), NumberRange(2000, 2100)])
    starts_on = DateField(_l("First day"), validators=[Optional()])
    ends_on = DateField(_l("Last day"), validators=[Optional()])
    venue = StringField(_l("Venue"), validators=[Optional(), Length(max=200)])
    quorum_ratio = RatioField(
        _l("Quorum ratio (present must exceed due × ratio)"), default=Decimal("0.5"),
        validators=[DataRequired(), NumberRange(
            Decimal("0.0001"), Decimal("0.9999"),  # the service's rule: 0 < ratio < 1
            message=_l("Must be greater than 0 and less than 1, such as 0.5."))])
    min_signers = IntegerField(_l("Minimum signers of a proposal"), default=10,
                               validators=[DataRequired(), NumberRange(1, 1000)])
    proposal_deadline = DateTimeLocalField(_l("Proposal deadline (local time)"),
                                           format="%Y-%m-%dT%H:%M", validators=[Optional()])

    @classmethod
    def for_meeting(cls, meeting):
        """The form filled from `meeting` (the deadline shown in local time)."""
        form = cls(obj=meeting)
        if not form.is_submitted():
            form.proposal_deadline.data = to_local(meeting.proposal_deadline)
        return form

    def values(self):
        """The meeting service's keyword arguments."""
        return {"title": self.title.data, "year": self.year.data,
                "starts_on": self.starts_on.data, "ends_on": self.ends_on.data,
                "venue": self.venue.data or None, "quorum_ratio": self.quorum_ratio.data,
                "min_signers": self.min_signers.data,
                "proposal_deadline": from_local(self.proposal_deadline.data)}


class NewMeetingForm(MeetingForm):
    """A new meeting: also the congress it is an annual meeting of (0: one of its own, named
    from its title, as before congresses existed)."""
    congress_id = SelectField(_l("Congress"), coerce=int, default=0)

    def offer(self, congresses):
        self.congress_id.choices = choices(
            [(0, _l("A congress of its own"))] + [(c.id, c.title) for c in congresses])
        return self


class AgendaItemForm(FlaskForm):
    kind = SelectField(_l("Type"), choices=choices((k.value, t)
                                                   for k, t in AGENDA_KIND_TITLES.items()))
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    starts_at = DateTimeLocalField(_l("Starts (local time)"), format="%Y-%m-%dT%H:%M",
                                   validators=[Optional()])
    notes = TextAreaField(_l("Notes"), validators=[Optional(), Length(max=2000)])

    def values(self):
        return {"kind": self.kind.data, "title": self.title.data,
                "starts_at": from_local(self.starts_at.data), "notes": self.notes.data}


class CheckInCodeForm(FlaskForm):
    code = StringField(_l("Card code or username"), validators=[DataRequired(), Length(max=500)])


def _setting_range(setting):
    if setting.maximum is None:
        return NumberRange(min=setting.minimum, message=_l("Must be at least %(min)s."))
    return NumberRange(min=setting.minimum, max=setting.maximum,
                       message=_l("Must be from %(min)s to %(max)s."))


def settings_form(meeting):
    """A form with one field per runtime setting (SETTINGS), filled from the meeting's values
    on a GET; lists are edited one item per line."""
    fields = {}
    for setting in SETTINGS:
        if setting.kind is list:
            fields[setting.key] = TextAreaField(setting.label, validators=[DataRequired()])
        else:
            # InputRequired, not DataRequired: 0 is typed, and out of range (not "required")
            fields[setting.key] = IntegerField(setting.label, validators=[
                InputRequired(), _setting_range(setting)])
    form_class = type("SettingsForm", (FlaskForm,), fields)
    shown = None if request.method == "POST" else {
        key: "\n".join(value) if isinstance(value, list) else value
        for key, value in meeting.options.items()}
    return form_class(data=shown)


def settings_changes(form):
    """The submitted settings, lists split into lines, for services.update_settings."""
    return {s.key: (form[s.key].data.splitlines() if s.kind is list else form[s.key].data)
            for s in SETTINGS}
