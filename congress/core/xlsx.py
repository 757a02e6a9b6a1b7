"""Writing XLSX rows whose cells hold text people typed (names, titles, units).

openpyxl stores a string that starts with "=" as a formula, so a delegate named
=HYPERLINK("http://…","点此") would become a live link or calculation in the secretariat's
Excel. Every string goes in as a text cell instead (data type "s"), whatever it starts with;
numbers and dates keep their types."""


def append_text_row(sheet, values):
    """sheet.append(values), with every str value stored as text, never as a formula."""
    sheet.append(values)
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"
