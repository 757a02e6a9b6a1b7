"""Reports: read tabled reports (any version), post and change review comments, and the
group sessions' progress."""
from flask import request
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from congress.api.base import allow, bp, created, field, json_body, load
from congress.core.errors import Forbidden, NotFound
from congress.core.time import isoformat
from congress.extensions import db
from congress.meetings.models import Meeting
from congress.reports import groups, resolutions, services
from congress.reports.models import Report, ReviewComment


def version_json(version, blocks=True):
    payload = {"number": version.number, "tabled": version.is_tabled,
               "tabled_at": isoformat(version.tabled_at), "note": version.note}
    if blocks:
        payload["blocks"] = [
            {"id": b.id, "kind": b.kind.value, "level": b.level, "number": b.number,
             "text": b.text, **({"rows": b.rows} if b.rows is not None else {})}
            for b in version.blocks]
    return payload


def outcome_json(resolution):
    outcome = resolutions.outcome(resolution)
    payload = {"id": resolution.id, "title": resolution.title,
               "ballot_id": resolution.ballot_id, "status": "draft" if outcome is None
               else outcome["status"].value, "passed": None, "counts": None}
    if outcome is not None and outcome["counts"] is not None:
        payload |= {"passed": outcome["passed"], "counts": dict(outcome["counts"]),
                    "unmarked": outcome["unmarked"], "present": outcome["present"]}
    return payload


def report_json(report, version=None):
    current = report.current_version
    payload = {"id": report.id, "meeting_id": report.meeting_id, "title": report.title,
               "kind": report.kind.value,
               "current_version": current.number if current else None,
               "versions": [version_json(v, blocks=False) for v in report.tabled_versions]}
    if version is not None:
        payload["version"] = version_json(version)
        payload["resolutions"] = [outcome_json(r) for r in resolutions.resolutions_on(report)]
    return payload


def comment_json(comment):
    return {"id": comment.id, "report_id": comment.report_id,
            "version": comment.version.number,
            "paragraph_id": comment.block_id,
            "paragraph": comment.block.number if comment.block is not None else None,
            "text": comment.text, "delegate": {"id": comment.delegate_id,
                                               "name": comment.delegate.name},
            "delegation": comment.delegation.name,
            "created_at": isoformat(comment.created_at),
            "updated_at": isoformat(comment.updated_at),
            "editable": services.comments_open_for(comment.delegation_id)}


def _tabled(rid):
    report = load(Report, rid)
    allow(current_user.can_read_reports(report.meeting))
    if not report.is_tabled and not current_user.can_manage_reports(report.meeting):
        raise NotFound(_l("No such %(thing)s.", thing=Report.label))
    return report


@bp.get("/meetings/<int:mid>/reports")
def list_reports(mid):
    meeting = load(Meeting, mid)
    allow(current_user.can_read_reports(meeting))
    return {"reports": [report_json(r) for r in services.reports_of(meeting, tabled_only=True)]}


@bp.get("/reports/<int:rid>")
def get_report(rid):
    """The current version with its blocks; ?version=N for another tabled version."""
    report = _tabled(rid)
    number = request.args.get("version", type=int)
    version = report.current_version if number is None else services.version_of(report, number)
    if version is None or (not version.is_tabled
                           and not current_user.can_manage_reports(report.meeting)):
        raise NotFound(_l("No such version of this report."), code="no_such_version")
    return report_json(report, version)


@bp.get("/reports/<int:rid>/comments")
def list_comments(rid):
    """The comments the caller may read: their own; a recorder also the group's; the
    secretariat all."""
    report = _tabled(rid)
    return {"comments": [comment_json(c) for c in services.visible_comments(current_user,
                                                                            report)]}


@bp.post("/reports/<int:rid>/comments")
def create_comment(rid):
    report = _tabled(rid)
    allow(current_user.can_comment_on_reports(report.meeting))
    data = json_body()
    comment = services.add_comment(
        current_user, current_user.delegate, report, text=field(data, "text", str),
        block_id=field(data, "paragraph_id", int, required=False))
    db.session.commit()
    return created(comment_json(comment))


def _own(cid):
    comment = load(ReviewComment, cid)
    if not current_user.can_edit_comment(comment):
        raise Forbidden(_l("Only its author may change a comment."))
    return comment


@bp.put("/comments/<int:cid>")
def update_comment(cid):
    comment = _own(cid)
    services.update_comment(current_user, comment, text=field(json_body(), "text", str))
    db.session.commit()
    return comment_json(comment)


@bp.delete("/comments/<int:cid>")
def delete_comment(cid):
    comment = _own(cid)
    services.delete_comment(current_user, comment)
    db.session.commit()
    return "", 204


@bp.get("/meetings/<int:mid>/groups")
def group_progress(mid):
    meeting = load(Meeting, mid)
    allow(current_user.can_view_group_progress(meeting))
    return {"groups": [{
        "delegation": {"id": row["delegation"].id, "name": row["delegation"].name},
        "status": row["status"].value,
        "recorder": ({"id": row["recorder"].id, "name": row["recorder"].name}
                     if row["recorder"] else None),
        "members": row["members"], "present": row["present"], "comments": row["comments"],
        "commenters": row["commenters"], "notes_chars": row["notes_chars"],
        "notes_updated_at": isoformat(row["notes_updated_at"]),
    } for row in groups.progress(meeting)]}

