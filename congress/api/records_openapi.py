"""The printed records' part of the OpenAPI document (merged into openapi.spec())."""
from congress.api.openapi import ERROR, PDF, I, S, _obj, _op

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CARD_SCOPE = (
    {"name": "delegation", "in": "query", "required": False, "schema": I,
     "description": "Only this delegation's delegates"},
    {"name": "delegate", "in": "query", "required": False, "style": "form", "explode": True,
     "schema": {"type": "array", "items": I},
     "description": "Only these delegates (repeat the parameter: ?delegate=1&delegate=2)"},
)
CARDS_SUMMARY = (
    "Login cards (代表登录卡) as PDF, eight to an A4 sheet, with the username, a PIN and a QR "
    "code opening the sign-in page with the username filled in (secretariat only). PINs are "
    "stored only as hashes, so this RE-ISSUES THE PINS of the chosen delegates: their old PINs "
    "stop working and their API tokens are revoked. Without parameters: every delegate of the "
    "meeting. An unknown id is 404 and changes nothing. Because it changes PINs, a call on a "
    "session cookie needs the CSRF token (X-CSRFToken header, or the csrf_token field of a "
    "page form posting here) even as GET; bearer calls need none.")


def _cards(method):
    operation = _op(CARDS_SUMMARY, tag="records", params=("mid",), responses={
        200: ("The cards (Cache-Control: no-store)", PDF),
        400: ("An id that is not a whole number", ERROR),
        403: ("Not the secretariat, or a cookie call without the CSRF token", ERROR),
        409: ("No delegates in the chosen scope", ERROR)})
    operation["parameters"] += list(CARD_SCOPE)
    if method == "post":
        operation["requestBody"] = {"required": False, "content": {
            "application/x-www-form-urlencoded": {"schema": _obj(
                csrf_token=S, delegation=I, delegate={"type": "array", "items": I})}}}
    return operation


def _minutes():
    operation = _op(
        "The minutes (纪要) as PDF: the newest finalised version exactly as it was frozen, or "
        "before the first the draft marked 讨论稿, drawn from the meeting's records (chair, "
        "secretariat)", tag="records", params=("mid",), responses={
            200: ("The minutes", PDF), 400: ("A version that is not a number", ERROR),
            404: ("No such meeting or version", ERROR)})
    operation["parameters"].append(
        {"name": "version", "in": "query", "required": False, "schema": I,
         "description": "A finalised version's number (default: the newest)"})
    return operation


def _xlsx(operation):
    operation["responses"]["200"]["content"] = {XLSX: {}}
    return operation


def paths():
    mid = ("mid",)
    return {
        "/meetings/{mid}/records/minutes.pdf": {"get": _minutes()},
        "/meetings/{mid}/records/attendance.pdf": {"get": _op(
            "The attendance sheet (签到表) as PDF: totals, a summary by delegation, then each "
            "delegation's list with check-in time and method, leave, and a column to sign "
            "(chair, secretariat)", tag="records", params=mid,
            responses={200: ("The attendance sheet", PDF)})},
        "/meetings/{mid}/records/attendance.xlsx": {"get": _xlsx(_op(
            "The same rows as the attendance sheet, as XLSX for the archive (chair, "
            "secretariat)", tag="records", params=mid,
            responses={200: ("The workbook", None)}))},
        "/meetings/{mid}/records/cards.pdf": {"get": _cards("get"), "post": _cards("post")},
    }
