from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    widgets,
)
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from congress.core.forms import choices
from congress.proposals.handling_models import OUTCOME_TITLES, Rating
from congress.proposals.services import TEXT_HARD_MAX, TITLE_MAX


class DraftForm(FlaskForm):
    title = StringField(_l("Title (关于……的提案)"), validators=[DataRequired(),
                                                             Length(max=TITLE_MAX)])
    category = SelectField(_l("Category"), validators=[DataRequired()])
    grounds = TextAreaField(_l("Grounds (案据): the facts and why it matters"),
                            validators=[Optional(), Length(max=TEXT_HARD_MAX)])
    measures = TextAreaField(_l("Measures (方案): what should be done"),
                             validators=[Optional(), Length(max=TEXT_HARD_MAX)])


class MultiCheckboxField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class InviteForm(FlaskForm):
    delegate_ids = MultiCheckboxField(_l("Delegates"), coerce=int,
                                      validators=[DataRequired(_l("Tick at least one delegate."))])


DECISIONS = (("accept", _l("Accept (立案)")),
             ("reject", _l("Do not accept (不予立案, becomes a suggestion)")),
             ("merge", _l("Merge into another proposal (并案)")))


class ReviewForm(FlaskForm):
    decision = RadioField(_l("Decision"), choices=choices(DECISIONS),
                          validators=[DataRequired(_l("Choose a decision."))])
    reason = TextAreaField(_l("Opinion or reason (required when not accepted)"),
                           validators=[Optional(), Length(max=TEXT_HARD_MAX)])
    merge_into = SelectField(_l("Merge into"), coerce=lambda v: int(v) if v else None,
                             validators=[Optional()])


class AssignForm(FlaskForm):
    lead_unit_id = SelectField(_l("Lead unit (主办)"), coerce=int, validators=[DataRequired()])
    assisting_unit_ids = MultiCheckboxField(_l("Assisting units (协办)"), coerce=int,
                                            validators=[Optional()])
    due_on = DateField(_l("Reply due by"), validators=[DataRequired()])


class ReplyForm(FlaskForm):
    outcome = RadioField(_l("Outcome"), choices=choices((o.value, t) for o, t in
                                                        OUTCOME_TITLES.items()),
                         validators=[DataRequired(_l("Choose the outcome code."))])
    text = TextAreaField(_l("Reply"), validators=[DataRequired(), Length(max=TEXT_HARD_MAX)])


class OpinionForm(FlaskForm):
    text = TextAreaField(_l("Views for the lead unit"),
                         validators=[DataRequired(), Length(max=TEXT_HARD_MAX)])


class ReturnForm(FlaskForm):
    reason = TextAreaField(_l("Why the assignment is wrong"),
                           validators=[DataRequired(), Length(max=TEXT_HARD_MAX)])


class RateForm(FlaskForm):
    rating = RadioField(_l("Your rating of the reply"),
                        choices=choices((r.value, r.title) for r in Rating),
                        validators=[DataRequired(_l("Choose a rating."))])
    comment = TextAreaField(_l("Comment (the reason, needed when unsatisfied)"),
                            validators=[Length(max=TEXT_HARD_MAX)])

    def validate_comment(self, field):
        """不满意 reopens the proposal: the units are told why (the API keeps the reason
        optional, as its contract says)."""
        if self.rating.data == Rating.unsatisfied.value and not (field.data or "").strip():
            raise ValidationError(_l("Give the reason why you are unsatisfied: the units "
                                     "handle the proposal again from it."))
