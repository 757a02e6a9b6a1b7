"""Runtime settings the secretariat edits on a page; defaults from DOMAIN.md, never constants."""
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class Setting:
    key: str
    label: object
    default: object
    kind: type = int
    minimum: int = 0
    maximum: int | None = None


SETTINGS = (
    Setting("question_limit", _l("Questioners per debrief"), 3, minimum=1),
    Setting("report_seconds", _l("Debrief report time (seconds)"), 480, minimum=30),
    Setting("question_seconds", _l("Question time (seconds)"), 60, minimum=10),
    Setting("answer_seconds", _l("Answer time (seconds)"), 180, minimum=10),
    Setting("comment_seconds", _l("Comment time (seconds)"), 300, minimum=30),
    Setting("proposal_max_chars", _l("Proposal body limit (characters)"), 1500, minimum=100),
    Setting("handling_due_days", _l("Proposal handling period (days)"), 90, minimum=1),
    Setting("rehandling_days", _l("Re-handling period (days)"), 30, minimum=1),
    Setting("return_window_workdays", _l("Window to return an assignment (working days)"), 10,
            minimum=1),
    Setting("projector_screens", _l("Projectors in the hall"), 2, minimum=1, maximum=8),
    Setting("proposal_categories", _l("Proposal categories (one per line)"),
            ["党的建设", "经济发展", "社会民生", "生态环境", "文化", "其他"], kind=list),
)
SETTINGS_BY_KEY = {s.key: s for s in SETTINGS}


def merged_settings(stored):
    values = {s.key: s.default for s in SETTINGS}
    values.update({k: v for k, v in (stored or {}).items() if k in SETTINGS_BY_KEY})
    return values
