"""The result sheet (测评结果统计表 / 表决结果) of a closed ballot; for an election, the
election's result report (选举计票结果报告单). Both print the tablet's and the paper ballots'
parts and their total (ballots/paper_records.py)."""
from flask_babel import gettext as _

from congress.ballots import services
from congress.ballots.paper_records import channel_figures, officers_by_role
from congress.core.pdf import render_pdf
from congress.core.time import utcnow
from congress.core.web import file_name


def result_rows(ballot):
    """Per subject: title, per option (count, share of the valid ballots), abstentions, rate,
    score, rank; with paper ballots also per option the tablet's and the paper's part."""
    valid = ballot.valid_count if ballot.valid_count is not None else (ballot.cast_count or 0)
    rows = []
    for result in services.results(ballot)["subjects"]:
        levels = [(result.counts.get(str(o.id), 0),
                   (result.counts.get(str(o.id), 0) * 100 / valid) if valid else None)
                  for o in ballot.options]
        rows.append({"title": result.subject.title, "levels": levels,
                     "abstain": result.abstain,
                     "abstain_pct": (result.abstain * 100 / valid) if valid else None,
                     "favourable_rate": result.favourable_rate, "score": result.score,
                     "rank": result.rank, "passed": result.passed, "subject_id": result.subject_id,
                     "votes_for": result.votes_for, "elected": result.elected,
                     "electronic": [result.electronic_count(o.id) for o in ballot.options],
                     "paper": [result.paper_count(o.id) for o in ballot.options]})
    return rows


def shows_unmarked(ballot, rows):
    """A rating ballot always shows its abstentions (a subject left unmarked); a motion, whose
    answers already include 弃权, shows its unmarked subjects as 未投票 only when there are any."""
    return ballot.is_rating or any(row["abstain"] for row in rows)


def result_sheet_name(ballot):
    """The result sheet's file name: "结果统计表_<ballot>.pdf" (an election's result report:
    "选举计票结果报告单_<ballot>.pdf")."""
    if ballot.is_election:
        return file_name(_("Election result report: %(title)s", title=ballot.title), ext=".pdf")
    return file_name(_("Result sheet: %(title)s", title=ballot.title), ext=".pdf")


def result_sheet_pdf(ballot):
    """The result sheet of a closed ballot (an election's: its result report); a Conflict
    before the close."""
    ballot.require_closed()
    rows = result_rows(ballot)
    context = {"ballot": ballot, "meeting": ballot.meeting, "rows": rows,
               "figures": channel_figures(ballot), "generated_at": utcnow()}
    if ballot.is_election:
        return render_pdf("records/election_report.html", elected=ballot.elected_names,
                          officers=officers_by_role(ballot), **context)
    return render_pdf("records/ballot_results.html",
                      show_unmarked=shows_unmarked(ballot, rows), **context)
