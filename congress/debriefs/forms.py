from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from congress.core.forms import choices


class DebriefForm(FlaskForm):
    reporter_name = StringField(_l("Reporter"), validators=[DataRequired(), Length(max=100)])
    reporter_title = StringField(_l("Position"), validators=[DataRequired(), Length(max=200)])
    questioners = SelectMultipleField(_l("Designated questioners (grassroots delegates)"),
                                      coerce=int, validators=[Optional()])


class FloorRequestForm(FlaskForm):
    kind = RadioField(_l("Kind"), choices=choices([("question", _l("Question")),
                                                   ("challenge", _l("Challenge (质询)"))]),
                      default="question", validators=[DataRequired()])
    text = TextAreaField(_l("Your question in a sentence (optional)"),
                         validators=[Optional(), Length(max=500)])


class CommentForm(FlaskForm):
    speaker = StringField(_l("Speaker"), validators=[DataRequired(), Length(max=100)])
    text = TextAreaField(_l("Leader's comment"), validators=[DataRequired()])


class AnswerForm(FlaskForm):
    text = TextAreaField(_l("Answer"), validators=[DataRequired()])
