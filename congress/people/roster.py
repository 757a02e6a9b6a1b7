"""Roster import in two steps (upload → preview with every row's problems → commit, all or
nothing) from CSV or XLSX, and roster export to XLSX."""
import csv
import io
from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import lazy_gettext as _l
from openpyxl import Workbook, load_workbook
from sqlalchemy import JSON, ForeignKey, String, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from congress.core.audit import record
from congress.core.database import end_reading
from congress.core.errors import Conflict, Invalid
from congress.core.time import UTCDateTime, utcnow
from congress.core.uploads import XLSX_SHARED_STRING, count_tags, limit, open_office_file
from congress.core.xlsx import append_text_row
from congress.extensions import db
from congress.people.delegates import (
    create_delegate,
    get_or_create_delegation,
    normalise_name,
    update_delegate,
)
from congress.people.models import Delegate, Delegation
from congress.people.services import many_pin_credentials

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
MAX_COLUMNS = 50  # a roster has a dozen; a sheet claiming 16,384 is read this far only
SHARED_STRINGS_PER_ROW = 20  # distinct texts a row may add to a workbook's shared strings


class RosterImport(db.Model):
    """An uploaded roster waiting for the secretariat to look at the preview and commit."""

    __tablename__ = "roster_imports"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    filename: Mapped[str] = mapped_column(String(255))
    rows: Mapped[list] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    committed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    meeting = relationship("Meeting")

    def __repr__(self):
        return f"<RosterImport {self.id} {self.filename} committed={self.committed_at is not None}>"


@dataclass
class PreviewRow:
    """A row of the file as the import will take it: `action` "add" (a new delegate of the
    congress) or "update" (the delegate of that name in that delegation), and whether its
    delegation is created (`new_delegation`, when the user asked for missing ones)."""
    line: int
    values: dict
    problems: list = field(default_factory=list)
    action: str = "add"
    new_delegation: bool = False
    delegate_id: int | None = None


# what an update takes from the file's row (only the columns the file has) → Delegate field
UPDATED_COLUMNS = {"work_unit": "work_unit", "job_title": "job_title", "seat": "seat",
                   "grassroots": "is_grassroots", "gender": "gender"}


@dataclass(frozen=True)
class Plan:
    """What a preview promises: how many delegates are added and updated, and which
    delegations are created. The commit refuses when the roster changed it meanwhile."""
    adds: int
    updates: int
    delegations: tuple

    @classmethod
    def of(cls, preview):
        return cls(sum(1 for r in preview if r.action == "add"),
                   sum(1 for r in preview if r.action == "update"),
                   tuple(sorted({r.values["delegation"] for r in preview if r.new_delegation})))


def read_table(filename, data):
    """Rows of dicts keyed by field name from a CSV or XLSX upload. Reading stops as soon as
    the file has more rows than ROSTER_MAX_ROWS (a clear refusal, not a long parse)."""
    lower = filename.lower()
    most = limit("ROSTER_MAX_ROWS")
    if lower.endswith(".xlsx"):
        raw = _non_empty(_read_xlsx(data, most), most)
    elif lower.endswith(".csv"):
        raw = _non_empty(_read_csv(data), most)
    else:
        raise Invalid(_l("file: upload a .csv or .xlsx file"), field="file")
    if not raw:
        raise Invalid(_l("file: the file is empty"), field="file")
    header, body = raw[0], raw[1:]
    columns = [HEADINGS.get(str(h or "").strip().lower()) or HEADINGS.get(str(h or "").strip())
               for h in header]
    if "name" not in columns or "delegation" not in columns:
        raise Invalid(_l("file: the first row must name the columns, with at least 姓名 (name) "
                         "and 代表团 (delegation)"), field="file")
    rows = []
    for cells in body:
        values = {}
        for column, cell in zip(columns, cells, strict=False):
            if column:
                values[column] = "" if cell is None else str(cell).strip()
        rows.append(values)
    return rows


def _too_many_rows(most):
    return Invalid(_l("file: at most %(n)s delegates at once; split the roster into several "
                      "files", n=most), field="file")


def _non_empty(rows, most):
    """The rows that hold something, the heading included; stops reading (refuses) past
    `most` delegates, and past twice as many rows of any kind (a sheet of blank rows)."""
    kept = []
    for seen, row in enumerate(rows, start=1):
        if any(str(cell if cell is not None else "").strip() for cell in row):
            kept.append(list(row))
        if len(kept) > most + 1 or seen > 2 * most + 1:
            raise _too_many_rows(most)
    return kept


def _read_csv(data):
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise Invalid(_l("file: not a UTF-8 or GB18030 text file"), field="file")
    try:
        yield from csv.reader(io.StringIO(text))
    except csv.Error as error:  # a NUL byte, say
        raise Invalid(_l("file: not a readable CSV file"), field="file") from error


def _read_xlsx(data, most):
    """The first sheet's rows, streamed (openpyxl's read-only mode), once the archive passed
    the size checks and its shared strings were counted."""
    unreadable = _l("file: this is not a readable .xlsx workbook")
    archive = open_office_file(data, unreadable)
    strings = [n for n in archive.namelist() if n.lower().endswith("sharedstrings.xml")]
    if count_tags(archive, strings, XLSX_SHARED_STRING, most * SHARED_STRINGS_PER_ROW) > \
            most * SHARED_STRINGS_PER_ROW:
        raise _too_many_rows(most)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
    except Exception as error:  # openpyxl raises many types for a damaged file
        raise Invalid(unreadable, field="file") from error
    try:
        yield from sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True)
    except Exception as error:
        raise Invalid(unreadable, field="file") from error
    finally:
        workbook.close()


def _normalise(values):
    out = dict(values)
    if "name" in out:
        out["name"] = normalise_name(out["name"])
    gender = out.get("gender", "").strip().lower()
    out["gender"] = GENDER_WORDS.get(gender, gender) or None
    grassroots = out.get("grassroots", "").strip().lower()
    out["grassroots"] = (grassroots in YES_WORDS if grassroots in YES_WORDS | NO_WORDS
                         else grassroots)
    return out


def check_rows(meeting, rows, create_delegations=False):
    """Every row with its problems and what it will do; a row with no problems can be
    imported. A delegate already of the congress (same name, same delegation) is updated; an
    unknown delegation is a problem unless `create_delegations`."""
    delegations = {d.name for d in meeting.delegations}
    existing = {(name, delegation): delegate_id for delegate_id, name, delegation in
                db.session.execute(
                    select(Delegate.id, Delegate.name, Delegation.name).join(Delegation)
                    .where(Delegate.congress_id == meeting.congress_id)).all()}
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
            if create_delegations:
                row.new_delegation = True
            else:
                row.problems.append(_l("unknown delegation %(name)s", name=delegation))
        if values["gender"] not in (None, "male", "female"):
            row.problems.append(_l("gender must be 男 or 女"))
        if not isinstance(values["grassroots"], bool):
            row.problems.append(_l("grassroots must be 是 or 否"))
        key = (name, delegation)
        if name and key in seen:
            row.problems.append(_l("duplicate of line %(line)s", line=seen[key]))
        elif name and key in existing:
            row.action, row.delegate_id = "update", existing[key]
        seen.setdefault(key, index)
        preview.append(row)
    return preview


def upload_roster(actor, meeting, filename, data):
    """Step 1: keep the parsed rows for the preview. Nothing is added to the roster yet.
    The file is parsed before the write lock is taken (the view is @reads_first)."""
    rows = read_table(filename, data)
    end_reading()
    upload = RosterImport(meeting_id=meeting.id, user_id=getattr(actor, "id", None),
                          filename=filename[:255], rows=rows)
    db.session.add(upload)
    db.session.flush()
    record(actor, "roster.upload", upload, meeting=meeting,
           after={"filename": upload.filename, "rows": len(rows)})
    return upload


def _committable(upload, create_delegations, plan):
    """The preview rows of an import that can be committed now; Conflict otherwise (also
    when the roster changed what the preview promised: `plan`, when given)."""
    if upload.committed_at is not None:
        raise Conflict(_l("This import was already committed."))
    preview = check_rows(upload.meeting, upload.rows, create_delegations)
    bad = [r for r in preview if r.problems]
    if bad:
        raise Conflict(_l("%(n)s rows have problems; fix the file and upload it again.",
                          n=len(bad)))
    if plan is not None and Plan.of(preview) != plan:
        raise Conflict(_l("The roster changed since the preview; look at the preview again."))
    return preview


def _updates(row, raw):
    """The fields of an existing delegate the row changes: the columns the file has, where
    the row's cell is not empty (an empty cell keeps what the delegate has)."""
    values = row.values
    return {field_name: values[column] for column, field_name in UPDATED_COLUMNS.items()
            if column in raw and values[column] not in (None, "")}


def commit_roster(actor, upload, create_delegations=False, plan=None):
    """Step 2: add or update every row, or none: any problem (even one that arose since the
    preview) refuses the whole import. New delegations are created when
    `create_delegations`. Returns ([(delegate, pin)] of the added — the PINs are shown once —
    and the updated delegates).

    The PINs are hashed first (the view is @reads_first: on SQLite in a reader transaction);
    under the write lock the rows are checked again, since another request may have committed
    this import or added one of its delegates meanwhile."""
    preview = _committable(upload, create_delegations, plan)
    credentials = iter(many_pin_credentials(sum(1 for r in preview if r.action == "add")))
    end_reading()
    db.session.refresh(upload)
    meeting = upload.meeting
    db.session.expire(meeting.congress, ["delegations"])
    preview = _committable(upload, create_delegations, plan or Plan.of(preview))
    created, updated = [], []
    for row, raw in zip(preview, upload.rows, strict=True):
        values = row.values
        delegation = get_or_create_delegation(actor, meeting.congress, values["delegation"])
        if row.action == "update":
            delegate = db.session.get(Delegate, row.delegate_id)
            updated.append(update_delegate(actor, delegate, **_updates(row, raw)))
            continue
        created.append(create_delegate(
            actor, meeting.congress, username_year=meeting.year, name=values["name"],
            delegation=delegation,
            gender=values["gender"], work_unit=values.get("work_unit"),
            job_title=values.get("job_title"), seat=values.get("seat"),
            is_grassroots=values["grassroots"], credentials=next(credentials)))
    upload.committed_at = utcnow()
    record(actor, "roster.commit", upload, meeting=meeting,
           after={"added": len(created), "updated": len(updated),
                  "delegations": list(Plan.of(preview).delegations)})
    return created, updated


def export_roster(meeting):
    """The roster as XLSX bytes (no PINs: they are never stored in the clear)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "代表名册"
    append_text_row(sheet, [title for _, title in EXPORT_COLUMNS])
    delegates = db.session.scalars(
        select(Delegate).join(Delegation).where(Delegate.congress_id == meeting.congress_id)
        .order_by(Delegation.position, Delegate.id)
        .options(db.joinedload(Delegate.user), db.joinedload(Delegate.delegation)))
    for d in delegates:
        append_text_row(sheet, [d.name, d.delegation.name,
                      {"male": "男", "female": "女"}.get(d.gender, ""), d.work_unit or "",
                      d.job_title or "", d.seat or "", "是" if d.is_grassroots else "否",
                      d.user.username])
    for column, width in zip("ABCDEFGH", (12, 14, 6, 30, 24, 10, 10, 12), strict=True):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
