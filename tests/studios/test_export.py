"""The register of concerns: the resident's name and contact only for the secretariat who
asks for them."""
import io

import pytest
from openpyxl import load_workbook

from tests.helpers import login
from tests.studios.test_concerns_api import take


def _sheet(response):
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.data)).active.iter_rows(values_only=True))
    return rows[0], rows[1:]


@pytest.mark.parametrize(("who", "personal", "shown"), [
    ("secretariat", "1", True),
    ("secretariat", "", False),     # not asked: left out
    ("chair", "1", False),          # asked, but not the secretariat
])
def test_personal_data_in_the_export(client, world, who, personal, shown):
    take(client, world)
    login(client, getattr(world, who))
    header, rows = _sheet(client.get(
        f"/organisations/1/concerns.xlsx?personal={personal}".replace(
            "/1/", f"/{_oid(client)}/")))
    assert ("群众姓名" in header) is shown
    assert [r[4] for r in rows] == ["小区外楼梯湿滑，老人容易摔倒。"]
    cells = [str(v) for r in rows for v in r]
    assert ("张三" in cells and "13812341234" in cells) is shown
    assert not any("1381234" in c for c in cells) or shown


def _oid(client):
    return client.get("/organisation").headers["Location"].rstrip("/").split("/")[-1]
