"""A plain `pip install` of the package serves the Chinese interface: the package is built and
installed from a copy of the source (without compiled catalogues) into a fresh virtualenv,
offline (no build isolation, no dependencies fetched: the shared virtualenv's site-packages is
added by a .pth file), and the installed package's app answers a Chinese page and a Chinese
PDF."""
import shutil
import subprocess
import sys
import sysconfig
import textwrap
import venv
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SKIPPED = shutil.ignore_patterns(".venv", ".git", "*.mo", "__pycache__", "instance", "build",
                                 "*.egg-info", "test-artifacts", "bench", "tests", "docs")

SCRIPT = textwrap.dedent('''
    import sys
    from pathlib import Path

    import flask_migrate

    import congress
    from config import TestConfig
    from congress import create_app
    from congress.demo import DEMO_PASSWORD, seed_demo
    from congress.extensions import db

    assert "site-packages" in congress.__file__, congress.__file__  # the installed package

    class Config(TestConfig):
        SQLALCHEMY_DATABASE_URI = "sqlite:///" + sys.argv[1]
        JOBS_URL = "sqlite:///" + sys.argv[1] + ".jobs"

    app = create_app(Config)
    with app.app_context():
        flask_migrate.upgrade()
        seed_demo()
        db.session.commit()
        from congress.meetings.models import Meeting
        mid = db.session.scalar(db.select(Meeting.id).order_by(Meeting.id))
    client = app.test_client()
    page = client.get("/login")
    assert page.status_code == 200
    Path(sys.argv[2]).write_bytes(page.data)
    import re
    token = re.search(rb'name="csrf_token"[^>]*value="([^"]+)"', page.data).group(1).decode()
    answer = client.post("/login", data={"username": "secretariat", "password": DEMO_PASSWORD,
                                         "csrf_token": token})
    assert answer.status_code == 302, answer.status_code
    pdf = client.get(f"/meetings/{mid}/records/minutes/draft.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf", pdf.status_code
    Path(sys.argv[3]).write_bytes(pdf.data)
''')


def _install(tmp_path):
    source = tmp_path / "source"
    shutil.copytree(REPO, source, ignore=SKIPPED)
    assert not list(source.rglob("*.mo"))  # the build must make them
    target = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(target)
    python = target / "bin" / "python"
    site = Path(subprocess.check_output(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        text=True).strip())
    # the shared virtualenv's packages (pip, setuptools, babel, flask...) after the new
    # venv's own: a path line adds the folder without running its .pth files (so the shared
    # venv's editable congress stays out)
    (site / "zz_shared.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    # a setuptools that builds wheels itself (>= 70.1; the shared venv may hold an older one),
    # from the machine's configured package sources
    _pip(python, tmp_path, "setuptools>=70.1")
    _pip(python, tmp_path, "--no-deps", "--no-build-isolation", str(source))
    return python, site


def _pip(python, cwd, *arguments):
    result = subprocess.run([python, "-m", "pip", "install", "--quiet",
                             "--disable-pip-version-check", *arguments],
                            cwd=cwd, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler-utils (pdftotext)")
def test_a_pip_installed_package_serves_chinese(tmp_path):
    python, site = _install(tmp_path)
    assert list((site / "congress" / "translations").rglob("zh_Hans_CN/**/messages.mo"))
    assert (site / "congress" / "templates").is_dir()
    script = tmp_path / "serve.py"
    script.write_text(SCRIPT)
    page, pdf = tmp_path / "login.html", tmp_path / "minutes.pdf"
    result = subprocess.run([python, script, str(tmp_path / "db.sqlite"), str(page), str(pdf)],
                            cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-3000:]
    html = page.read_text()
    assert "登录" in html and "用户名" in html and "Sign in" not in html
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "会议纪要" in text or "纪要" in text, text[:500]
    assert "Minutes" not in text


def test_the_interpreter_is_a_virtualenv():
    """The install above reuses this interpreter's site-packages: it must be a venv's."""
    assert sys.prefix != sys.base_prefix
