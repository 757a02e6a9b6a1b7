from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateTimeLocalField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from congress.core.forms import choices
from congress.studios.models import (
    CATEGORY_LENGTH,
    CHANNEL_TITLES,
    CONTACT_LENGTH,
    NAME_LENGTH,
    RATING_TITLES,
    TEXT_LENGTH,
    Channel,
)

# the public form's own, shorter limit: a resident's matter fits on a phone screen
PUBLIC_TEXT_LENGTH = 2000


class StudioForm(FlaskForm):
    name = StringField(_l("Studio name"), validators=[DataRequired(), Length(max=200)])
    address = StringField(_l("Address"), validators=[Optional(), Length(max=300)])
    reception_hours = StringField(_l("Reception hours"),
                                  validators=[Optional(), Length(max=200)])

    def values(self):
        return {"name": self.name.data, "address": self.address.data,
                "reception_hours": self.reception_hours.data}


class DutyForm(FlaskForm):
    delegate_id = SelectField(_l("Delegate"), coerce=int, validators=[DataRequired()])
    starts_at = DateTimeLocalField(_l("From"), format="%Y-%m-%dT%H:%M",
                                   validators=[DataRequired()])
    ends_at = DateTimeLocalField(_l("Until"), format="%Y-%m-%dT%H:%M",
                                 validators=[DataRequired()])


class ConcernForm(FlaskForm):
    channel = SelectField(_l("Channel"), choices=choices(
        [(c.value, CHANNEL_TITLES[c]) for c in Channel if c != Channel.online]))
    category = StringField(_l("Category"), validators=[Optional(), Length(max=CATEGORY_LENGTH)])
    text = TextAreaField(_l("The matter"), validators=[DataRequired(),
                                                       Length(max=TEXT_LENGTH)])
    resident_name = StringField(_l("Resident's name"),
                                validators=[Optional(), Length(max=NAME_LENGTH)])
    contact = StringField(_l("Phone or other contact"),
                          validators=[Optional(), Length(max=CONTACT_LENGTH)])


class PublicConcernForm(FlaskForm):
    studio_id = SelectField(_l("Studio"), coerce=int,
                            validators=[DataRequired(_l("Please choose a studio."))])
    text = TextAreaField(_l("Your matter"), validators=[
        DataRequired(_l("Please write your matter.")),
        Length(max=PUBLIC_TEXT_LENGTH,
               message=_l("At most %(max)d characters, please.", max=PUBLIC_TEXT_LENGTH))])
    resident_name = StringField(_l("Your name (optional)"), validators=[
        Optional(), Length(max=NAME_LENGTH, message=_l("At most %(max)d characters, please.",
                                                       max=NAME_LENGTH))])
    contact = StringField(_l("Your phone (optional)"), validators=[
        Optional(), Length(max=30, message=_l("At most %(max)d characters, please.", max=30))])


class TextForm(FlaskForm):
    text = TextAreaField(_l("Text"), validators=[DataRequired(), Length(max=TEXT_LENGTH)])


class ReferralForm(FlaskForm):
    unit_id = SelectField(_l("Handling unit"), coerce=int, validators=[DataRequired()])
    note = TextAreaField(_l("Note to the unit"), validators=[Optional(),
                                                             Length(max=TEXT_LENGTH)])


class FeedbackForm(FlaskForm):
    rating = SelectField(_l("The resident's satisfaction"), choices=choices(
        [(r.value, t) for r, t in RATING_TITLES.items()]))
