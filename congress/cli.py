"""flask commands: create-user, seed-demo, seal-ballots."""
import sys

import click
from flask.cli import with_appcontext
from sqlalchemy import func, select

from congress.core.auth import Role
from congress.core.errors import DomainError
from congress.extensions import db


def init_app(app):
    app.cli.add_command(create_user_command)
    app.cli.add_command(seed_demo_command)
    app.cli.add_command(seal_ballots_command)


@click.command("create-user")
@click.argument("username")
@click.option("--role", type=click.Choice([r.value for r in Role if r is not Role.delegate]),
              required=True)
@click.option("--name", default=None, help="Display name (defaults to the username).")
@click.option("--organisation", "organisation_name", default=None,
              help="The root organisation of the account, created if none has this name "
                   "(default: the first root organisation).")
@with_appcontext
def create_user_command(username, role, name, organisation_name):
    """Create an account; the password is read from standard input (one line)."""
    from congress.people.services import create_user

    password = sys.stdin.readline().rstrip("\r\n")
    if len(password) < 8:
        raise click.ClickException("the password (read from standard input) needs 8 characters "
                                   "or more")
    try:
        organisation = _root_organisation(organisation_name)
        user, _ = create_user(None, username=username, name=name or username, role=role,
                              password=password, organisation=organisation)
    except DomainError as error:
        raise click.ClickException(str(error.message)) from error
    db.session.commit()
    click.echo(f"created {user.username} ({user.role.value}) in {user.organisation.name}")


def _root_organisation(name):
    """The root organisation called `name`, created if there is none (no name: the first
    root organisation)."""
    from congress.organisations.services import (
        create_organisation,
        find_organisation,
        root_organisation,
    )

    if name is None:
        return root_organisation()
    return find_organisation(name.strip(), None) or create_organisation(
        None, name=name, parent=None)


@click.command("seed-demo")
@click.option("--if-empty", is_flag=True, help="Do nothing when the database has meetings.")
@click.option("--played", is_flag=True,
              help="Also play the meeting through (check-in, debriefs, votes) for its records.")
@with_appcontext
def seed_demo_command(if_empty, played):
    """Seed a Hefei-like demo: the city, its meeting and two counties (deterministic)."""
    from congress.demo import city_meeting, seed_demo
    from congress.meetings.models import Meeting

    if if_empty and db.session.scalar(select(func.count(Meeting.id))):
        click.echo("database already has a meeting; demo not seeded")
        return
    summary = seed_demo()
    db.session.commit()
    click.echo(summary)
    if played:
        from congress.records.demo import play_meeting

        meeting = city_meeting()
        click.echo(f"played the meeting through with {play_meeting(meeting)} delegates present")


@click.command("seal-ballots")
@with_appcontext
def seal_ballots_command():
    """Rewrite the storage of the ballot box tables now (what every close does after it
    commits): when the log says a close could not, e.g. a long transaction was running."""
    from congress.ballots.sealing import rewrite_storage

    rewrite_storage()
    click.echo("ballot box tables rewritten")
