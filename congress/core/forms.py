from flask import flash
from flask_wtf import FlaskForm
from wtforms.fields.choices import SelectChoice


class EmptyForm(FlaskForm):
    """A form with only the CSRF token, for buttons that post."""


def choices(pairs):
    """SelectField choices from (value, label) pairs."""
    return [SelectChoice(value, label) for value, label in pairs]


def apply_service(form, action):
    """Run a service call for a validated form and commit; (True, result) on success.

    A DomainError rolls back and becomes the message of the field it names, or a flash
    message when it names none, so the page can be shown again with the user's input; the
    error stays on the form as `form.refusal`, for a page that answers with its status.
    """
    from congress.core.errors import DomainError
    from congress.core.i18n import page_text
    from congress.extensions import db

    try:
        result = action()
    except DomainError as error:
        db.session.rollback()
        form.refusal = error
        field = form._fields.get(error.field) if error.field else None
        if field is not None:
            # API messages start with the field's name; on a page that is noise
            field.errors = list(field.errors) + [page_text(error)]
        else:
            flash(page_text(error), "error")
        return False, None
    db.session.commit()
    return True, result
