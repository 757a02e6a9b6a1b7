"""The printed papers of a ballot: the ballot paper (选票), the tellers' tally sheet (计票单),
and the two channels' figures that the result sheet and the election's result report
(选举计票结果报告单, ballots/records.py) print side by side."""
from flask_babel import gettext as _

from congress.ballots import paper
from congress.ballots.models import OfficerRole
from congress.core.pdf import render_pdf
from congress.core.time import utcnow
from congress.core.web import file_name

# blank lines for names written in (另选他人) on the tally sheet, beyond the seats
TALLY_WRITE_IN_LINES = 1


def channel_figures(ballot):
    """发出 / 收回 / 有效 / 无效 of a closed ballot per channel: [(label key, tablet, paper,
    total)]. A tablet ballot is issued and returned when it is cast, and is never invalid (it
    cannot be over-marked)."""
    cast = ballot.cast_count or 0
    issued, returned = ballot.papers_issued or 0, ballot.papers_returned or 0
    invalid = ballot.invalid_count or 0
    rows = (("issued", cast, issued), ("returned", cast, returned),
            ("valid", cast, returned - invalid), ("invalid", 0, invalid))
    return [(key, tablet, on_paper, tablet + on_paper) for key, tablet, on_paper in rows]


def officers_by_role(ballot):
    """{role value: [names]} of the ballot's officers (elections name them)."""
    named = {role.value: [] for role in OfficerRole}
    for officer in getattr(ballot, "officers", []):
        named[officer.role.value].append(officer.name)
    return named


def paper_document_name(ballot, document):
    """"选票_<ballot>.pdf" or "计票单_<ballot>.pdf"."""
    title = _("Ballot paper") if document == "papers" else _("Tally sheet")
    return file_name(title, "_", ballot.title, ext=".pdf")


def ballot_paper_pdf(ballot):
    """The ballot paper (选票) to print and hand out: an election's candidates in stroke
    order with 赞成/不赞成/弃权 boxes and the write-in lines it allows; a motion's or rating's
    subjects with one box per option; the instructions above them."""
    return render_pdf("records/ballot_paper.html", ballot=ballot, meeting=ballot.meeting,
                      favourable=[o.label for o in ballot.options if o.is_favourable],
                      write_in_lines=range(ballot.seats or 0) if ballot.write_ins else ())


def tally_sheet_pdf(ballot):
    """The tellers' tally sheet (计票单): a row per candidate or subject with room for the
    tally marks and the total of each option, lines for the names written in, the papers
    issued, returned, valid and invalid, and the tellers' and scrutineers' signatures."""
    lines = (ballot.seats or 0) + TALLY_WRITE_IN_LINES if ballot.write_ins else 0
    return render_pdf("records/tally_sheet.html", ballot=ballot, meeting=ballot.meeting,
                      issued=paper.issued_count(ballot) or None, write_in_lines=range(lines),
                      officers=officers_by_role(ballot), generated_at=utcnow())
