from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, SelectField, StringField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from congress.core.forms import choices
from congress.organisations.models import LEVEL_TITLES


class ChildOrganisationForm(FlaskForm):
    """A child organisation and its first secretariat account."""
    name = StringField(_l("Organisation name"), validators=[DataRequired(), Length(max=100)])
    level = SelectField(_l("Level"), choices=choices(
        [("", _l("The level below"))] + [(level.value, title)
                                         for level, title in LEVEL_TITLES.items()]))
    username = StringField(_l("Username of its secretariat"),
                           validators=[DataRequired(), Length(max=64)])
    user_name = StringField(_l("Name of its secretariat"),
                            validators=[Optional(), Length(max=100)])

    def values(self):
        return {"name": self.name.data, "level": self.level.data or None,
                "username": self.username.data, "user_name": self.user_name.data or ""}


class CongressForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    ordinal = IntegerField(_l("Ordinal (e.g. 12 for the twelfth)"),
                           validators=[Optional(), NumberRange(1, 1000)])
    elected_on = DateField(_l("Election day"), validators=[DataRequired()])
    term_years = IntegerField(_l("Term in years"), default=5,
                              validators=[DataRequired(), NumberRange(1, 10)])

    def values(self):
        return {"title": self.title.data, "ordinal": self.ordinal.data,
                "elected_on": self.elected_on.data, "term_years": self.term_years.data}
