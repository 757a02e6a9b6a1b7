"""The printed records' part of the OpenAPI document (merged into openapi.spec())."""
from congress.api.openapi import ERROR, I, PDF, S, _obj, _op

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
JOB = _obj(("id", "kind", "status", "progress"), id=S,
           kind={"type": "string", "enum": ["cards", "archive"]},
           status={"type": "string", "enum": ["queued", "running", "done", "failed"]},
           progress={"type": "number", "minimum": 0, "maximum": 1},
           error={"type": "string", "description": "Why it failed (Chinese)"},
           result_url={"type": "string", "description": "Where the file is, under /api/v1, "
                                                        "once done and while it is kept"})
ACCEPTED = _obj(("job",), job=JOB)
CARDS_SUMMARY = (
    "Queue login cards (代表登录卡) for printing (secretariat only): a job whose file is a PDF, "
    "eight cards to an A4 sheet, with the username, a PIN and a QR code opening the sign-in "
    "page with the username filled in. PINs are stored only as hashes, so the job RE-ISSUES "
    "THE PINS of the chosen delegates: their old PINs stop working and their tokens and "
    "sessions end. Neither field: every delegate of the meeting. An unknown name or id is 404 "
    "and queues nothing; one cards job of a meeting at a time (409 job_running). The file "
    "holds PINs: it is kept 15 minutes, for its creator and the secretariat only.")
JOB_ID = {"name": "jid", "in": "path", "required": True, "schema": S}


def _cards():
    return _op(CARDS_SUMMARY, tag="records", params=("mid",), body=_obj(
        delegation={"type": "string", "description": "Only this delegation (its name)"},
        delegate_ids={"type": "array", "items": I, "description": "Only these delegates"}),
        responses={202: ("The queued job (Location: the job)", ACCEPTED),
                   409: ("No delegates in the choice, or a cards job already queued",
                         ERROR)})


def _job_op(summary, responses):
    operation = _op(summary, tag="jobs", responses=responses)
    operation["parameters"] = [JOB_ID]
    return operation


def job_paths():
    return {
        "/jobs/{jid}": {"get": _job_op(
            "A job: status and progress (its creator and the secretariat); live `job` events "
            "carry the same id, kind, status and progress", {200: ("The job", JOB)})},
        "/jobs/{jid}/result": {"get": _job_op(
            "The job's file once done (Cache-Control: no-store)", {
                200: ("The file (application/pdf or application/zip)", None),
                409: ("Not done yet (job_not_done)", ERROR),
                410: ("No longer kept (result_gone)", ERROR)})},
    }


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
        "/meetings/{mid}/records/cards": {"post": _cards()},
        "/meetings/{mid}/records/cards.pdf": {m: _op(
            "Gone: printing login cards issues PINs, so it is a job now (POST "
            ".../records/cards)", tag="records", params=mid,
            responses={405: ("Method not allowed", ERROR)}) for m in ("get", "post")},
        "/meetings/{mid}/records/archive": {"post": _op(
            "Queue the archive (secretariat): a job whose file is a ZIP of every record of the "
            "meeting (login cards excepted), kept a day", tag="records", params=mid,
            responses={202: ("The queued job", ACCEPTED),
                       409: ("An archive job already queued", ERROR)})},
        **job_paths(),
    }
