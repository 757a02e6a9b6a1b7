"""Writing XLSX rows whose cells hold text people typed (names, titles, units).

openpyxl stores a string that starts with "=" as a formula, so a delegate named
=HYPERLINK("http://…","点此") would become a live link or calculation in the secretariat's
Excel. Every string goes in as a text cell instead (data type "s"), whatever it starts with;
numbers and dates keep their types.

XLSX cannot hold most control characters (openpyxl refuses them): a name that carries one
(typed into a form, or imported) is written without it rather than failing the whole sheet."""
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE


def append_text_row(sheet, values):
    """sheet.append(values), with every str value stored as text, never as a formula, and
    without the control characters a spreadsheet cannot hold."""
    sheet.append([ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value
                  for value in values])
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"
