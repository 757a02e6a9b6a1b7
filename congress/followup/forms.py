from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, TextAreaField
from wtforms.validators import AnyOf, Length, NumberRange, Optional

from congress.followup.models import NOTE_LENGTH


class FollowUpForm(FlaskForm):
    note = TextAreaField(_l("Note to those who must act"),
                         validators=[Optional(), Length(max=NOTE_LENGTH)])


class CiteForm(FlaskForm):
    """One concern or one activity to cite or to remove."""

    concern_id = IntegerField(validators=[Optional(), NumberRange(min=1, max=2**31 - 1)])
    activity_id = IntegerField(validators=[Optional(), NumberRange(min=1, max=2**31 - 1)])
    action = HiddenField(validators=[AnyOf(("cite", "uncite"))], default="cite")
