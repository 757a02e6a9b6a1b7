"""Proposal work pages for staff: the committee's register and queue, a handling unit's inbox,
the follow-up list (督办), statistics with SVG charts, and the printed records."""
from itertools import groupby

from flask import Blueprint, abort, render_template, request
from flask_babel import gettext as _
from flask_login import current_user, login_required

from congress.core.auth import authorize
from congress.core.web import pdf_response
from congress.meetings.access import load_meeting
from congress.proposals import charts, queries
from congress.proposals.access import load_follow_up_meeting, load_unit, own_unit
from congress.proposals.models import ProposalStatus
from congress.proposals.records import (
    compendium_name,
    compendium_pdf,
    register_download,
    unit_notice_name,
    unit_notice_pdf,
)
from congress.studios.queries import unit_concerns

bp = Blueprint("proposal_desk", __name__)

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
    unit = own_unit()
    rows = queries.unit_inbox(unit)
    groups = [(meeting, list(items)) for meeting, items in
              groupby(sorted(rows, key=lambda r: -r.proposal.meeting_id),
                      key=lambda r: r.proposal.meeting)]
    return render_template("proposals/unit_inbox.html", unit=unit, groups=groups,
                           concerns=unit_concerns(unit), today=queries.local_today(),
                           live_organisation=unit.organisation)


@bp.get("/meetings/<int:mid>/proposals/follow-up")
def follow_up(mid):
    meeting = load_follow_up_meeting(mid)
    overdue, soon = queries.follow_up(meeting)
    return render_template("proposals/follow_up.html", meeting=meeting, overdue=overdue,
                           soon=soon)


@bp.get("/meetings/<int:mid>/proposals/statistics")
def statistics(mid):
    meeting = load_follow_up_meeting(mid)
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
    meeting = load_follow_up_meeting(mid)
    return register_download(meeting)


@bp.get("/meetings/<int:mid>/proposals/compendium.pdf")
def compendium(mid):
    meeting = load_follow_up_meeting(mid)
    return pdf_response(compendium_pdf(meeting), f"proposals-{meeting.year}.pdf",
                        compendium_name(meeting))


@bp.get("/meetings/<int:mid>/units/<int:uid>/assignments.pdf")
def unit_notice(mid, uid):
    meeting = load_meeting(mid)
    unit = load_unit(uid)
    return pdf_response(unit_notice_pdf(meeting, unit), f"unit-{uid}-assignments.pdf",
                        unit_notice_name(meeting, unit))
