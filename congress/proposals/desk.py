"""Proposal work pages for staff: the committee's register and queue, a handling unit's inbox,
the follow-up list (督办), statistics with SVG charts, and the printed records."""
import io
from itertools import groupby

from flask import Blueprint, abort, render_template, request, send_file
from flask_babel import gettext as _
from flask_login import current_user, login_required

from congress.core.auth import authorize
from congress.core.web import pdf_response
from congress.extensions import db
from congress.meetings.models import Meeting
from congress.meetings.access import load_meeting
from congress.people.models import HandlingUnit
from congress.proposals import charts, queries
from congress.proposals.models import ProposalStatus
from congress.proposals.records import compendium_pdf, register_xlsx, unit_notice_pdf

bp = Blueprint("proposal_desk", __name__)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TABS = {
    "queue": [ProposalStatus.submitted],
    "assign": [ProposalStatus.accepted],
    "handling": [ProposalStatus.assigned, ProposalStatus.replied],
    "done": [ProposalStatus.closed, ProposalStatus.rejected, ProposalStatus.merged],
    "suggestions": [ProposalStatus.suggestion, ProposalStatus.rejected],
    "all": None,
}


@bp.before_request
@login_required
def _signed_in():
    """Every page here needs a signed-in user."""


@bp.get("/meetings/<int:mid>/proposals")
def register(mid):
    meeting = load_meeting(mid)
    authorize(current_user.can_list_proposals(meeting))
    tab = request.args.get("tab", "queue")
    if tab not in TABS:
        abort(404)
    if tab == "queue":
        rows = queries.queue(meeting)
    else:
        rows = [(p, []) for p in queries.meeting_proposals(meeting, TABS[tab])]
    counts = {name: len(queries.meeting_proposals(meeting, statuses))
              for name, statuses in TABS.items()}
    return render_template("proposals/register.html", meeting=meeting, rows=rows, tab=tab,
                           tabs=TABS, counts=counts, returned=queries.returned_ones(meeting),
                           today=queries.local_today())


@bp.get("/handling")
def unit_inbox():
    authorize(current_user.can_handle_proposals())
    unit = db.session.get(HandlingUnit, current_user.unit_id)
    rows = queries.unit_inbox(unit)
    groups = [(meeting, list(items)) for meeting, items in
              groupby(sorted(rows, key=lambda r: -r.proposal.meeting_id),
                      key=lambda r: r.proposal.meeting)]
    return render_template("proposals/unit_inbox.html", unit=unit, groups=groups,
                           today=queries.local_today())


@bp.get("/meetings/<int:mid>/proposals/follow-up")
def follow_up(mid):
    meeting = load_meeting(mid)
    authorize(current_user.can_follow_up_proposals(meeting))
    overdue, soon = queries.follow_up(meeting)
    return render_template("proposals/follow_up.html", meeting=meeting, overdue=overdue,
                           soon=soon)


@bp.get("/meetings/<int:mid>/proposals/statistics")
def statistics(mid):
    meeting = load_meeting(mid)
    authorize(current_user.can_follow_up_proposals(meeting))
    stats = queries.statistics(meeting)
    by_category = charts.bar_chart(
        _("Proposals by category"),
        [(name, [t.filed, t.accepted]) for name, t in stats["by_category"].items()],
        [_("Filed"), _("Accepted")])
    by_unit = charts.bar_chart(
        _("Handling units"),
        [(name, [t.on_time_rate, t.satisfaction_rate]) for name, t in stats["by_unit"].items()],
        [_("Replied on time"), _("Satisfaction")], percent=True) if stats["by_unit"] else None
    return render_template("proposals/statistics.html", meeting=meeting, stats=stats,
                           category_chart=by_category, unit_chart=by_unit)


@bp.get("/meetings/<int:mid>/proposals/register.xlsx")
def register_export(mid):
    meeting = load_meeting(mid)
    authorize(current_user.can_follow_up_proposals(meeting))
    return send_file(io.BytesIO(register_xlsx(meeting)), mimetype=XLSX, as_attachment=True,
                     download_name=f"proposals-{meeting.year}.xlsx")


@bp.get("/meetings/<int:mid>/proposals/compendium.pdf")
def compendium(mid):
    meeting = load_meeting(mid)
    authorize(current_user.can_follow_up_proposals(meeting))
    return pdf_response(compendium_pdf(meeting), f"proposals-{meeting.year}.pdf")


@bp.get("/meetings/<int:mid>/units/<int:uid>/assignments.pdf")
def unit_notice(mid, uid):
    meeting = db.get_or_404(Meeting, mid)
    unit = db.get_or_404(HandlingUnit, uid)
    authorize(current_user.can_print_unit_notice(unit))
    return pdf_response(unit_notice_pdf(meeting, unit), f"unit-{uid}-assignments.pdf")
