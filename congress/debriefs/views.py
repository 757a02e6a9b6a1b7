"""Debrief pages: the secretariat's list, the chair's console, the tablet's live block and the
projector. Every live region is a fragment the page re-fetches when an event names it."""
from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from markupsafe import Markup

from congress.ballots import casting, services as ballots
from congress.ballots.models import Ballot
from congress.ballots.records import result_rows
from congress.core import live
from congress.core.auth import authorize
from congress.core.forms import EmptyForm, apply_service, choices
from congress.core.limits import floor_requests
from congress.core.projector import projector_key
from congress.debriefs import access, projectors, queue as queue_service, services
from congress.debriefs.access import CONSOLE, MANAGE, RUN
from congress.debriefs.forms import AnswerForm, CommentForm, DebriefForm, FloorRequestForm
from congress.debriefs.models import TIMER_TITLES, Phase
from congress.debriefs.timers import timer_state
from congress.extensions import db
from congress.meetings.access import load_meeting
from congress.meetings.services import attendance_summary

bp = Blueprint("debriefs", __name__)


@bp.app_template_global()
def timer_title(kind):
    return TIMER_TITLES.get(kind, kind)


@bp.app_template_global()
def debrief_steps():
    return [p for p in Phase if p is not Phase.pending]


def _questioner_choices(meeting):
    rows = services.questioner_candidates(meeting)
    return choices((i, f"{name}{' · ' + _('grassroots') if grassroots else ''}")
                   for i, name, grassroots in rows)


# --- the secretariat's list ----------------------------------------------------------------------

@bp.route("/meetings/<int:mid>/debriefs", methods=["GET", "POST"])
@login_required
def index(mid):
    meeting = access.load_debriefs_meeting(mid, for_=CONSOLE)
    form = DebriefForm()
    form.questioners.choices = _questioner_choices(meeting)
    if request.method == "POST":
        authorize(access.may(MANAGE, meeting))
        if form.validate_on_submit():
            ok, debrief = apply_service(form, lambda: services.create_debrief(
                current_user, meeting, reporter_name=form.reporter_name.data,
                reporter_title=form.reporter_title.data, questioner_ids=form.questioners.data))
            if ok:
                flash(_("Debrief of %(name)s added.", name=debrief.reporter_name), "success")
                return redirect(url_for("debriefs.index", mid=meeting.id))
    return render_template("debriefs/index.html", meeting=meeting, form=form,
                           debriefs=services.debriefs_of(meeting),
                           current=services.current_debrief(meeting),
                           projector_link=projector_link(meeting))


# --- the chair's console -----------------------------------------------------------------------

def _console_context(debrief):
    queue = debrief.queue
    ballot = debrief.ballot
    return dict(debrief=debrief, meeting=debrief.meeting, queue=queue,
                speaker=queue_service.current(queue), waiting=queue_service.waiting(queue),
                asked=queue_service.questions_put(queue), places=queue_service.places(queue),
                not_called=queue_service.not_called_designated(queue),
                step_warning=services.step_warning(debrief),
                undo_refusal=services.undo_refusal(debrief),
                timer=timer_state(debrief), ballot=ballot,
                turnout=ballots.turnout(ballot) if ballot else None,
                rows=result_rows(ballot) if ballot and ballot.is_closed else None,
                button=EmptyForm(), comment_form=CommentForm(
                    speaker=debrief.comment_speaker, text=debrief.comment_text),
                answer_form=AnswerForm())


@bp.get("/debriefs/<int:did>")
@login_required
def console(did):
    debrief = access.load_debrief(did, for_=CONSOLE)
    return render_template("debriefs/console.html", **_console_context(debrief))


@bp.get("/debriefs/<int:did>/panel")
@login_required
def console_panel(did):
    debrief = access.load_debrief(did, for_=CONSOLE)
    return render_template("debriefs/_console_panel.html", **_console_context(debrief))


def _back(debrief):
    return redirect(url_for("debriefs.console", did=debrief.id))


@bp.post("/debriefs/<int:did>/phase")
@login_required
def set_phase(did):
    debrief = access.load_debrief(did, for_=RUN)
    form = EmptyForm()
    if form.validate_on_submit():
        apply_service(form, lambda: services.set_phase(current_user, debrief,
                                                       request.form.get("phase", "")))
    return _back(debrief)


@bp.post("/debriefs/<int:did>/phase/undo")
@login_required
def undo_phase(did):
    debrief = access.load_debrief(did, for_=RUN)
    form = EmptyForm()
    if form.validate_on_submit():
        ok, _r = apply_service(form, lambda: services.undo_phase(
            current_user, debrief, request.form.get("phase") or None))
        if ok:
            flash(_("Back to “%(step)s”.", step=debrief.phase.title), "success")
    return _back(debrief)


@bp.post("/debriefs/<int:did>/timer/<any(pause, resume, restart, answer):action>")
@login_required
def timer(did, action):
    debrief = access.load_debrief(did, for_=RUN)
    form = EmptyForm()
    if form.validate_on_submit():
        apply_service(form, lambda: services.control_timer(current_user, debrief, action))
    return _back(debrief)


@bp.post("/debriefs/<int:did>/comment")
@login_required
def comment(did):
    debrief = access.load_debrief(did, for_=MANAGE)
    form = CommentForm()
    if form.validate_on_submit():
        ok, _r = apply_service(form, lambda: services.record_comment(
            current_user, debrief, speaker=form.speaker.data, text=form.text.data))
        if ok:
            flash(_("Comment recorded."), "success")
    else:
        flash(_("Enter the speaker and the comment."), "error")
    return _back(debrief)


@bp.post("/debriefs/<int:did>/next")
@login_required
def admit_next(did):
    debrief = access.load_debrief(did, for_=RUN)
    form = EmptyForm()
    if form.validate_on_submit():
        apply_service(form, lambda: queue_service.admit_next(current_user, debrief.queue))
    return _back(debrief)


@bp.post("/debriefs/<int:did>/requests/<int:rid>/<any(reject, first, up, down):action>")
@login_required
def change_request(did, rid, action):
    debrief = access.load_debrief(did, for_=RUN)
    floor_request = access.load_request(debrief.queue, rid)
    form = EmptyForm()
    if form.validate_on_submit():
        if action == "reject":
            apply_service(form, lambda: queue_service.reject(current_user, floor_request))
        else:
            apply_service(form, lambda: queue_service.move(current_user, floor_request, action))
    return _back(debrief)


@bp.post("/debriefs/<int:did>/requests/<int:rid>/answer")
@login_required
def answer(did, rid):
    debrief = access.load_debrief(did, for_=MANAGE)
    floor_request = access.load_request(debrief.queue, rid)
    form = AnswerForm()
    if form.validate_on_submit():
        ok, _r = apply_service(form, lambda: queue_service.record_answer(
            current_user, floor_request, form.text.data))
        if ok:
            flash(_("Answer recorded."), "success")
    else:
        flash(_("Enter the answer."), "error")
    return _back(debrief)


# --- the tablet --------------------------------------------------------------------------------

def tablet_context(meeting, delegate):
    debrief = services.current_debrief(meeting)
    if debrief is None or debrief.is_pending:
        return dict(debrief=None, meeting=meeting,
                    ballots=casting.open_ballots_for(meeting, delegate), button=EmptyForm())
    queue = debrief.queue
    mine = queue_service.latest_request_of(queue, delegate)
    waiting = queue_service.waiting(queue)
    return dict(debrief=debrief, meeting=meeting, queue=queue, mine=mine,
                ballots=casting.open_ballots_for(meeting, delegate),
                my_position=waiting.index(mine) + 1 if mine in waiting else None,
                speaker=queue_service.current(queue), waiting=waiting,
                timer=timer_state(debrief), ballot=debrief.ballot,
                places=queue_service.places(queue),
                voted=casting.has_voted(delegate, debrief.ballot) if debrief.ballot else False,
                request_form=_kept_request_form(queue), button=EmptyForm())


# A refused request keeps what the delegate chose (question or challenge) and wrote, in the
# session, until a request of theirs in that queue is accepted: the tablet's form shows it
# again, through the live refreshes of the block too.
_DRAFT = "floor_draft"


def _kept_request_form(queue):
    draft = session.get(_DRAFT)
    if draft and draft.get("queue") == queue.id:
        return FloorRequestForm(formdata=None, kind=draft.get("kind") or "question",
                                text=draft.get("text"))
    return FloorRequestForm(formdata=None)


@bp.get("/meetings/<int:mid>/tablet/live")
@login_required
def tablet_live(mid):
    meeting = load_meeting(mid)
    authorize(current_user.can_request_floor(meeting))
    return render_template("debriefs/_tablet_live.html",
                           **tablet_context(meeting, current_user.delegate))


@bp.post("/queues/<int:qid>/request")
@login_required
@floor_requests
def request_floor(qid):
    queue = access.load_queue_to_ask(qid)
    meeting = queue.debrief.meeting
    form = FloorRequestForm()
    if form.validate_on_submit():
        ok, _r = apply_service(form, lambda: queue_service.request_floor(
            current_user.delegate, queue, form.kind.data, form.text.data))
        if ok:
            session.pop(_DRAFT, None)
            flash(_("You are in the queue."), "success")
        else:
            session[_DRAFT] = {"queue": queue.id, "kind": form.kind.data,
                               "text": (form.text.data or "")[:500]}
    else:
        flash(_("Choose question or challenge; the text may have at most 500 characters."),
              "error")
    return redirect(url_for("meetings.tablet", mid=meeting.id))


@bp.post("/requests/<int:rid>/withdraw")
@login_required
@floor_requests
def withdraw(rid):
    floor_request = access.load_own_request(rid)
    form = EmptyForm()
    if form.validate_on_submit():
        ok, _r = apply_service(form, lambda: queue_service.withdraw(current_user.delegate,
                                                                   floor_request))
        if ok:
            flash(_("Your request is withdrawn."), "success")
    return redirect(url_for("meetings.tablet", mid=floor_request.queue.meeting_id))


# --- the projector -----------------------------------------------------------------------------

def projector_link(meeting):
    """The read-only link, for those who set debriefs up (it opens the projector to anyone)."""
    if not access.may(MANAGE, meeting):
        return None
    return url_for("debriefs.projector", mid=meeting.id, key=projector_key(meeting),
                   _external=True)


def _projector_meeting(mid):
    """The meeting on the projector; sends the signed-out without a key to the login page."""
    meeting = access.load_projector_meeting(mid)
    if meeting is None:
        abort(redirect(url_for("sign_in.login", next=request.full_path)))
    return meeting


def _screen(meeting):
    try:
        return projectors.screen_number(meeting, request.args.get("screen"))
    except projectors.Invalid:
        abort(404)


def projector_context(meeting, screen=1):
    """What `screen` shows: its state and the view's data (the debrief's as before)."""
    state = projectors.state_of(meeting, screen)
    debrief = services.current_debrief(meeting)
    context = dict(meeting=meeting, debrief=debrief, screen=screen, state=state)
    if state["view"] == "agenda":
        context.update(agenda=meeting.agenda_items, current_item_id=state["item_id"])
    elif state["view"] == "attendance":
        context.update(attendance=attendance_summary(meeting))
    elif state["view"] == "results":
        shown = db.session.get(Ballot, state["ballot_id"]) if state["ballot_id"] else None
        context.update(shown_ballot=shown, shown_rows=result_rows(shown) if shown else None,
                       shown_turnout=ballots.turnout(shown) if shown else None)
    if debrief is not None:
        ballot = debrief.ballot
        context.update(speaker=queue_service.current(debrief.queue),
                       waiting=queue_service.waiting(debrief.queue)[:3],
                       timer=timer_state(debrief), ballot=ballot,
                       turnout=ballots.turnout(ballot) if ballot else None,
                       rows=result_rows(ballot) if ballot and ballot.is_closed else None)
    return context


@bp.get("/projector/<int:mid>")
def projector(mid):
    meeting = _projector_meeting(mid)
    return render_template("debriefs/projector.html", key=request.args.get("key"),
                           last_event_id=live.latest_id(),
                           **projector_context(meeting, _screen(meeting)))


@bp.get("/projector/<int:mid>/panel")
def projector_panel(mid):
    meeting = _projector_meeting(mid)
    return render_template("debriefs/_projector_panel.html",
                           **projector_context(meeting, _screen(meeting)))


# --- the projectors' console: what each screen shows ------------------------------------------

@bp.get("/meetings/<int:mid>/projectors")
@login_required
def projectors_console(mid):
    meeting = access.load_debriefs_meeting(mid, for_=CONSOLE)
    return render_template("debriefs/projectors.html", meeting=meeting,
                           states=projectors.states_of(meeting), views=projectors.VIEWS,
                           agenda=meeting.agenda_items,
                           closed_ballots=projectors.closed_ballots(meeting),
                           may_run=access.may(RUN, meeting), button=EmptyForm(),
                           projector_link=projector_link(meeting),
                           max_message=projectors.MAX_MESSAGE_CHARS,
                           previews={screen: Markup(render_template(
                               "debriefs/_projector_panel.html",
                               **projector_context(meeting, screen)))
                               for screen in projectors.screens_of(meeting)})


@bp.get("/meetings/<int:mid>/projectors/<int:screen>/preview")
@login_required
def projector_preview(mid, screen):
    """The console's preview of a screen: the projector's own panel."""
    meeting = access.load_debriefs_meeting(mid, for_=CONSOLE)
    if screen not in projectors.screens_of(meeting):
        abort(404)
    return render_template("debriefs/_projector_panel.html",
                           **projector_context(meeting, screen))


@bp.post("/meetings/<int:mid>/projectors/<int:screen>")
@login_required
def update_projector(mid, screen):
    meeting = access.load_debriefs_meeting(mid, for_=RUN)
    if screen not in projectors.screens_of(meeting):
        abort(404)
    form = EmptyForm()
    if form.validate_on_submit():
        changes = {k: request.form.get(k) for k in ("view", "item_id", "ballot_id", "message")
                   if k in request.form}
        ok, _r = apply_service(form, lambda: projectors.update_screen(
            current_user, meeting, screen, **changes))
        if ok:
            flash(_("Projector %(n)s updated.", n=screen), "success")
    return redirect(url_for("debriefs.projectors_console", mid=meeting.id))


@bp.get("/projector/<int:mid>/events")
def projector_events(mid):
    """Where projector pages opened before the streams moved still connect: every stream is
    served by the stream server (docs/serving.md), at the API's path, key and all."""
    return redirect(url_for("api.events", mid=mid, **request.args), code=307)
