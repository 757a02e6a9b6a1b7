"""The organisation's register of residents' concerns (民情诉求登记表) as XLSX. The resident's
name and contact are left out unless the organisation's secretariat asks for them."""
import io

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from congress.core.job_worker import reading
from congress.core.time import local_today, to_local
from congress.core.web import file_name
from congress.core.xlsx import append_text_row
from congress.extensions import db
from congress.organisations.models import Organisation
from congress.studios import queries

STATUS_WORDS = {"received": "已受理", "answered": "当场答复", "referred": "已转办",
                "replied": "已答复", "closed": "已办结"}
CHANNEL_WORDS = {"reception": "工作室接待", "phone": "电话", "visit": "走访", "online": "网上"}
RATING_WORDS = {"satisfied": "满意", "basically_satisfied": "基本满意", "unsatisfied": "不满意"}
PERSONAL = ["群众姓名", "联系方式"]
READ_PART = 1000  # concerns read (and written) per reader stretch


def _local(value):
    return to_local(value).strftime("%Y-%m-%d %H:%M") if value else ""


class RegisterSheet:
    """The register being written: its header (the personal columns only when asked), then
    rows added a part at a time."""

    def __init__(self, with_personal):
        self.with_personal = with_personal
        self.workbook = Workbook()
        self.sheet = self.workbook.active
        self.sheet.title = "民情诉求登记表"
        append_text_row(self.sheet, ["受理时间", "工作室", "渠道", "类别", "诉求内容"]
                        + (PERSONAL if with_personal else [])
                        + ["受理代表", "状态", "转办期限", "承办单位", "答复期限", "是否逾期",
                           "满意度"])
        for cell in self.sheet[1]:
            cell.font = Font(bold=True)

    def add(self, concerns, today):
        for c in concerns:
            append_text_row(self.sheet, [
                _local(c.received_at), c.studio.name, CHANNEL_WORDS[c.channel.value],
                c.category or "", c.text]
                + ([c.resident_name or "", c.contact or ""] if self.with_personal else [])
                + [c.taken_by.name if c.taken_by else "", STATUS_WORDS[c.status.value],
                   c.refer_by, c.unit.name if c.unit else "", c.due_on,
                   "是" if c.is_overdue(today) else "否",
                   RATING_WORDS[c.rating.value] if c.rating else ""])

    def data(self):
        buffer = io.BytesIO()
        self.workbook.save(buffer)
        return buffer.getvalue()


def build_register(organisation_id, with_personal, progress=lambda fraction: None):
    """The organisation's register as XLSX bytes and its file name. Read a part of
    READ_PART concerns at a time, each in a reader stretch of its own (no write lock, and no
    transaction open while the file is saved); `progress(fraction)` after each part."""
    with reading():
        organisation = db.session.get(Organisation, organisation_id)
        ids = queries.register_concern_ids(organisation)
        name = file_name(organisation.name, _("Residents' concerns"), ext=".xlsx")
    register, today = RegisterSheet(with_personal), local_today()
    for start in range(0, len(ids), READ_PART):
        with reading():
            register.add(queries.concerns_by_ids(ids[start:start + READ_PART]), today)
        progress(min(start + READ_PART, len(ids)) / len(ids))
    return register.data(), name
