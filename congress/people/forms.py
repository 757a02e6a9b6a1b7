from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import BooleanField, DateField, PasswordField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from congress.core.auth import ROLE_TITLES, Role
from congress.core.forms import choices


class LoginForm(FlaskForm):
    username = StringField(_l("Username"), validators=[DataRequired(), Length(max=64)])
    password = PasswordField(_l("Password or PIN"), validators=[DataRequired(), Length(max=128)])

class DelegateForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=100)])
    delegation_id = SelectField(_l("Delegation"), coerce=int)
    gender = SelectField(_l("Gender"), choices=choices([("", "—"), ("male", _l("Male")),
                                                        ("female", _l("Female"))]))
    work_unit = StringField(_l("Work unit"), validators=[Optional(), Length(max=200)])
    job_title = StringField(_l("Position"), validators=[Optional(), Length(max=200)])
    seat = StringField(_l("Seat"), validators=[Optional(), Length(max=32)])
    is_grassroots = BooleanField(_l("Grassroots delegate"))
    # a delegate added later (by-election, 补选): from that day; empty: the election day
    active_from = DateField(_l("Delegate from (by-election)"), validators=[Optional()])


class DelegateEditForm(FlaskForm):
    """Edit a delegate of the term (the term's dates change only by termination)."""

    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=100)])
    delegation_id = SelectField(_l("Delegation"), coerce=int)
    group = StringField(_l("Delegate group"), validators=[Optional(), Length(max=100)])
    gender = SelectField(_l("Gender"), choices=choices([("", "—"), ("male", _l("Male")),
                                                        ("female", _l("Female"))]))
    work_unit = StringField(_l("Work unit"), validators=[Optional(), Length(max=200)])
    job_title = StringField(_l("Position"), validators=[Optional(), Length(max=200)])
    seat = StringField(_l("Seat"), validators=[Optional(), Length(max=32)])
    is_grassroots = BooleanField(_l("Grassroots delegate"))


class TerminationForm(FlaskForm):
    """End a delegate's qualification (终止代表资格)."""

    on = DateField(_l("From (date)"), validators=[DataRequired()])
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(), Length(max=500)])


class SeatForm(FlaskForm):
    """A delegate's seat at one meeting (empty: the seat of the term)."""

    seat = StringField(_l("Seat at this meeting"), validators=[Optional(), Length(max=32)])


class DelegationForm(FlaskForm):
    name = StringField(_l("Delegation name"), validators=[DataRequired(), Length(max=100)])


class RosterUploadForm(FlaskForm):
    file = FileField(_l("Roster file (.xlsx or .csv)"), validators=[
        FileRequired(), FileAllowed(["xlsx", "csv"], _l("Upload a .xlsx or .csv file."))])
    create_delegations = BooleanField(_l("Create missing delegations"))


class UserForm(FlaskForm):
    username = StringField(_l("Username"), validators=[DataRequired(), Length(max=64)])
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=100)])
    role = SelectField(_l("Role"), choices=choices((r.value, t) for r, t in ROLE_TITLES.items()
                                                   if r is not Role.delegate))
    unit_id = SelectField(_l("Handling unit (for unit accounts)"), coerce=int)
    organisation_id = SelectField(_l("Organisation"), coerce=int)


class UnitForm(FlaskForm):
    name = StringField(_l("Unit name"), validators=[DataRequired(), Length(max=200)])
