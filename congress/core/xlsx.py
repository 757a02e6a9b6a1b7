"""Writing XLSX rows whose cells hold text people typed (names, titles, units).

openpyxl stores a string that starts with "=" as a formula, so a delegate named
=HYPERLINK("http://…","点此") would become a live link or calculation in the secretariat's
Excel. Every string goes in as a text cell instead (data type "s"), whatever it starts with;
numbers and dates keep their types.

XLSX cannot hold most control characters (openpyxl refuses them): a name that carries one
(typed into a form, or imported) is written without it rather than failing the whole sheet."""
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"  # the media type


def _cell(sheet, value):
    if not isinstance(value, str):
        return Cell(sheet, value=value)
    cell = Cell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", value))
    cell.data_type = "s"
    return cell


def append_text_row(sheet, values):
    """sheet.append(values), with every str value stored as text, never as a formula, and
    without the control characters a spreadsheet cannot hold. The cells are made here and
    appended as they are (openpyxl places them): looking the row up again afterwards
    (`sheet[sheet.max_row]`) scans every cell of the sheet, so a register of a few thousand
    rows took seconds."""
    sheet.append([_cell(sheet, value) for value in values])
