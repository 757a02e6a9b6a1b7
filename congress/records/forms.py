from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from congress.core.forms import choices
from congress.records.models import Placement


class MinutesHeaderForm(FlaskForm):
    chair = StringField(_l("Chair"), validators=[Optional(), Length(max=200)])
    recorder = StringField(_l("Recorder"), validators=[Optional(), Length(max=100)])
    non_voting = TextAreaField(_l("Attending without vote (one per line)"),
                               validators=[Optional(), Length(max=5000)])


class MinutesSectionForm(FlaskForm):
    heading = StringField(_l("Heading"), validators=[DataRequired(), Length(max=100)])
    placement = SelectField(_l("Place in the minutes"),
                            choices=choices((p.value, p.title) for p in Placement))
    body = TextAreaField(_l("Text (one paragraph per line)"),
                         validators=[Optional(), Length(max=20_000)])
    remove = BooleanField(_l("Delete this section when saving"))

    def is_blank(self):
        """The editor's "add a section" fields left empty: nothing to add."""
        return not (self.heading.data or "").strip() and not (self.body.data or "").strip()

    def section_data(self):
        return {"heading": self.heading.data, "body": self.body.data,
                "placement": self.placement.data}
