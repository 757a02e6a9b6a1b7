"""Reports: read tabled reports (any version), post and change review comments, and the
group sessions' progress. Loading and checking is reports/access.py, as for the pages."""
from flask_login import current_user

from congress.api.base import bp, created
from congress.api.spec import body, operation, query
from congress.core.time import isoformat
from congress.extensions import db
from congress.reports import access, groups, resolutions, services
from congress.reports.schemas import (
    GroupProgressList,
    NewReviewComment,
    ReportDetail,
    ReportList,
    ReportQuery,
    ReviewCommentList,
    ReviewCommentOut,
    ReviewCommentText,
)

COMMENTS_CLOSED = "The report is not tabled, or the group session has ended"


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
            "editable": services.comments_open_for(comment.meeting_id, comment.delegation_id)}


def group_json(row):
    return {
        "delegation": {"id": row["delegation"].id, "name": row["delegation"].name},
        "status": row["status"].value,
        "recorder": ({"id": row["recorder"].id, "name": row["recorder"].name}
                     if row["recorder"] else None),
        "members": row["members"], "present": row["present"], "comments": row["comments"],
        "commenters": row["commenters"], "notes_chars": row["notes_chars"],
        "notes_updated_at": isoformat(row["notes_updated_at"]),
    }


@bp.get("/meetings/<int:mid>/reports")
@operation("The meeting's tabled reports (without their text)", tag="reports", ok=ReportList)
def list_reports(mid):
    meeting = access.load_meeting_reports(mid)
    return {"reports": [report_json(r) for r in services.reports_of(meeting, tabled_only=True)]}


@bp.get("/reports/<int:rid>")
@operation("A tabled report with the blocks of its current version; ?version=N for another "
           "(tabled versions are frozen; a draft is the secretariat's preview)",
           tag="reports", query=ReportQuery, ok=ReportDetail)
def get_report(rid):
    report = access.load_report(rid)
    return report_json(report, access.load_version(report, query().version))


@bp.get("/reports/<int:rid>/comments")
@operation("Review comments the caller may read: a delegate their own, a group recorder also "
           "the group's, the secretariat all", tag="reports", ok=ReviewCommentList)
def list_comments(rid):
    report = access.load_report(rid)
    return {"comments": [comment_json(c) for c in services.visible_comments(current_user,
                                                                            report)]}


@bp.post("/reports/<int:rid>/comments")
@operation("Write a review comment on the current version (delegate), on the whole report or "
           "one paragraph", tag="reports", body=NewReviewComment, ok=ReviewCommentOut,
           status=201, conflicts=COMMENTS_CLOSED)
def create_comment(rid):
    report = access.load_report_to_comment(rid)
    data = body()
    comment = services.add_comment(current_user, current_user.delegate, report,
                                   text=data.text, block_id=data.paragraph_id)
    db.session.commit()
    return created(comment_json(comment))


@bp.put("/comments/<int:cid>")
@operation("Change one's own comment until the group session ends", tag="reports",
           body=ReviewCommentText, ok=ReviewCommentOut,
           conflicts="The group session has ended")
def update_comment(cid):
    comment = access.load_own_comment(cid)
    services.update_comment(current_user, comment, text=body().text)
    db.session.commit()
    return comment_json(comment)


@bp.delete("/comments/<int:cid>")
@operation("Delete one's own comment until the group session ends", tag="reports",
           status=204, conflicts="The group session has ended")
def delete_comment(cid):
    comment = access.load_own_comment(cid)
    services.delete_comment(current_user, comment)
    db.session.commit()
    return "", 204


@bp.get("/meetings/<int:mid>/groups")
@operation("Group sessions' progress (chair, secretariat)", tag="reports",
           ok=GroupProgressList)
def group_progress(mid):
    meeting = access.load_meeting_groups(mid)
    return {"groups": [group_json(row) for row in groups.progress(meeting)]}
