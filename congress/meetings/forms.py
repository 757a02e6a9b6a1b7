from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (DateField, DateTimeLocalField, DecimalField, IntegerField, SelectField,
                     StringField, TextAreaField)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from congress.core.forms import choices
from congress.meetings.models import AGENDA_KIND_TITLES


class MeetingForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    year = IntegerField(_l("Year"), validators=[DataRequired(), NumberRange(2000, 2100)])
    starts_on = DateField(_l("First day"), validators=[Optional()])
    ends_on = DateField(_l("Last day"), validators=[Optional()])
    venue = StringField(_l("Venue"), validators=[Optional(), Length(max=200)])
    quorum_ratio = DecimalField(_l("Quorum ratio (present must exceed due × ratio)"), places=4,
                                default=0.5, validators=[DataRequired(), NumberRange(0.01, 0.99)])
    min_signers = IntegerField(_l("Minimum signers of a proposal"), default=10,
                               validators=[DataRequired(), NumberRange(1, 1000)])
    proposal_deadline = DateTimeLocalField(_l("Proposal deadline (local time)"),
                                           format="%Y-%m-%dT%H:%M", validators=[Optional()])


class AgendaItemForm(FlaskForm):
    kind = SelectField(_l("Type"), choices=choices((k.value, t)
                                                   for k, t in AGENDA_KIND_TITLES.items()))
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    starts_at = DateTimeLocalField(_l("Starts (local time)"), format="%Y-%m-%dT%H:%M",
                                   validators=[Optional()])
    notes = TextAreaField(_l("Notes"), validators=[Optional(), Length(max=2000)])


class CheckInCodeForm(FlaskForm):
    code = StringField(_l("Card code or username"), validators=[DataRequired(), Length(max=500)])
