"""Configuration, the database engine, migrations, the CLI and the demo seed."""
import subprocess
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import func, select, text

from congress.extensions import db
from congress.meetings.models import AgendaItem, Meeting
from congress.people.models import Delegate, Delegation, HandlingUnit, User

ROOT = Path(__file__).resolve().parents[2]


def test_production_refuses_to_start_without_a_secret_key(monkeypatch):
    from config import ProductionConfig
    from congress import create_app

    monkeypatch.setattr(ProductionConfig, "SECRET_KEY", None)
    with pytest.raises(RuntimeError, match="CONGRESS_SECRET_KEY"):
        create_app(ProductionConfig)


def test_environment_overrides(monkeypatch):
    import importlib

    import config
    monkeypatch.setenv("CONGRESS_DATABASE_URL", "postgresql+psycopg://x@h/db")
    monkeypatch.setenv("CONGRESS_SECRET_KEY", "s3cret")
    monkeypatch.setenv("CONGRESS_LOCALE", "en")
    reloaded = importlib.reload(config)
    try:
        assert reloaded.ProductionConfig.SQLALCHEMY_DATABASE_URI == "postgresql+psycopg://x@h/db"
        assert reloaded.ProductionConfig.SECRET_KEY == "s3cret"
        assert reloaded.Config.BABEL_DEFAULT_LOCALE == "en"
    finally:
        monkeypatch.undo()
        importlib.reload(config)


def test_engine_settings(app):
    with app.app_context(), db.engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
        else:
            assert conn.dialect.name == "postgresql"
            assert conn.dialect.driver == "psycopg"  # psycopg 3


def test_foreign_keys_are_enforced(app):
    from sqlalchemy.exc import IntegrityError
    with app.app_context(), pytest.raises(IntegrityError), db.engine.begin() as conn:
        conn.execute(text("INSERT INTO delegations (congress_id, name, position) "
                          "VALUES (999999, 'x', 1)"))


def test_migrations_match_the_models(app):
    """Every model change comes with a migration."""
    with app.app_context(), db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), db.metadata)
    assert diff == []


def test_no_create_all_outside_tests():
    offenders = [str(p) for p in (ROOT / "congress").rglob("*.py")
                 if "create_all(" in p.read_text(encoding="utf-8")]
    assert offenders == []


def test_create_user_reads_the_password_from_stdin(app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["create-user", "mishu", "--role", "secretariat"],
                           input="a-long-password\n")
    assert result.exit_code == 0, result.output
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == "mishu"))
        assert user.role.value == "secretariat" and user.check_password("a-long-password")
    result = runner.invoke(args=["create-user", "short", "--role", "chair"], input="abc\n")
    assert result.exit_code != 0 and "8 characters" in result.output
    result = runner.invoke(args=["create-user", "mishu", "--role", "chair"],
                           input="another-password\n")
    assert result.exit_code != 0 and "username: mishu" in result.output


def test_seed_demo_is_a_hefei_like_meeting_and_runs_once(app):
    from congress.demo import DEMO_PASSWORD, city_meeting, demo_pin
    runner = app.test_cli_runner()
    result = runner.invoke(args=["seed-demo", "--if-empty"])
    assert result.exit_code == 0 and "300 delegates" in result.output
    result = runner.invoke(args=["seed-demo", "--if-empty"])
    assert "not seeded" in result.output
    with app.app_context():
        meeting = city_meeting()
        assert meeting.organisation.name == "中共合肥市委" and meeting.organisation.parent is None
        assert (meeting.congress.title, meeting.congress.ordinal) == (
            "中国共产党合肥市第十二次代表大会", 12)
        assert db.session.scalar(select(func.count(Meeting.id)).where(
            Meeting.organisation_id == meeting.organisation_id)) == 1
        assert db.session.scalar(select(func.count(Delegate.id)).where(
            Delegate.congress_id == meeting.congress_id)) == 300
        names = db.session.scalars(select(Delegation.name).where(
            Delegation.congress_id == meeting.congress_id).order_by(Delegation.position)).all()
        assert names == [f"{p}代表团" for p in ("瑶海区", "庐阳区", "蜀山区", "包河区", "长丰县",
                                              "肥东县", "肥西县", "庐江县", "巢湖市")]
        debriefs = db.session.scalars(select(AgendaItem).where(
            AgendaItem.meeting_id == meeting.id, AgendaItem.kind == "debrief")).all()
        assert len(debriefs) == 9
        assert db.session.scalar(select(func.count(HandlingUnit.id))) >= 3
        roles = set(db.session.scalars(select(User.role)).all())
        assert {r.value for r in roles} == {"secretariat", "chair", "committee", "unit",
                                            "observer", "delegate", "organiser"}
        first = db.session.scalar(select(Delegate).order_by(Delegate.id)).user
        # On a fresh database (make run) this is 20260001; here ids may have moved on
        assert first.username == f"2026{first.delegate.id:04d}"
        assert first.check_password(demo_pin(1))
        assert db.session.scalar(select(User).where(
            User.username == "secretariat")).check_password(DEMO_PASSWORD)


def test_seed_demo_has_two_counties_under_the_city(app):
    """Two county committees, each with its own congress, delegates in their townships'
    delegations and a small meeting of its own; the organiser is the city's, each county
    secretariat its county's."""
    from congress.demo import DEMO_PASSWORD, demo_pin
    from congress.organisations.models import Organisation
    assert app.test_cli_runner().invoke(args=["seed-demo"]).exit_code == 0
    with app.app_context():
        (city,) = db.session.scalars(select(Organisation).where(
            Organisation.parent_id.is_(None))).all()  # the migrations' root, named by the demo
        assert (city.name, city.level.value) == ("中共合肥市委", "city")
        assert [(c.name, c.level.value) for c in city.children] == [
            ("中共蜀山区委", "county"), ("中共肥西县委", "county")]
        for county, username, size, delegations in ((city.children[0], "shushan", 48, 4),
                                                     (city.children[1], "feixi", 45, 3)):
            (congress,) = county.congresses
            (meeting,) = congress.meetings
            assert meeting.organisation_id == county.id and meeting.year == 2026
            assert len(congress.delegations) == delegations
            assert db.session.scalar(select(func.count(Delegate.id)).where(
                Delegate.congress_id == congress.id)) == size
            assert len(meeting.agenda_items) >= 2
            account = db.session.scalar(select(User).where(User.username == username))
            assert account.role.value == "secretariat" and account.organisation_id == county.id
            assert account.check_password(DEMO_PASSWORD)
            first = db.session.scalar(select(Delegate).where(Delegate.congress_id == congress.id)
                                      .order_by(Delegate.id).limit(1))
            assert first.delegation.name == {"shushan": "三里庵街道代表团",
                                             "feixi": "上派镇代表团"}[username]
            number = {"shushan": 301, "feixi": 349}[username]
            assert first.user.check_password(demo_pin(number))
            readme = (ROOT / "README.md").read_text()
            assert f"`2026{number:04d}` | PIN `{demo_pin(number)}`" in readme
        organiser = db.session.scalar(select(User).where(User.username == "organiser"))
        assert organiser.role.value == "organiser" and organiser.organisation_id == city.id
        last = db.session.scalar(select(Delegate).order_by(Delegate.id.desc()).limit(1))
        assert last.user.check_password(demo_pin(300 + 48 + 45))


def test_seed_demo_is_deterministic(app):
    runner = app.test_cli_runner()
    runner.invoke(args=["seed-demo"])
    with app.app_context():
        first = db.session.execute(select(Delegate.name, Delegate.seat, Delegate.gender)
                                   .order_by(Delegate.id)).all()
    with app.app_context():
        for table in reversed(db.metadata.sorted_tables):
            db.session.execute(table.delete())
        db.session.commit()
    runner.invoke(args=["seed-demo"])
    with app.app_context():
        second = db.session.execute(select(Delegate.name, Delegate.seat, Delegate.gender)
                                    .order_by(Delegate.id)).all()
    assert first == second and len(first) == 300 + 48 + 45


def test_makefile_and_ci_wiring():
    makefile = (ROOT / "Makefile").read_text()
    ci = (ROOT / ".ci" / "run").read_text()
    readme = (ROOT / "README.md").read_text()
    assert "make test" in ci and "postgresql+psycopg://" in ci
    assert "make run" in readme and "make test" in readme
    from congress.demo import demo_pin
    assert f"`20260001` | PIN `{demo_pin(1)}`" in readme  # the README's demo login works
    for package in ("fonts-noto-cjk", "fonts-arphic-ukai", "libharfbuzz-subset0",
                    "poppler-utils", "chromium"):
        assert package in makefile


def test_system_deps_explains_when_not_root(tmp_path):
    """As a normal user with a package missing, the target prints the command and stops."""
    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "id").write_text("#!/bin/sh\necho 1000\n")
    (fake / "dpkg-query").write_text("#!/bin/sh\nexit 1\n")
    for tool in (fake / "id", fake / "dpkg-query"):
        tool.chmod(0o755)
    result = subprocess.run(["make", "--no-print-directory", "system-deps"], cwd=ROOT,
                            capture_output=True, text=True,
                            env={"PATH": f"{fake}:/usr/bin:/bin"})
    assert result.returncode != 0
    assert "sudo apt-get install -y" in result.stdout and "chromium" in result.stdout
