from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from congress.ballots.models import BallotKind, ElectBase
from congress.core.forms import choices


class BallotForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    kind = SelectField(_l("Type"), choices=choices((k.value, k.title) for k in BallotKind
                                                   if k is not BallotKind.election))
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


class ElectionForm(FlaskForm):
    """An election (选举, 补选): its candidates are listed in stroke order whatever the order
    typed; the officers are named for the record and the result report."""

    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    seats = IntegerField(_l("Seats to fill"), validators=[DataRequired(), NumberRange(min=1,
                                                                                      max=1000)])
    subjects = TextAreaField(_l("Candidates (one name per line; listed in surname stroke "
                                "order)"), validators=[DataRequired(), Length(max=5000)])
    write_ins = BooleanField(_l("Names may be written in (另选他人)"))
    elect_base = SelectField(_l("Elected with more than half of"),
                             choices=choices((b.value, b.title) for b in ElectBase))
    chief_scrutineer = StringField(_l("Chief scrutineer"), validators=[Optional(),
                                                                       Length(max=64)])
    scrutineers = TextAreaField(_l("Scrutineers (one per line; electors who are not "
                                   "candidates)"), validators=[Optional(), Length(max=2000)])
    tellers = TextAreaField(_l("Tellers (one per line)"),
                            validators=[Optional(), Length(max=2000)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="election", **kwargs)
        self._fields["officers"] = self.scrutineers  # the service's `officers` errors go here

    def officer_names(self):
        """[(role, name)] as the service takes them (delegate ids are found by name)."""
        lines = {"chief_scrutineer": [self.chief_scrutineer.data or ""],
                 "scrutineer": (self.scrutineers.data or "").splitlines(),
                 "teller": (self.tellers.data or "").splitlines()}
        return [(role, name.strip()) for role, names in lines.items() for name in names
                if name.strip()]


class RunoffForm(FlaskForm):
    """The next round: its candidates, when the seats were left for 另选."""

    subjects = TextAreaField(_l("Candidates of the next round (one name per line)"),
                             validators=[Optional(), Length(max=5000)])


class PaperCodeForm(FlaskForm):
    """Issue a paper ballot by the login card's code (scanned) or the username (typed)."""
    code = StringField(_l("Card code or username"), validators=[DataRequired(), Length(max=500)])


class PaperTallyForm(FlaskForm):
    """A teller's entry; the counts per subject and option (c<subject>-<option>) and the names
    written in (w<n>-name, w<n>-votes) are read from the request by the view."""
    teller = StringField(_l("Teller (name)"), validators=[DataRequired(), Length(max=64)])
    returned = IntegerField(_l("Papers returned"), validators=[InputRequired(), NumberRange(0)])
    invalid = IntegerField(_l("Invalid papers"), validators=[InputRequired(), NumberRange(0)])
