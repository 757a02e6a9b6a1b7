"""Studio pages: the secretariat's studios, a studio with its roster and concerns, a concern
with its actions; the delegate's duties; the public intake (有事找代表) and tracking page."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from congress.core.auth import authorize
from congress.core.errors import DomainError
from congress.core.forms import EmptyForm, apply_service
from congress.core.limits import count_public_post
from congress.core.paging import requested_page
from congress.core.time import from_local, local_today, utcnow
from congress.organisations.access import load_organisation
from congress.studios import access, jobs as studio_jobs, queries, services
from congress.studios.forms import (
    ConcernForm,
    DutyForm,
    FeedbackForm,
    PublicConcernForm,
    ReferralForm,
    StudioForm,
    TextForm,
)
from congress.studios.models import STATUS_TITLES, Channel, ConcernStatus

bp = Blueprint("studios", __name__)
public_bp = Blueprint("public_concerns", __name__)


@bp.before_request
@login_required
def _signed_in():
    """Every page here but the public ones needs a signed-in user."""


# --- the secretariat's pages ---------------------------------------------------------------

@bp.get("/organisations/<int:oid>/studios")
def index(oid, form=None, status=200):
    organisation = load_organisation(oid)
    authorize(access.views_studios(current_user, organisation))
    state = request.args.get("status") or None
    if state not in (None, *[s.value for s in ConcernStatus]):
        state = None
    return render_template(
        "studios/index.html", organisation=organisation,
        studios=queries.studios_of(organisation), form=form or StudioForm(formdata=None),
        concerns=queries.organisation_concerns_page(organisation, state, requested_page()),
        state=state, statuses=STATUS_TITLES, today=local_today(),
        manages=access.manages_studios(current_user, organisation), access=access,
        empty=EmptyForm(formdata=None), live_organisation=organisation), status


@bp.post("/organisations/<int:oid>/concerns/register")
def export(oid):
    """Queue the register of concerns (a job); the resident's name and contact only when the
    organisation's secretariat asks (personal=1), left out for everyone else."""
    organisation = load_organisation(oid)
    authorize(access.views_studios(current_user, organisation))
    form = EmptyForm()
    if form.validate_on_submit():
        personal = request.form.get("personal") == "1" \
            and access.is_secretariat_of(current_user, organisation.id)
        ok, _job = apply_service(form, lambda: studio_jobs.enqueue_register(
            current_user, organisation, personal))
        if ok:
            flash(_("The register is being made; the download appears here when it is ready."),
                  "success")
    return redirect(url_for("organisations.organisation_jobs", oid=oid))


@bp.post("/organisations/<int:oid>/studios")
def create(oid):
    organisation = load_organisation(oid)
    authorize(access.manages_studios(current_user, organisation))
    form = StudioForm()
    if form.validate_on_submit():
        ok, studio = apply_service(form, lambda: services.create_studio(
            current_user, organisation, **form.values()))
        if ok:
            flash(_("Studio created."), "success")
            return redirect(url_for("studios.show", sid=studio.id))
    return index(oid, form=form, status=422)


def _duty_form(studio, formdata=None):
    form = DutyForm(formdata=formdata) if formdata is not None else DutyForm(formdata=None)
    form.delegate_id.choices = [(d.id, d.name) for d in queries.delegates_of(
        studio.organisation_id)]
    return form


@bp.get("/studios/<int:sid>")
def show(sid, studio_form=None, duty_form=None, concern_form=None, status=200):
    studio = access.load_studio(sid)
    manages = access.manages_studios(current_user, studio.organisation)
    return render_template(
        "studios/show.html", studio=studio, manages=manages,
        studio_form=studio_form or StudioForm(obj=studio, formdata=None),
        duty_form=duty_form or (_duty_form(studio) if manages else None),
        concern_form=concern_form or ConcernForm(formdata=None),
        may_take=access.may_take_at(current_user, studio), roster=queries.roster(studio),
        concerns=queries.studio_concerns(studio, limit=200), today=local_today(),
        access=access, empty=EmptyForm(), live_organisation=studio.organisation), status


@bp.post("/studios/<int:sid>")
def update(sid):
    studio = access.load_studio(sid)
    authorize(access.manages_studios(current_user, studio.organisation))
    form = StudioForm()
    if form.validate_on_submit():
        ok, _studio = apply_service(form, lambda: services.update_studio(
            current_user, studio, **form.values()))
        if ok:
            flash(_("Studio saved."), "success")
            return redirect(url_for("studios.show", sid=sid))
    return show(sid, studio_form=form, status=422)


@bp.post("/studios/<int:sid>/delete")
def delete(sid):
    """Delete a studio that has no concerns on record (its roster goes with it)."""
    studio = access.load_studio(sid)
    authorize(access.manages_studios(current_user, studio.organisation))
    oid = studio.organisation_id
    form = EmptyForm()
    if form.validate_on_submit():
        ok, _none = apply_service(form, lambda: services.delete_studio(current_user, studio))
        if ok:
            flash(_("Studio deleted."), "success")
            return redirect(url_for("studios.index", oid=oid))
    return redirect(url_for("studios.show", sid=sid))


@bp.post("/studios/<int:sid>/duties")
def add_duty(sid):
    studio = access.load_studio(sid)
    authorize(access.manages_studios(current_user, studio.organisation))
    form = _duty_form(studio, request.form)
    if form.validate_on_submit():
        def add():
            delegate = access.delegate_target(studio, form.delegate_id.data)
            return services.add_duty(current_user, studio, delegate,
                                     from_local(form.starts_at.data),
                                     from_local(form.ends_at.data))
        ok, _duty = apply_service(form, add)
        if ok:
            flash(_("Duty added to the roster."), "success")
            return redirect(url_for("studios.show", sid=sid))
    return show(sid, duty_form=form, status=422)


@bp.post("/studios/<int:sid>/duties/<int:did>/delete")
def remove_duty(sid, did):
    _studio, duty = access.load_roster_duty(sid, did)
    form = EmptyForm()
    if form.validate_on_submit():
        ok, _none = apply_service(form, lambda: services.remove_duty(current_user, duty))
        if ok:
            flash(_("Duty removed."), "success")
    return redirect(url_for("studios.show", sid=sid))


@bp.post("/studios/<int:sid>/concerns")
def take(sid):
    studio = access.load_studio(sid)
    authorize(access.may_take_at(current_user, studio))
    form = ConcernForm()
    if form.validate_on_submit():
        ok, concern = apply_service(form, lambda: services.take_concern(
            current_user, studio, channel=Channel(form.channel.data), text=form.text.data,
            resident_name=form.resident_name.data, contact=form.contact.data,
            category=form.category.data,
            taken_by=access.own_delegate_or_none(current_user)))
        if ok:
            flash(_("Concern recorded. Tracking code: %(code)s", code=concern.tracking_code),
                  "success")
            return redirect(url_for("studios.concern", cid=concern.id))
    return show(sid, concern_form=form, status=422)


# --- one concern ---------------------------------------------------------------------------

@bp.get("/concerns/<int:cid>")
def concern(cid, forms=None, status=200):
    concern = access.load_concern(cid)
    forms = forms or {}
    referral = forms.get("referral") or ReferralForm(formdata=None)
    referral.unit_id.choices = [(u.id, u.name) for u in queries.units_of(concern.organisation_id)]
    name, contact = access.personal(current_user, concern)
    return render_template(
        "studios/concern.html", concern=concern, resident_name=name, contact=contact,
        live_organisation=concern.organisation,
        today=local_today(), handles=access.handles(current_user, concern),
        may_reply=access.may_reply(current_user, concern),
        may_rate=access.may_record_feedback(current_user, concern),
        sees_code=access.may_see_personal(current_user, concern),
        answer_form=forms.get("answer") or TextForm(formdata=None), referral_form=referral,
        reply_form=forms.get("reply") or TextForm(formdata=None),
        feedback_form=forms.get("feedback") or FeedbackForm(formdata=None)), status


def _concern_step(cid, allowed, form, name, action, done):
    concern = access.load_concern(cid)
    authorize(allowed(current_user, concern))
    if form.validate_on_submit():
        ok, _result = apply_service(form, lambda: action(concern))
        if ok:
            flash(done, "success")
            return redirect(url_for("studios.concern", cid=cid))
    return globals()["concern"](cid, forms={name: form}, status=422)


@bp.post("/concerns/<int:cid>/answer")
def answer(cid):
    form = TextForm()
    return _concern_step(cid, access.handles, form, "answer", lambda c: services.answer_concern(
        current_user, c, form.text.data, delegate=access.own_delegate_or_none(current_user)),
        _("Answered on the spot."))


@bp.post("/concerns/<int:cid>/referral")
def refer(cid):
    form = ReferralForm()
    concern = access.load_concern(cid)
    form.unit_id.choices = [(u.id, u.name) for u in queries.units_of(concern.organisation_id)]
    return _concern_step(cid, access.handles, form, "referral", lambda c: services.refer_concern(
        current_user, c, access.unit_target(c, form.unit_id.data), form.note.data,
        delegate=access.own_delegate_or_none(current_user)),
        _("Referred to the handling unit."))


@bp.post("/concerns/<int:cid>/replies")
def reply(cid):
    form = TextForm()
    return _concern_step(cid, access.may_reply, form, "reply", lambda c: services.reply_concern(
        current_user, c, form.text.data), _("Reply sent."))


@bp.post("/concerns/<int:cid>/feedback")
def feedback(cid):
    form = FeedbackForm()
    return _concern_step(cid, access.may_record_feedback, form, "feedback",
                         lambda c: services.give_feedback(current_user, c, form.rating.data),
                         _("Satisfaction recorded."))


# --- the delegate's duties -----------------------------------------------------------------

@bp.get("/my/duties")
def my_duties():
    delegate = access.own_delegate()
    return render_template("studios/my_duties.html", delegate=delegate,
                           duties=queries.duties_of(delegate),
                           concerns=queries.delegate_concerns(delegate), today=local_today(),
                           now=utcnow(), empty=EmptyForm(),
                           live_organisation=delegate.congress.organisation)


@bp.post("/my/duties/<int:did>/check-in")
def check_in(did):
    duty = access.load_duty(did)
    form = EmptyForm()
    if form.validate_on_submit():
        ok, _duty = apply_service(form, lambda: services.check_in_duty(current_user, duty))
        if ok:
            flash(_("Checked in for your duty."), "success")
    return redirect(url_for("studios.my_duties"))


# --- the public intake (有事找代表), no account ---------------------------------------------

def _public_form(formdata=None):
    form = PublicConcernForm(formdata=formdata) if formdata is not None \
        else PublicConcernForm(formdata=None)
    form.studio_id.choices = [(0, _("Choose a studio"))] + [
        (s.id, f"{s.organisation.name} · {s.name}") for s in queries.all_studios()]
    return form


@public_bp.get("/public/concerns")
def public_form(form=None, status=200):
    return render_template("studios/public_form.html", form=form or _public_form()), status


@public_bp.post("/public/concerns")
def public_submit():
    count_public_post()  # every POST counts, valid or not
    form = _public_form(request.form)
    if form.validate_on_submit():
        def submit():
            return services.take_concern(
                None, access.public_studio(form.studio_id.data), channel=Channel.online,
                text=form.text.data, resident_name=form.resident_name.data,
                contact=form.contact.data)
        ok, concern = apply_service(form, submit)
        if ok:
            return redirect(url_for("public_concerns.tracking", code=concern.tracking_code,
                                    new=1))
    return public_form(form=form, status=422)


@public_bp.get("/public/concerns/track")
def find():
    code = (request.args.get("code") or "").strip().upper()
    if not code:
        return render_template("studios/public_find.html", code="")
    try:
        access.tracked_concern(code)
    except DomainError as error:
        return render_template("studios/public_find.html", code=code,
                               error=error.message), 404
    return redirect(url_for("public_concerns.tracking", code=code))


@public_bp.get("/public/concerns/<code>")
def tracking(code, form=None, status=200):
    concern = access.tracked_concern(code)
    return render_template("studios/public_tracking.html", concern=concern,
                           is_new=request.args.get("new") == "1",
                           form=form or FeedbackForm(formdata=None),
                           live_stream=url_for("api.public_tracking_events",
                                               code=concern.tracking_code)), status


@public_bp.post("/public/concerns/<code>/feedback")
def public_feedback(code):
    count_public_post()
    concern = access.tracked_concern(code)
    form = FeedbackForm()
    if form.validate_on_submit():
        ok, _concern = apply_service(form, lambda: services.give_feedback(
            None, concern, form.rating.data))
        if ok:
            flash(_("Thank you for your feedback."), "success")
            return redirect(url_for("public_concerns.tracking", code=concern.tracking_code))
    return tracking(code, form=form, status=422)
