from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from congress.ballots.models import BallotKind
from congress.core.forms import choices


class BallotForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    kind = SelectField(_l("Type"), choices=choices((k.value, k.title) for k in BallotKind))
    subjects = TextAreaField(_l("Subjects (one per line: the person rated, or the motion)"),
                             validators=[DataRequired(), Length(max=5000)])
    options = TextAreaField(
        _l("Scale (optional; one level per line: label | weight | favourable 是/否). "
           "Empty: 好/较好/一般/差 for ratings, 赞成/反对/弃权 for motions."),
        validators=[Optional(), Length(max=2000)])


YES = {"是", "yes", "y", "true", "1", "√"}


def parse_option_lines(text):
    """'好 | 1.0 | 是' lines → option dicts for the service (which validates them)."""
    options = []
    for line in (text or "").splitlines():
        if not line.strip():
            continue
        parts = [p.strip() for p in line.replace("｜", "|").split("|")]
        label = parts[0]
        weight = parts[1] if len(parts) > 1 and parts[1] else "0"
        favourable = len(parts) > 2 and parts[2].lower() in YES
        options.append({"label": label, "weight": weight, "favourable": favourable})
    return options or None
