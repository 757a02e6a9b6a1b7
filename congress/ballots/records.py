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


def result_sheet_pdf(ballot):
    """The result sheet of a closed ballot; a Conflict before the close."""
    ballot.require_closed()
    return render_pdf("records/ballot_results.html", ballot=ballot, meeting=ballot.meeting,
                      rows=result_rows(ballot), generated_at=utcnow())
