"""Printed records of term work: a delegate's 履职情况表, the sheet of the delegates who have
not met the yearly requirements (both GB/T 9704, core/pdf.py), and the term statistics as
XLSX with Chinese headers (core/xlsx.py)."""
import io

from flask_babel import gettext as _, lazy_gettext as _l
from openpyxl import Workbook
from openpyxl.styles import Font

from congress.activities.ledger import KINDS
from congress.core.pdf import render_pdf
from congress.core.time import utcnow
from congress.core.web import file_name
from congress.core.xlsx import append_text_row

REQUIREMENT_TITLES = {"duties": _l("Studio duties served"), "contacts": _l("Contacts kept"),
                      "activities": _l("Activities in all")}


def ledger_pdf(delegate, ledger):
    return render_pdf("records/term_ledger.html", delegate=delegate, ledger=ledger,
                      kinds=KINDS, requirement_titles=REQUIREMENT_TITLES,
                      generated_at=utcnow())


def unmet_pdf(organisation, year, rows):
    """rows: [(delegate, Ledger)] of those who have not met the requirements."""
    return render_pdf("records/term_unmet.html", organisation=organisation, year=year,
                      rows=rows, requirement_titles=REQUIREMENT_TITLES, generated_at=utcnow())


FIGURE_HEADERS = (
    ("delegates", _l("Number of delegates")), ("attended_plenaries", _l("Attended plenaries")),
    ("took_part_in_evaluations", _l("Took part in evaluations")),
    ("active_at_studios", _l("Active at studios")),
    ("took_part_in_inspections", _l("Took part in inspections")),
)
CONCERN_HEADERS = (
    ("received", _l("Concerns received")), ("answered", _l("Answered on the spot")),
    ("referred", _l("Referred")), ("replied", _l("Replied")), ("closed", _l("Concerns closed")),
    ("overdue", _l("Overdue")), ("satisfaction_rate", _l("Satisfaction rate")),
)


def _figures(tally, delegates=True):
    data = tally.as_dict()
    values = [data[key] for key, _h in FIGURE_HEADERS] if delegates \
        else [data["active_at_studios"]]
    concerns = data["concerns"]
    rate = concerns["satisfaction_rate"]
    return values + [concerns[key] for key, _h in CONCERN_HEADERS[:-1]] + [
        "—" if rate is None else f"{rate * 100:.1f}%"]


def statistics_xlsx(title, stats, studios):
    """Two sheets: by organisation (the organisation, then each child with everything below
    it, then the total), by studio. Names, not rows of the database (a job writes the file
    after its reading is over): `stats` is {"rows": [(name, Tally)], "total": Tally},
    `studios` [(name, Tally)]."""
    book = Workbook()
    sheet = book.active
    sheet.title = _("By organisation")
    append_text_row(sheet, [title])
    sheet.cell(row=1, column=1).font = Font(bold=True)
    append_text_row(sheet, [_("Organisation")] + [str(h) for _k, h in FIGURE_HEADERS]
                    + [str(h) for _k, h in CONCERN_HEADERS])
    for name, tally in stats["rows"]:
        append_text_row(sheet, [name] + _figures(tally))
    append_text_row(sheet, [_("Total")] + _figures(stats["total"]))
    by_studio = book.create_sheet(_("By studio"))
    append_text_row(by_studio, [_("Studio"), _("Active at studios")]
                    + [str(h) for _k, h in CONCERN_HEADERS])
    for name, tally in studios:
        append_text_row(by_studio, [name] + _figures(tally, delegates=False))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def statistics_title(organisation, first, last):
    return _("Term statistics of %(name)s, %(first)s to %(last)s", name=organisation.name,
             first=first.isoformat(), last=last.isoformat())


def ledger_name(delegate, year):
    return file_name(delegate.name, _("%(year)s performance record", year=year), ext=".pdf")


def unmet_name(organisation, year):
    return file_name(organisation.name, _("%(year)s delegates below the requirements",
                                          year=year), ext=".pdf")


def statistics_name(organisation, first, last):
    return file_name(organisation.name, _("Term statistics"), f"{first}—{last}", ext=".xlsx")
