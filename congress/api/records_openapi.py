"""The printed records' part of the OpenAPI document (merged into openapi.spec())."""
from congress.api.openapi import PDF, _op

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _xlsx(operation):
    operation["responses"]["200"]["content"] = {XLSX: {}}
    return operation


def paths():
    mid = ("mid",)
    return {
        "/meetings/{mid}/records/attendance.pdf": {"get": _op(
            "The attendance sheet (签到表) as PDF: totals, a summary by delegation, then each "
            "delegation's list with check-in time and method, leave, and a column to sign "
            "(chair, secretariat)", tag="records", params=mid,
            responses={200: ("The attendance sheet", PDF)})},
        "/meetings/{mid}/records/attendance.xlsx": {"get": _xlsx(_op(
            "The same rows as the attendance sheet, as XLSX for the archive (chair, "
            "secretariat)", tag="records", params=mid,
            responses={200: ("The workbook", None)}))},
    }
