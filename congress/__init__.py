"""Congress: runs a local party congress's annual meeting."""
from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from config import config_from_env


def _beside(name):
    """A folder of the app: inside the package once installed (setup.py copies it there), beside
    it in the repository."""
    packaged = Path(__file__).resolve().parent / name
    return str(packaged) if packaged.is_dir() else f"../{name}"


def create_app(config=None):
    app = Flask(__name__, template_folder=_beside("templates"), static_folder=_beside("static"),
                instance_relative_config=False)
    config = config or config_from_env()
    if hasattr(config, "check"):
        config.check()
    app.config.from_object(config)
    from congress.core.secret import ensure_secret_key
    ensure_secret_key(app)
    app.json.ensure_ascii = False  # Chinese names stay readable in API answers

    from congress import cli
    from congress.core import database, i18n, job_queue, live_stream, paging, web
    from congress.extensions import babel, csrf, db, login_manager, migrate

    web.init_converters(app)  # before any route is registered
    database.ensure_sqlite_directory(app)
    _import_models()
    db.init_app(app)
    database.configure_engine_events()
    database.init_app(app)
    migrate.init_app(app, db, directory=str(Path(app.root_path, _beside("migrations"))),
                     render_as_batch=True)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=i18n.select_locale, timezone_selector=i18n.select_timezone)
    login_manager.init_app(app)
    from congress.people import login as people_login
    people_login.init_app(app)
    web.init_errors(app)
    i18n.init_app(app)
    paging.init_app(app)
    live_stream.init_app(app)
    from congress.core import headers, limits
    limits.init_app(app)  # rate limits (Flask-Limiter)
    headers.init_app(app)
    job_queue.init_app(app)

    api_bp = _api_blueprint()
    from congress.audit.views import bp as audit_bp
    from congress.ballots.paper_views import bp as paper_ballots_bp
    from congress.ballots.views import bp as ballots_bp
    from congress.core.views import bp as core_bp
    from congress.debriefs.views import bp as debriefs_bp
    from congress.followup.views import bp as followup_bp
    from congress.meetings.delegate_views import bp as delegates_bp
    from congress.meetings.home import bp as home_bp
    from congress.meetings.roster_views import bp as roster_bp
    from congress.meetings.views import bp as meetings_bp
    from congress.organisations.views import bp as organisations_bp
    from congress.people.sign_in_views import bp as sign_in_bp
    from congress.people.views import bp as people_bp
    from congress.proposals.desk import bp as proposal_desk_bp
    from congress.proposals.views import bp as proposals_bp
    from congress.records.views import bp as records_bp
    from congress.reports.views import bp as reports_bp
    from congress.studios.views import bp as studios_bp, public_bp as public_concerns_bp

    for blueprint in (core_bp, sign_in_bp, home_bp, meetings_bp, roster_bp, people_bp, ballots_bp,
                      debriefs_bp, audit_bp, delegates_bp, api_bp):
        app.register_blueprint(blueprint)
    app.register_blueprint(reports_bp)
    app.register_blueprint(proposals_bp)
    app.register_blueprint(proposal_desk_bp)
    app.register_blueprint(records_bp)
    app.register_blueprint(organisations_bp)
    from congress.activities.views import bp as activities_bp
    app.register_blueprint(activities_bp)
    app.register_blueprint(studios_bp)
    app.register_blueprint(public_concerns_bp)
    app.register_blueprint(followup_bp)
    app.register_blueprint(paper_ballots_bp)
    _wire_tablet(app)
    _wire_follow_up(app)
    csrf.exempt(api_bp)  # the API checks CSRF itself: bearer calls need none, cookie calls do
    cli.init_app(app)
    if app.config["PROXY_HOPS"]:
        hops = app.config["PROXY_HOPS"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    job_queue.start_embedded_worker_if_served(app)  # `flask run`: one command serves the jobs too
    return app


def _api_blueprint():
    """The one /api/v1 blueprint with every area's JSON door registered on it (each area's
    `api.py` adds its routes; congress/api holds only what they share)."""
    from congress.activities import api as _activities  # noqa: F401
    from congress.api import bp
    from congress.ballots import (
        api as _ballots,  # noqa: F401
        paper_api as _paper_ballots,  # noqa: F401
    )
    from congress.debriefs import api as _debriefs  # noqa: F401
    from congress.meetings import (
        api as _meetings,  # noqa: F401
        delegates_api as _term_delegates,  # noqa: F401
        events as _events,  # noqa: F401
    )
    from congress.organisations import api as _organisations  # noqa: F401
    from congress.people import api as _people  # noqa: F401
    from congress.proposals import api as _proposals  # noqa: F401
    from congress.records import api as _records  # noqa: F401
    from congress.reports import api as _reports  # noqa: F401
    from congress.studios import api as _studios  # noqa: F401
    return bp


def _wire_tablet(app):
    """The delegate's tablet home (meetings) shows the debrief in progress and the open
    ballots: the app, which knows every area, hands that part to the meetings area."""
    from congress.debriefs.views import tablet_context
    from congress.meetings.views import add_tablet_part
    add_tablet_part(app, tablet_context)


def _wire_follow_up(app):
    """A proposal's evidence (the concerns it cites) comes from the follow-up area, which
    imports proposals; the reminders' periodic work registers itself when imported."""
    from congress.followup import commands, evidence, reminders  # noqa: F401
    from congress.proposals.evidence import add_evidence_source
    add_evidence_source(app, evidence.SOURCE)
    commands.init_app(app)


def _import_models():
    """Import every area's models so metadata (and Alembic) sees all tables (the app package
    knows the areas; core knows none of them)."""
    from congress.activities import models as _activities  # noqa: F401
    from congress.ballots import count_models as _counts, models as _ballots  # noqa: F401
    from congress.core import audit, jobs, live, notifications  # noqa: F401
    from congress.debriefs import models as _debriefs  # noqa: F401
    from congress.followup import models as _followup  # noqa: F401
    from congress.meetings import models as _meetings  # noqa: F401
    from congress.organisations import models as _organisations  # noqa: F401
    from congress.people import (
        models as _people,  # noqa: F401
        roster,  # noqa: F401
    )
    from congress.proposals import (
        handling_models as _handling,  # noqa: F401
        models as _proposals,  # noqa: F401
    )
    from congress.records import models as _records  # noqa: F401
    from congress.reports import (
        group_models as _groups,  # noqa: F401
        models as _reports,  # noqa: F401
    )
    from congress.studios import models as _studios  # noqa: F401
