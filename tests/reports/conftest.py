"""Report review fixtures: Word documents made here with python-docx, a meeting with two
delegations, staff accounts and API helpers."""
import io
from dataclasses import dataclass

import pytest

from tests.helpers import bearer, token_for

PUNCTUATION = "“坚持稳中求进”，推动高质量发展；全面从严治党：《条例》——落实……（试行）、完成！"


def make_docx(*items, title=None):
    """A .docx from ("h1", text), ("h2", text), ("p", text), ("table", rows), ("raw", text)
    items; "raw" is a Normal paragraph whose numbering alone marks a heading."""
    from docx import Document

    document = Document()
    if title:
        document.add_heading(title, 0)
    for kind, value in items:
        if kind.startswith("h"):
            document.add_heading(value, int(kind[1:]))
        elif kind in ("p", "raw"):
            document.add_paragraph(value)
        elif kind == "table":
            table = document.add_table(rows=len(value), cols=len(value[0]))
            for r, row in enumerate(value):
                for c, cell in enumerate(row):
                    table.cell(r, c).text = cell
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


WORK_REPORT = (
    ("h1", "一、过去一年的工作"),
    ("p", "过去一年，市委团结带领全市广大党员干部群众，坚持稳中求进工作总基调，"
          "经济社会发展取得新成效。"),
    ("h2", "（一）坚持创新驱动"),
    ("p", "全市研发投入强度达到3.5%，新增高新技术企业1200家。"),
    ("table", [["指标", "2025年", "增长"], ["地区生产总值", "1.3万亿元", "5.8%"]]),
    ("h1", "二、今后一年的主要任务"),
    ("p", PUNCTUATION),
)


@dataclass
class Hall:
    mid: int
    secretariat: object
    chair: object
    yaohai: list  # delegates of 瑶海区代表团
    luyang: list  # delegates of 庐阳区代表团
    tokens: dict

    def headers(self, account):
        return bearer(self.tokens[account.username])

    @property
    def delegates(self):
        return self.yaohai + self.luyang


@pytest.fixture
def hall(client, make):
    mid = make.meeting()
    yaohai = make.delegates(mid, 3, delegation="瑶海区代表团")
    luyang = make.delegates(mid, 2, delegation="庐阳区代表团")
    secretariat, chair = make.user("secretariat"), make.user("chair")
    tokens = {a.username: token_for(client, a) for a in [secretariat, chair, *yaohai, *luyang]}
    return Hall(mid, secretariat, chair, yaohai, luyang, tokens)


def import_report(app, hall, data=None, filename="report.docx", title="市委工作报告",
                  kind="party_committee", table=True):
    """Create (and table) a report through the services; returns its id."""
    from congress.extensions import db
    from congress.meetings.models import Meeting
    from congress.people.models import User
    from congress.reports import services

    with app.app_context():
        actor = db.session.get(User, hall.secretariat.id)
        report = services.create_report(actor, db.session.get(Meeting, hall.mid), kind=kind,
                                        title=title, filename=filename,
                                        data=data if data is not None else make_docx(*WORK_REPORT))
        if table:
            services.table_version(actor, report.versions[0])
        db.session.commit()
        return report.id


def blocks_of(client, hall, rid, account=None, version=None):
    url = f"/api/v1/reports/{rid}" + (f"?version={version}" if version else "")
    r = client.get(url, headers=hall.headers(account or hall.yaohai[0]))
    assert r.status_code == 200, r.get_json()
    return r.get_json()["version"]["blocks"]


def paragraph_id(client, hall, rid, number):
    return next(b["id"] for b in blocks_of(client, hall, rid) if b["number"] == number)


def comment(client, hall, delegate, rid, text, number=None):
    body = {"text": text}
    if number is not None:
        body["paragraph_id"] = paragraph_id(client, hall, rid, number)
    r = client.post(f"/api/v1/reports/{rid}/comments", headers=hall.headers(delegate), json=body)
    assert r.status_code == 201, r.get_json()
    return r.get_json()
