"""`flask remind`: make the due reminders and send their emails now (the job worker does the
same every REMINDERS_EVERY_MINUTES; this is for cron, a first run, or a check by hand)."""
import click

from congress.extensions import db
from congress.followup.reminders import remind


def init_app(app):
    @app.cli.command("remind")
    @click.option("--no-mail", is_flag=True, help="Only make the reminders in the app.")
    def remind_command(no_mail):
        """Make the due reminders (concern deadlines) and send the emails that are due."""
        from congress.followup.reminders import find_due_reminders
        try:
            if no_mail:
                click.echo(f"reminders made: {find_due_reminders()}")
                return
            result = remind()
        finally:
            db.session.remove()
        click.echo(f"reminders made: {result['made']}, emails sent: {result['sent']}, "
                   f"failed (tried again later): {result['failed']}")
