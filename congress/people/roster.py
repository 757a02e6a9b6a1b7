"""Roster import in two steps (upload → preview with every row's problems → commit, all or
nothing) from CSV or XLSX, and roster export to XLSX."""
import csv
import io
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from openpyxl import Workbook, load_workbook
from sqlalchemy import JSON, ForeignKey, String, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from congress.core.audit import record
from congress.core.errors import Conflict, Invalid
from congress.core.time import UTCDateTime, utcnow
from congress.extensions import db
from congress.people.models import Delegate, Delegation
from congress.people.services import create_delegate, find_delegation

# Accepted column headings (Chinese as printed by secretariats, and English) → field
HEADINGS = {
    "姓名": "name", "name": "name",
    "代表团": "delegation", "delegation": "delegation",
    "性别": "gender", "gender": "gender",
    "工作单位": "work_unit", "单位": "work_unit", "work_unit": "work_unit", "unit": "work_unit",
    "职务": "job_title", "job_title": "job_title", "position": "job_title",
    "座位": "seat", "座位号": "seat", "seat": "seat",
    "基层代表": "grassroots", "基层": "grassroots", "grassroots": "grassroots",
}
EXPORT_COLUMNS = (("name", "姓名"), ("delegation", "代表团"), ("gender", "性别"),
                  ("work_unit", "工作单位"), ("job_title", "职务"), ("seat", "座位"),
                  ("grassroots", "基层代表"), ("username", "登录名"))
GENDER_WORDS = {"男": "male", "女": "female", "male": "male", "female": "female",
                "m": "male", "f": "female"}
YES_WORDS = {"是", "yes", "y", "true", "1", "√", "✓"}
NO_WORDS = {"否", "no", "n", "false", "0", ""}
MAX_ROWS = 5000


class RosterImport(db.Model):
    """An uploaded roster waiting for the secretariat to look at the preview and commit."""

    __tablename__ = "roster_imports"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    filename: Mapped[str] = mapped_column(String(255))
    rows: Mapped[list] = mapped_column(JSON)
    created_at: Mapped[object] = mapped_column(UTCDateTime, default=utcnow)
    committed_at: Mapped[object | None] = mapped_column(UTCDateTime)

    meeting = relationship("Meeting")

    def __repr__(self):
        return f"<RosterImport {self.id} {self.filename} committed={self.committed_at is not None}>"


@dataclass
class PreviewRow:
    line: int
    values: dict
    problems: list = field(default_factory=list)


def read_table(filename, data):
    """Rows of dicts keyed by field name from a CSV or XLSX upload."""
    lower = filename.lower()
    if lower.endswith(".xlsx"):
        raw = _read_xlsx(data)
    elif lower.endswith(".csv"):
        raw = _read_csv(data)
    else:
        raise Invalid(_l("file: upload a .csv or .xlsx file"), field="file")
    raw = [r for r in raw if any(str(c or "").strip() for c in r)]
    if not raw:
        raise Invalid(_l("file: the file is empty"), field="file")
    header, body = raw[0], raw[1:]
    columns = [HEADINGS.get(str(h or "").strip().lower()) or HEADINGS.get(str(h or "").strip())
               for h in header]
    if "name" not in columns or "delegation" not in columns:
        raise Invalid(_l("file: the first row must name the columns, with at least 姓名 (name) "
                         "and 代表团 (delegation)"), field="file")
    if len(body) > MAX_ROWS:
        raise Invalid(_l("file: at most %(n)s rows at once", n=MAX_ROWS), field="file")
    rows = []
    for cells in body:
        values = {}
        for column, cell in zip(columns, cells):
            if column:
                values[column] = "" if cell is None else str(cell).strip()
        rows.append(values)
    return rows


def _read_csv(data):
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise Invalid(_l("file: not a UTF-8 or GB18030 text file"), field="file")
    return list(csv.reader(io.StringIO(text)))


def _read_xlsx(data):
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many types for a damaged file
        raise Invalid(_l("file: this is not a readable .xlsx workbook"), field="file")
    sheet = workbook.worksheets[0]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    workbook.close()
    return rows


def _normalise(values):
    out = dict(values)
    gender = out.get("gender", "").strip().lower()
    out["gender"] = GENDER_WORDS.get(gender, gender) or None
    grassroots = out.get("grassroots", "").strip().lower()
    out["grassroots"] = grassroots in YES_WORDS if grassroots in YES_WORDS | NO_WORDS else grassroots
    return out


def check_rows(meeting, rows):
    """Every row with its problems; a row with no problems can be imported."""
    delegations = {d.name: d for d in meeting.delegations}
    existing = set(db.session.execute(
        select(Delegate.name, Delegation.name).join(Delegation)
        .where(Delegate.meeting_id == meeting.id)).all())
    seen = {}
    preview = []
    for index, raw in enumerate(rows, start=2):  # line 1 is the heading
        values = _normalise(raw)
        row = PreviewRow(line=index, values=values)
        name, delegation = values.get("name", ""), values.get("delegation", "")
        if not name:
            row.problems.append(_l("missing name"))
        if not delegation:
            row.problems.append(_l("missing delegation"))
        elif delegation not in delegations:
            row.problems.append(_l("unknown delegation %(name)s", name=delegation))
        if values["gender"] not in (None, "male", "female"):
            row.problems.append(_l("gender must be 男 or 女"))
        if not isinstance(values["grassroots"], bool):
            row.problems.append(_l("grassroots must be 是 or 否"))
        key = (name, delegation)
        if name and key in seen:
            row.problems.append(_l("duplicate of line %(line)s", line=seen[key]))
        elif name and key in existing:
            row.problems.append(_l("already on the roster"))
        seen.setdefault(key, index)
        preview.append(row)
    return preview


def upload_roster(actor, meeting, filename, data):
    """Step 1: keep the parsed rows for the preview. Nothing is added to the roster yet."""
    rows = read_table(filename, data)
    upload = RosterImport(meeting_id=meeting.id, user_id=getattr(actor, "id", None),
                          filename=filename[:255], rows=rows)
    db.session.add(upload)
    db.session.flush()
    record(actor, "roster.upload", upload, meeting=meeting,
           after={"filename": upload.filename, "rows": len(rows)})
    return upload


def commit_roster(actor, upload):
    """Step 2: add every row, or none: any problem (even one that arose since the preview)
    refuses the whole import. Returns [(delegate, pin)] — the PINs are shown once."""
    if upload.committed_at is not None:
        raise Conflict(_l("This import was already committed."))
    meeting = upload.meeting
    preview = check_rows(meeting, upload.rows)
    bad = [r for r in preview if r.problems]
    if bad:
        raise Conflict(_l("%(n)s rows have problems; fix the file and upload it again.",
                          n=len(bad)))
    created = []
    for row in preview:
        values = row.values
        created.append(create_delegate(
            actor, meeting, name=values["name"],
            delegation=find_delegation(meeting, values["delegation"]),
            gender=values["gender"], work_unit=values.get("work_unit"),
            job_title=values.get("job_title"), seat=values.get("seat"),
            is_grassroots=values["grassroots"]))
    upload.committed_at = utcnow()
    record(actor, "roster.commit", upload, meeting=meeting, after={"added": len(created)})
    return created


def export_roster(meeting):
    """The roster as XLSX bytes (no PINs: they are never stored in the clear)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "代表名册"
    sheet.append([title for _, title in EXPORT_COLUMNS])
    delegates = db.session.scalars(
        select(Delegate).join(Delegation).where(Delegate.meeting_id == meeting.id)
        .order_by(Delegation.position, Delegate.id)
        .options(db.joinedload(Delegate.user), db.joinedload(Delegate.delegation)))
    for d in delegates:
        sheet.append([d.name, d.delegation.name,
                      {"male": "男", "female": "女"}.get(d.gender, ""), d.work_unit or "",
                      d.job_title or "", d.seat or "", "是" if d.is_grassroots else "否",
                      d.user.username])
    for column, width in zip("ABCDEFGH", (12, 14, 6, 30, 24, 10, 10, 12)):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
