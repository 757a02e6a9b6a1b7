"""The result sheet (测评结果统计表 / 表决结果) of a closed ballot."""
from congress.ballots import services
from congress.core.pdf import render_pdf
from congress.core.time import utcnow


def result_rows(ballot):
    """Per subject: title, per option (count, share of cast), abstentions, rate, score, rank."""
    cast = ballot.cast_count or 0
    rows = []
    for result in services.results(ballot)["subjects"]:
        levels = [(result.counts.get(str(o.id), 0),
                   (result.counts.get(str(o.id), 0) * 100 / cast) if cast else None)
                  for o in ballot.options]
        rows.append({"title": result.subject.title, "levels": levels,
                     "abstain": result.abstain,
                     "abstain_pct": (result.abstain * 100 / cast) if cast else None,
                     "favourable_rate": result.favourable_rate, "score": result.score,
                     "rank": result.rank, "passed": result.passed})
    return rows


def shows_unmarked(ballot, rows):
    """A rating ballot always shows its abstentions (a subject left unmarked); a motion, whose
    answers already include 弃权, shows its unmarked subjects as 未投票 only when there are any."""
    return ballot.is_rating or any(row["abstain"] for row in rows)


def result_sheet_pdf(ballot):
    """The result sheet of a closed ballot; a Conflict before the close."""
    ballot.require_closed()
    rows = result_rows(ballot)
    return render_pdf("records/ballot_results.html", ballot=ballot, meeting=ballot.meeting,
                      rows=rows, show_unmarked=shows_unmarked(ballot, rows),
                      generated_at=utcnow())
