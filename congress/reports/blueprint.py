"""The report review pages' blueprint and what its page modules share. Each sub-area has its
own module (reading and versions, comments, group sessions, the digest, resolutions);
congress/reports/views.py gathers them."""
from flask import Blueprint, flash
from flask_login import current_user, login_required

bp = Blueprint("reports", __name__)


@bp.before_request
@login_required
def _signed_in():
    """Every report page needs a signed-in user."""


def page_layout():
    """Delegates read on the tablet; everyone else works at the console."""
    return "tablet" if current_user.delegate is not None else "console"


def flash_errors(form):
    """For forms that redirect back: field messages would be lost, so flash them."""
    for errors in form.errors.values():
        for error in errors:
            flash(error, "error")
