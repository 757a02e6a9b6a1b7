"""The records centre: every printable document of a meeting with when it was last generated
and from which data version; the minutes' editor (header, sections, finalising, versions);
login cards and the archive, queued as jobs whose progress the page follows."""
from collections import namedtuple

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from congress.core import jobs
from congress.core.database import reads_first
from congress.core.forms import EmptyForm, apply_service
from congress.core.web import file_name, pdf_response
from congress.extensions import db
from congress.records import access, documents, jobs as records_jobs, services
from congress.records.forms import MinutesHeaderForm, MinutesSectionForm
from congress.records.minutes import header_of, sections_of

bp = Blueprint("records", __name__)


@bp.before_request
@login_required
def _signed_in():
    """Every records page needs a signed-in user."""


@bp.get("/meetings/<int:mid>/records")
def centre(mid):
    meeting = access.meeting_records(mid)
    _content, _digest, latest, changed = services.minutes_state(meeting)
    prints = services.last_prints(meeting)
    return render_template("records_centre/centre.html", meeting=meeting,
                           rows=documents.status(meeting, prints), latest=latest,
                           minutes_changed=changed, button=EmptyForm(),
                           cards_printed=prints.get("cards.pdf"), jobs=_visible_jobs(meeting))


@bp.get("/meetings/<int:mid>/records/files/<path:key>")
def download(mid, key):
    """The document as the data stands now; a GET writes nothing, so it is not logged."""
    meeting = access.meeting_records(mid)
    document = access.load_document(meeting, key)
    return documents.respond(meeting, document, document.build(meeting),
                             f"meeting-{meeting.id}-{key}")


@bp.post("/meetings/<int:mid>/records/files/<path:key>")
@reads_first  # rendered before the write lock is taken for the print log
def print_document(mid, key):
    """The records centre's Print/Download button: the document, entered in the print log
    with the data version it was made from."""
    meeting = access.meeting_records(mid)
    document = access.load_document(meeting, key)
    if not EmptyForm().validate_on_submit():
        abort(400)
    data = documents.generate(current_user, meeting, document)
    db.session.commit()
    return documents.respond(meeting, document, data, f"meeting-{meeting.id}-{key}")


# --- jobs: login cards and the archive -----------------------------------------------------------

@bp.post("/meetings/<int:mid>/records/cards")
def print_cards(mid):
    """Queue the login cards (new PINs) for the whole meeting or one delegation."""
    meeting = access.meeting_cards(mid)
    form = EmptyForm()
    if form.validate_on_submit():
        delegation = request.form.get("delegation", "").strip() or None
        ok, _job = apply_service(form, lambda: records_jobs.enqueue_cards(
            current_user, meeting, delegation_name=delegation))
        if ok:
            flash(_("The login cards are being made; the download appears here when they are "
                    "ready."), "success")
    return redirect(url_for("records.centre", mid=mid, _anchor="jobs"))


@bp.post("/meetings/<int:mid>/records/archive")
def build_archive(mid):
    meeting = access.meeting_archive(mid)
    form = EmptyForm()
    if form.validate_on_submit():
        ok, _job = apply_service(form, lambda: records_jobs.enqueue_archive(current_user,
                                                                            meeting))
        if ok:
            flash(_("The archive is being built; the download appears here when it is ready."),
                  "success")
    return redirect(url_for("records.centre", mid=mid, _anchor="jobs"))


@bp.get("/meetings/<int:mid>/records/jobs")
def jobs_panel(mid):
    """The jobs fragment (re-fetched by static/js/jobs.js when a job ends)."""
    meeting = access.meeting_records(mid)
    return render_template("_jobs.html", meeting=meeting,
                           jobs=_visible_jobs(meeting))


def _visible_jobs(meeting):
    return jobs.recent_jobs_for(current_user, meeting)


# --- the minutes --------------------------------------------------------------------------------

@bp.route("/meetings/<int:mid>/records/minutes", methods=["GET", "POST"])
def minutes(mid):
    """The editor: the header and every section are one form with one save, so saving one
    part never drops an unsaved change of another; an invalid field shows the whole form
    again as typed, with the message next to it."""
    if request.method == "POST":
        meeting = access.meeting_minutes(mid)
    else:
        meeting = access.meeting_records(mid)
    form = MinutesHeaderForm(obj=header_of(meeting))
    sections = [_editor_section(meeting, index, s)
                for index, s in enumerate(sections_of(meeting))]
    new_form = MinutesSectionForm(prefix="new")
    if request.method == "POST" and _all_valid(form, sections, new_form):
        ok, _result = apply_service(form, lambda: services.save_minutes(
            current_user, meeting,
            header={"chair": form.chair.data, "recorder": form.recorder.data,
                    "non_voting": form.non_voting.data},
            sections=[(entry.section if entry.is_saved else index,
                       dict(entry.form.section_data(), remove=entry.form.remove.data))
                      for index, entry in enumerate(sections)],
            new=None if new_form.is_blank() else new_form.section_data()))
        if ok:
            flash(_("The minutes are saved."), "success")
            return redirect(url_for("records.minutes", mid=mid))
    status = 422 if request.method == "POST" else 200
    return _minutes_page(meeting, form, new_form, sections, status)


def _all_valid(form, sections, new_form):
    valid = form.validate_on_submit()
    for entry in sections:
        valid = entry.form.validate() and valid
    if not new_form.is_blank():
        valid = new_form.validate() and valid
    return valid


# A section as the editor shows it: saved, or one of the default sections not saved yet
EditorSection = namedtuple("EditorSection", "section form anchor is_saved")


def _editor_section(meeting, index, section):
    data = {"heading": section.heading, "body": section.body,
            "placement": section.placement.value}
    if section.id is None:
        return EditorSection(section, MinutesSectionForm(prefix=f"d{index}", data=data),
                             f"default-{index}", False)
    return EditorSection(section, MinutesSectionForm(prefix=f"s{section.id}", data=data),
                         f"section-{section.id}", True)


def _minutes_page(meeting, header_form, new_form, sections=None, status=200):
    _, digest, latest, changed = services.minutes_state(meeting)
    if sections is None:
        sections = [_editor_section(meeting, index, s)
                    for index, s in enumerate(sections_of(meeting))]
    return render_template("records_centre/minutes.html", meeting=meeting, form=header_form,
                           new_form=new_form, sections=sections, digest=digest,
                           latest=latest, changed=changed,
                           versions=services.versions_of(meeting), button=EmptyForm()), status


@bp.post("/meetings/<int:mid>/records/minutes/finalise")
@reads_first  # the PDF is rendered before the write lock is taken
def finalise(mid):
    meeting = access.meeting_minutes(mid)
    form = EmptyForm()
    if form.validate_on_submit():
        ok, version = apply_service(form, lambda: services.finalise_minutes(current_user,
                                                                            meeting))
        if ok:
            flash(_("Version %(n)s of the minutes is final.", n=version.number), "success")
    return redirect(url_for("records.minutes", mid=mid))


@bp.get("/meetings/<int:mid>/records/minutes/draft.pdf")
def minutes_draft(mid):
    meeting = access.meeting_records(mid)
    content, digest, _latest, _changed = services.minutes_state(meeting)
    return pdf_response(services.render_minutes(meeting, content, digest),
                        f"meeting-{meeting.id}-minutes-draft.pdf",
                        file_name(meeting.title, _("Minutes (draft)"), ext=".pdf"))


@bp.get("/meetings/<int:mid>/records/minutes/v<int:number>.pdf")
def minutes_version(mid, number):
    meeting = access.meeting_records(mid)
    version = access.load_minutes_version(meeting, number)
    return pdf_response(version.pdf, f"meeting-{meeting.id}-minutes-v{number}.pdf",
                        file_name(meeting.title, _("Minutes, version %(n)s", n=number),
                                  ext=".pdf"))
