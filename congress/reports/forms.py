from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import SelectField, SelectMultipleField, StringField, TextAreaField, widgets
from wtforms.validators import DataRequired, Length, Optional

from congress.core.forms import choices
from congress.reports.models import ReportKind

FILE_HINT = _l("Word (.docx) or Markdown (.md)")


class ReportImportForm(FlaskForm):
    kind = SelectField(_l("Kind"), choices=choices((k.value, k.title) for k in ReportKind))
    title = StringField(_l("Title (empty: taken from the document)"),
                        validators=[Optional(), Length(max=200)])
    file = FileField(FILE_HINT, validators=[FileRequired(_l("Choose a file."))])


class VersionImportForm(FlaskForm):
    file = FileField(FILE_HINT, validators=[FileRequired(_l("Choose a file."))])
    note = StringField(_l("What the correction changes (needed for a new version of a tabled "
                          "report)"), validators=[Optional(), Length(max=500)])


class CommentForm(FlaskForm):
    block_id = SelectField(_l("On"), choices=[], validate_choice=False)
    text = TextAreaField(_l("Your review comment"), validators=[DataRequired(),
                                                                  Length(max=2000)])


class CommentEditForm(FlaskForm):
    text = TextAreaField(_l("Your review comment"), validators=[DataRequired(),
                                                                  Length(max=2000)])


class RecorderForm(FlaskForm):
    recorder = SelectField(_l("Recorder"), choices=[], validate_choice=False)


class NotesForm(FlaskForm):
    notes = TextAreaField(_l("Notes of the group's discussion"),
                          validators=[Optional(), Length(max=50_000)])


class DigestEditForm(FlaskForm):
    text = TextAreaField(_l("Wording"), validators=[DataRequired(), Length(max=4000)])


class ResolutionForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    reports = SelectMultipleField(_l("On the reports"), choices=[], coerce=int,
                                  option_widget=widgets.CheckboxInput(),
                                  widget=widgets.ListWidget(prefix_label=False))
    text = TextAreaField(_l("Text"), validators=[DataRequired(), Length(max=20_000)])
