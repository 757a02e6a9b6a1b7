"""Printed records of proposals: the compendium (提案汇编), the assignment notice (交办单) per
proposal and per unit, and the register as XLSX."""
import io

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from congress.core.pdf import render_pdf
from congress.core.time import to_local, utcnow
from congress.core.web import file_name, file_response
from congress.core.xlsx import XLSX, append_text_row
from congress.proposals import queries
from congress.proposals.evidence import evidence_for
from congress.proposals.handling import return_deadline


# the files' names as saved: Chinese titles (the URL's ASCII name is the fallback)
def compendium_name(meeting):
    return file_name(meeting.title, _("Proposal compendium"), ext=".pdf")


def assignment_notice_name(proposal):
    return file_name(_("Proposal assignment notice"), "_", proposal.title[:60], ext=".pdf")


def unit_notice_name(meeting, unit):
    return file_name(meeting.title, _("Assignment list"), "_", unit.name, ext=".pdf")


def compendium_pdf(meeting):
    groups = queries.compendium_proposals(meeting)
    cited = evidence_for([p for items in groups.values() for p in items])
    return render_pdf("records/proposal_compendium.html", meeting=meeting, groups=groups,
                      evidence=cited, generated_at=utcnow())


def _notice_context(proposal):
    window = proposal.meeting.options["return_window_workdays"]
    lead = proposal.lead_assignment
    return {"proposal": proposal, "lead": lead, "assisting": proposal.assisting_assignments,
            "return_by": return_deadline(lead, window) if lead else None, "window": window}


def assignment_notice_pdf(proposal):
    return render_pdf("records/proposal_assignment.html", meeting=proposal.meeting,
                      notices=[_notice_context(proposal)], unit=None, generated_at=utcnow())


def unit_notice_pdf(meeting, unit):
    """Every proposal currently assigned to the unit: a list, then one notice per proposal."""
    rows = queries.unit_inbox(unit, meeting)
    notices = [_notice_context(r.proposal) for r in rows]
    return render_pdf("records/proposal_assignment.html", meeting=meeting, notices=notices,
                      unit=unit, rows=rows, generated_at=utcnow())


REGISTER_COLUMNS = (("提案号", 8), ("案由", 44), ("类别", 10), ("领衔代表", 10), ("代表团", 14),
                    ("附议人数", 8), ("状态", 16), ("提交时间", 17), ("审查意见", 30),
                    ("主办单位", 22), ("协办单位", 28), ("办理期限", 12), ("答复时间", 17),
                    ("答复类别", 8), ("按期答复", 8), ("满意度", 10), ("办理轮次", 8))
RATING_WORDS = {"satisfied": "满意", "basically_satisfied": "基本满意", "unsatisfied": "不满意"}
STATUS_WORDS = {"submitted": "待审查", "accepted": "已立案待交办",
                "rejected": "不予立案（转意见建议）", "merged": "已并案", "assigned": "办理中",
                "replied": "已答复", "closed": "已办结", "withdrawn": "已撤回",
                "suggestion": "意见建议"}


def _local(value):
    return to_local(value).strftime("%Y-%m-%d %H:%M") if value else ""


def register_xlsx(meeting):
    """The register (提案登记表) of every filed proposal and suggestion, one row each.
    The labels are Chinese: the register is an official record, like the printed ones."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "提案登记表"
    append_text_row(sheet, [title for title, _ in REGISTER_COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for p in queries.meeting_proposals(meeting):
        lead = p.lead_assignment or next((a for a in reversed(p.assignments) if a.is_lead
                                          and a.return_reason is None), None)
        assisting = "、".join(a.unit.name for a in p.assisting_assignments)
        reply = p.latest_reply
        feedback = p.latest_feedback
        review = p.review_reason or ""
        if p.merged_into is not None:
            review = f"并入：{p.merged_into.title}" + (f"（{review}）" if review else "")
        append_text_row(sheet, [
            p.number or "", p.title, p.category, p.lead.name, p.lead.delegation.name,
            len(p.signed) - 1, STATUS_WORDS.get(p.status.value, p.status.value),
            _local(p.submitted_at), review, lead.unit.name if lead else "", assisting,
            lead.due_on if lead else None, _local(reply.created_at) if reply else "",
            reply.outcome.value if reply else "",
            ("是" if reply.is_on_time else "否") if reply else "",
            RATING_WORDS.get(feedback.rating.value, "") if feedback else "", p.round or ""])
    for index, (_title, width) in enumerate(REGISTER_COLUMNS, start=1):
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = width
    for row in sheet.iter_rows(min_row=2):
        row[1].alignment = Alignment(wrap_text=True, vertical="top")
        row[11].number_format = "yyyy-mm-dd"
    sheet.freeze_panes = "C2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def register_download(meeting):
    """The register as an XLSX download, for both doors."""
    return file_response(register_xlsx(meeting), XLSX,
                         file_name(meeting.title, _("Proposal register (XLSX)"), ext=".xlsx"),
                         f"proposals-{meeting.year}.xlsx")
