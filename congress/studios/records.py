"""The organisation's register of residents' concerns (民情诉求登记表) as XLSX. The resident's
name and contact are left out unless the organisation's secretariat asks for them."""
import io

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from congress.core.time import local_today, to_local
from congress.core.web import file_name, file_response
from congress.core.xlsx import append_text_row
from congress.studios import queries

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
STATUS_WORDS = {"received": "已受理", "answered": "当场答复", "referred": "已转办",
                "replied": "已答复", "closed": "已办结"}
CHANNEL_WORDS = {"reception": "工作室接待", "phone": "电话", "visit": "走访", "online": "网上"}
RATING_WORDS = {"satisfied": "满意", "basically_satisfied": "基本满意", "unsatisfied": "不满意"}
PERSONAL = ["群众姓名", "联系方式"]


def _local(value):
    return to_local(value).strftime("%Y-%m-%d %H:%M") if value else ""


def concerns_xlsx(organisation, with_personal):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "民情诉求登记表"
    header = ["受理时间", "工作室", "渠道", "类别", "诉求内容"] \
        + (PERSONAL if with_personal else []) \
        + ["受理代表", "状态", "转办期限", "承办单位", "答复期限", "是否逾期", "满意度"]
    append_text_row(sheet, header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    today = local_today()
    for c in queries.register_concerns(organisation):
        append_text_row(sheet, [
            _local(c.received_at), c.studio.name, CHANNEL_WORDS[c.channel.value],
            c.category or "", c.text]
            + ([c.resident_name or "", c.contact or ""] if with_personal else [])
            + [c.taken_by.name if c.taken_by else "", STATUS_WORDS[c.status.value], c.refer_by,
               c.unit.name if c.unit else "", c.due_on, "是" if c.is_overdue(today) else "否",
               RATING_WORDS[c.rating.value] if c.rating else ""])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def concerns_download(organisation, with_personal):
    return file_response(concerns_xlsx(organisation, with_personal), XLSX,
                         file_name(organisation.name, _("Residents' concerns"), ext=".xlsx"),
                         f"concerns-{organisation.id}.xlsx")
