"""The demo meeting, played through: the secretariat prints every record from the records
centre and downloads the archive."""
import io
import re
import zipfile

from sqlalchemy import select

from congress.demo import DEMO_PASSWORD
from congress.extensions import db
from congress.meetings.models import Meeting
from tests import pdftools
from tests.conftest import Account
from tests.helpers import login
from tests.records.conftest import archive_of


def test_every_record_of_the_played_demo_prints(app, client):
    result = app.test_cli_runner().invoke(args=["seed-demo", "--played"])
    assert result.exit_code == 0, result.output
    assert "played the meeting through with 289 delegates present" in result.output
    with app.app_context():
        mid = db.session.scalar(select(Meeting.id).order_by(Meeting.id))  # the city's
    login(client, Account(0, "secretariat", DEMO_PASSWORD, "secretariat"))

    page = client.get(f"/meetings/{mid}/records").get_data(as_text=True)
    links = re.findall(rf'href="(/meetings/{mid}/records/files/[^"]+)"', page)
    assert len(links) >= 4 + 10  # four fixed documents, nine debrief sheets and the resolution
    for link in links:
        r = client.get(link)
        assert r.status_code == 200, link
        if link.endswith(".pdf"):
            assert pdftools.is_a4(r.data) and pdftools.page_ink(r.data) > 0.005, link
    minutes = pdftools.text(client.get(f"/meetings/{mid}/records/files/minutes.pdf").data)
    minutes = minutes.replace(" ", "")
    assert "应到代表300名，实到289名" in minutes
    assert minutes.count("答复：") == 9 * 3  # two designated questions and a challenge each
    assert "关于两个工作报告的决议" in minutes and "通过" in minutes
    assert "补选中共合肥市委员会委员" in minutes and "第2轮" in minutes  # every round

    archive = zipfile.ZipFile(io.BytesIO(archive_of(app, client, mid).data))
    assert {"纪要.pdf", "年会数据.json", "提案登记表.xlsx"} <= set(archive.namelist())
    # nine debriefs' scoring, the resolution, and both rounds of the by-election (补选)
    assert len([n for n in archive.namelist() if n.startswith("结果统计表_")]) == 12
