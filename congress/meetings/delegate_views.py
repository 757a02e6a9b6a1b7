"""The pages of a delegate of the term: the staff's page of one delegate (details, status,
meetings of the term, history, edit and terminate) and the delegate's own page (`/my/term`:
their record and their meetings of the term)."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from congress.core.auth import Role, authorize
from congress.core.errors import not_found
from congress.core.forms import apply_service, choices
from congress.extensions import db
from congress.meetings.delegate_access import load_term_delegate
from congress.meetings.term import delegate_history, term_meetings
from congress.people import delegates
from congress.people.forms import DelegateEditForm, TerminationForm
from congress.people.models import Delegate, Delegation

bp = Blueprint("delegates", __name__)


@bp.before_request
@login_required
def _signed_in():
    """Every page here needs a signed-in user."""


def _edit_form(delegate, obj=None):
    form = DelegateEditForm(obj=obj)
    form.delegation_id.choices = choices((d.id, d.name) for d in delegate.congress.delegations)
    return form


def _filled_edit_form(delegate):
    form = _edit_form(delegate, obj=delegate)
    if not form.is_submitted():
        form.group.data = delegate.group.name if delegate.group_id else ""
        form.gender.data = delegate.gender or ""
    return form


def _page(delegate, edit_form=None, termination_form=None, status=200):
    manage = current_user.can_manage_congress(delegate.congress)
    return render_template(
        "people/delegate.html", delegate=delegate, meetings=term_meetings(delegate),
        history=delegate_history(delegate), manage=manage, meeting_endpoint="meetings.show",
        edit_form=edit_form or (_filled_edit_form(delegate) if manage else None),
        termination_form=termination_form or (TerminationForm() if manage else None),
        back=_safe_back()), status


def _safe_back():
    """Where the page came from inside the application (a roster), for the way back."""
    back = request.args.get("back") or request.form.get("back") or ""
    return back if back.startswith("/") and not back.startswith("//") else None


@bp.get("/delegates/<int:did>")
def show(did):
    return _page(load_term_delegate(did))


@bp.post("/delegates/<int:did>/edit")
def edit(did):
    delegate = load_term_delegate(did, manage=True)
    form = _filled_edit_form(delegate)
    if form.validate_on_submit():
        delegation = db.session.get(Delegation, form.delegation_id.data)
        ok, _r = apply_service(form, lambda: delegates.update_delegate(
            current_user, delegate, name=form.name.data, delegation=delegation,
            group=delegates.get_or_create_group(current_user, delegate.congress,
                                               form.group.data)
            if (form.group.data or "").strip() else None,
            gender=form.gender.data or None, work_unit=form.work_unit.data,
            job_title=form.job_title.data, seat=form.seat.data,
            is_grassroots=form.is_grassroots.data))
        if ok:
            flash(_("Delegate saved."), "success")
            return redirect(_safe_back() or url_for("delegates.show", did=delegate.id))
        db.session.refresh(delegate)
    return _page(delegate, edit_form=form, status=422)


@bp.post("/delegates/<int:did>/terminate")
def terminate(did):
    delegate = load_term_delegate(did, manage=True)
    form = TerminationForm()
    if form.validate_on_submit():
        ok, _r = apply_service(form, lambda: delegates.terminate_delegate(
            current_user, delegate, form.on.data, form.reason.data))
        if ok:
            flash(_("The delegate's qualification has ended."), "success")
            return redirect(_safe_back() or url_for("delegates.show", did=delegate.id))
        db.session.refresh(delegate)
    return _page(delegate, termination_form=form, status=422)


@bp.get("/my/term")
def mine():
    """The delegate's own page: their record and their meetings of the term (where the home
    page sends a delegate with no current meeting)."""
    authorize(current_user.has_role(Role.delegate))
    delegate = current_user.delegate
    if delegate is None:
        raise not_found(Delegate)
    return render_template("people/my_term.html", delegate=delegate,
                           meetings=term_meetings(delegate), meeting_endpoint="meetings.tablet")
