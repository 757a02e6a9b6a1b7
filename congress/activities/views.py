"""Term work pages: an organisation's activities, its yearly requirements, its delegates'
ledgers (with the printed 履职情况表 and the sheet of who has not met the requirements), the
term statistics with charts and their XLSX, a congress's groups, and on the delegate's tablet
their own ledger and contact list."""
from datetime import date

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from congress.activities import jobs as activity_jobs, ledger as ledgers, queries, services
from congress.activities.access import (
    load_group_congress,
    load_ledger_delegate,
    load_own_contact,
    load_term_organisation,
    own_delegate,
)
from congress.activities.forms import (
    ActivityForm,
    ContactForm,
    ContactLogForm,
    GroupForm,
    RequirementsForm,
)
from congress.activities.records import (
    ledger_name,
    ledger_pdf,
    unmet_name,
    unmet_pdf,
)
from congress.activities.statistics import default_period, statistics, studio_statistics
from congress.core.errors import Invalid
from congress.core.forms import EmptyForm, apply_service, choices
from congress.core.time import local_today
from congress.core.web import pdf_response
from congress.meetings.delegate_access import load_congress
from congress.proposals.charts import bar_chart

bp = Blueprint("activities", __name__)
STUDIOS_CHARTED = 15


@bp.before_request
@login_required
def _signed_in():
    """Every page here needs a signed-in user."""


def _year():
    value = request.args.get("year", "")
    if not value:
        return local_today().year
    if not value.isdigit() or not 1900 <= int(value) <= 2200:
        raise Invalid(_("year: a year such as 2026"), field="year")
    return int(value)


def _day(name, default, values=None):
    value = (request.args if values is None else values).get(name, "")
    if not value:
        return default
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise Invalid(_("%(field)s: a date such as 2026-01-31", field=name),
                      field=name) from None


def _period(values=None):
    """The period asked for (the query string, or `values`: a posted form)."""
    first, last = default_period()
    first, last = _day("from", first, values), _day("to", last, values)
    if last < first:
        raise Invalid(_("to: must not be before from"), field="to")
    return first, last


# --- activities -----------------------------------------------------------------------------

def _activity_form(organisation, blank=False):
    form = ActivityForm(formdata=None) if blank else ActivityForm()
    form.delegate_ids.choices = choices(
        (d.id, f"{d.name}（{d.delegation.name}）") for d in queries.delegates_of(organisation))
    return form


def _activities_page(organisation, form=None, status=200):
    year = _year()
    manage = current_user.can_manage_term_work(organisation)
    if form is None and manage:
        form = _activity_form(organisation, blank=True)
    return render_template("activities/activities.html", organisation=organisation, year=year,
                           activities=queries.activities_of(organisation, year),
                           form=form if manage else None), status


@bp.get("/organisations/<int:oid>/activities")
def activities(oid):
    return _activities_page(load_term_organisation(oid))


@bp.post("/organisations/<int:oid>/activities")
def create_activity(oid):
    organisation = load_term_organisation(oid, manage=True)
    form = _activity_form(organisation)
    if form.validate_on_submit():
        ok, _activity = apply_service(form, lambda: services.create_activity(
            current_user, organisation, **form.values()))
        if ok:
            flash(_("Activity recorded."), "success")
            return redirect(url_for("activities.activities", oid=oid))
    return _activities_page(organisation, form=form, status=422)


# --- requirements ---------------------------------------------------------------------------

@bp.get("/organisations/<int:oid>/requirements")
def requirements(oid):
    organisation = load_term_organisation(oid, manage=True)
    form = RequirementsForm(formdata=None, obj=services.requirements_of(organisation.id))
    return render_template("activities/requirements.html", organisation=organisation,
                           form=form)


@bp.post("/organisations/<int:oid>/requirements")
def set_requirements(oid):
    organisation = load_term_organisation(oid, manage=True)
    form = RequirementsForm()
    if form.validate_on_submit():
        ok, _row = apply_service(form, lambda: services.set_requirements(
            current_user, organisation, **form.values()))
        if ok:
            flash(_("Requirements saved."), "success")
            return redirect(url_for("activities.requirements", oid=oid))
    return render_template("activities/requirements.html", organisation=organisation,
                           form=form), 422


# --- ledgers --------------------------------------------------------------------------------

@bp.get("/organisations/<int:oid>/ledgers")
def organisation_ledgers(oid):
    organisation = load_term_organisation(oid)
    year = _year()
    rows = ledgers.organisation_ledgers(organisation, year)
    return render_template("activities/ledgers.html", organisation=organisation, year=year,
                           rows=rows, unmet=sum(1 for _d, ledger in rows if not ledger.met),
                           requirements=services.requirements_of(organisation.id))


@bp.get("/organisations/<int:oid>/ledgers/unmet.pdf")
def unmet_sheet(oid):
    organisation = load_term_organisation(oid)
    year = _year()
    rows = [(d, ledger) for d, ledger in ledgers.organisation_ledgers(organisation, year)
            if not ledger.met]
    return pdf_response(unmet_pdf(organisation, year, rows), f"unmet-{oid}-{year}.pdf",
                        unmet_name(organisation, year))


def _ledger_page(delegate, own):
    year = _year()
    return render_template("activities/ledger.html", delegate=delegate, year=year,
                           ledger=ledgers.ledger_of(delegate, year), kinds=ledgers.KINDS,
                           own=own)


@bp.get("/delegates/<int:did>/ledger")
def delegate_ledger(did):
    return _ledger_page(load_ledger_delegate(did), own=False)


@bp.get("/delegates/<int:did>/ledger.pdf")
def delegate_ledger_pdf(did):
    delegate = load_ledger_delegate(did)
    year = _year()
    return pdf_response(ledger_pdf(delegate, ledgers.ledger_of(delegate, year)),
                        f"ledger-{did}-{year}.pdf", ledger_name(delegate, year))


@bp.get("/my/ledger")
def my_ledger():
    return _ledger_page(own_delegate(), own=True)


# --- statistics -----------------------------------------------------------------------------

@bp.get("/organisations/<int:oid>/term-statistics")
def term_statistics(oid):
    organisation = load_term_organisation(oid)
    first, last = _period()
    stats = statistics(organisation, first, last)
    studios = studio_statistics(organisation, first, last, chart_only=True)
    people = bar_chart(_("Delegates at work, by organisation"), [
        (o.name, [t.attended_plenaries, t.took_part_in_evaluations, t.active_at_studios,
                  t.took_part_in_inspections])
        for o, t in stats["rows"]],
        [_("Attended plenaries"), _("Evaluations"), _("Studios"), _("Inspections")])
    concerns = bar_chart(_("Concerns, by organisation"), [
        (o.name, [t.concerns["received"], t.concerns["referred"], t.concerns["closed"],
                  t.concerns["overdue"]]) for o, t in stats["rows"]],
        [_("Received"), _("Referred"), _("Concerns closed"), _("Overdue")])
    by_studio = bar_chart(_("Concerns, by studio (most first)"), [
        (s.name, [t.concerns["received"], t.active_at_studios])
        for s, t in studios[:STUDIOS_CHARTED]], [_("Received"), _("Active delegates")])
    return render_template("activities/statistics.html", organisation=organisation,
                           first=first, last=last, stats=stats, studios=studios,
                           charts=[(_("Delegates at work, by organisation"), people),
                                   (_("Concerns, by organisation"), concerns),
                                   (_("Concerns, by studio (most first)"), by_studio)],
                           studios_charted=STUDIOS_CHARTED, empty=EmptyForm(formdata=None))


@bp.post("/organisations/<int:oid>/term-statistics/export")
def export_term_statistics(oid):
    """Queue the term statistics' XLSX for the period shown (a job): the organisation's
    exports page shows its progress and then the download."""
    organisation = load_term_organisation(oid)
    form = EmptyForm()
    if form.validate_on_submit():
        ok, _job = apply_service(form, lambda: activity_jobs.enqueue_statistics(
            current_user, organisation, *_period(request.form)))
        if ok:
            flash(_("The statistics are being exported; the download appears here when they "
                    "are ready."), "success")
    return redirect(url_for("organisations.organisation_jobs", oid=oid))


# --- groups ---------------------------------------------------------------------------------

def _group_form(congress, blank=False):
    form = GroupForm(formdata=None) if blank else GroupForm()
    people = [(d.id, f"{d.name}（{d.delegation.name}）")
              for d in queries.delegates_of(congress.organisation, congress)]
    form.convener_id.choices = choices([(0, "—")] + people)
    form.member_ids.choices = choices(people)
    return form


def _groups_page(congress, form=None, status=200):
    manage = current_user.can_manage_congress(congress)
    if form is None and manage:
        form = _group_form(congress, blank=True)
    return render_template("activities/groups.html", congress=congress,
                           groups=queries.groups_of(congress), form=form), status


@bp.get("/congresses/<int:cid>/groups")
def groups(cid):
    return _groups_page(load_congress(cid))


@bp.post("/congresses/<int:cid>/groups")
def create_group(cid):
    congress = load_group_congress(cid)
    form = _group_form(congress)
    if form.validate_on_submit():
        ok, _group = apply_service(form, lambda: services.create_group(
            current_user, congress, **form.values()))
        if ok:
            flash(_("Group formed."), "success")
            return redirect(url_for("activities.groups", cid=cid))
    return _groups_page(congress, form=form, status=422)


# --- the delegate's contacts ----------------------------------------------------------------

def _contacts_page(contact_form=None, status=200):
    delegate = own_delegate()
    return render_template("activities/contacts.html", delegate=delegate,
                           contacts=queries.contacts_of(delegate),
                           form=contact_form or ContactForm(formdata=None),
                           log_form=ContactLogForm(formdata=None, on=local_today()),
                           ), status


@bp.get("/my/contacts")
def contacts():
    return _contacts_page()


@bp.post("/my/contacts")
def add_contact():
    delegate = own_delegate()
    form = ContactForm()
    if form.validate_on_submit():
        ok, _contact = apply_service(form, lambda: services.add_contact(
            current_user, delegate, **form.values()))
        if ok:
            flash(_("Contact added."), "success")
            return redirect(url_for("activities.contacts"))
    return _contacts_page(contact_form=form, status=422)


@bp.post("/my/contacts/<int:contact_id>/logs")
def log_contact(contact_id):
    contact = load_own_contact(contact_id)
    form = ContactLogForm()
    if form.validate_on_submit():
        ok, _log = apply_service(form, lambda: services.log_contact(
            current_user, contact, **form.values()))
        if ok:
            flash(_("Contact logged."), "success")
            return redirect(url_for("activities.contacts"))
    else:
        flash(_("Give the day of the contact."), "error")
    return _contacts_page(status=422)
