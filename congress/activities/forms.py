from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from congress.activities.models import (
    CONTACT_TITLES,
    KIND_TITLES,
    NAME_LENGTH,
    NOTE_LENGTH,
    PHONE_LENGTH,
    PLACE_LENGTH,
    TITLE_LENGTH,
)
from congress.core.forms import choices


class ActivityForm(FlaskForm):
    kind = SelectField(_l("Kind"), choices=choices(
        [(kind.value, title) for kind, title in KIND_TITLES.items()]))
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=TITLE_LENGTH)])
    on = DateField(_l("Date"), validators=[DataRequired()])
    place = StringField(_l("Place"), validators=[Optional(), Length(max=PLACE_LENGTH)])
    delegate_ids = SelectMultipleField(_l("Delegates who took part"), coerce=int,
                                       validators=[DataRequired()])
    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=NOTE_LENGTH)])

    def values(self):
        return {"kind": self.kind.data, "title": self.title.data, "on": self.on.data,
                "place": self.place.data, "delegate_ids": self.delegate_ids.data,
                "note": self.note.data}


class RequirementsForm(FlaskForm):
    duties = IntegerField(_l("Studio duties a year"),
                          validators=[InputRequired(), NumberRange(0, 1000)])
    contacts = IntegerField(_l("Party members and residents to keep in contact with"),
                            validators=[InputRequired(), NumberRange(0, 1000)])
    contacts_each_quarter = BooleanField(_l("Each contacted once a quarter"))
    activities = IntegerField(_l("Activities a year"),
                              validators=[InputRequired(), NumberRange(0, 1000)])

    def values(self):
        return {key: getattr(self, key).data for key in
                ("duties", "contacts", "contacts_each_quarter", "activities")}


class ContactForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=NAME_LENGTH)])
    kind = SelectField(_l("Kind"), choices=choices(
        [(kind.value, title) for kind, title in CONTACT_TITLES.items()]))
    phone = StringField(_l("Phone"), validators=[Optional(), Length(max=PHONE_LENGTH)])

    def values(self):
        return {"name": self.name.data, "kind": self.kind.data, "phone": self.phone.data}


class ContactLogForm(FlaskForm):
    on = DateField(_l("Date"), validators=[DataRequired()])
    note = StringField(_l("Note"), validators=[Optional(), Length(max=NOTE_LENGTH)])

    def values(self):
        return {"on": self.on.data, "note": self.note.data}


class GroupForm(FlaskForm):
    name = StringField(_l("Group name"), validators=[DataRequired(), Length(max=100)])
    convener_id = SelectField(_l("Convener"), coerce=int, validators=[Optional()])
    member_ids = SelectMultipleField(_l("Members"), coerce=int, validators=[Optional()])

    def values(self):
        return {"name": self.name.data, "convener_id": self.convener_id.data or None,
                "member_ids": self.member_ids.data or []}
