"""Email through a configured SMTP server, with the standard library (docs/decisions.md, "Mail").

Configured by CONGRESS_SMTP_HOST / _PORT / _USER / _PASSWORD / _STARTTLS / _SSL / _FROM. With
no host the installation sends no mail: reminders still reach users in the app
(core/notifications.py). Nothing here is called on a request's path: the job worker sends
(`core.notifications.deliver_mail`), after the commit that made the reminder, and never holds
a database transaction open while it talks to the server.
"""
import smtplib
import ssl
from dataclasses import dataclass
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from congress.core.time import utcnow


class MailError(Exception):
    """The server refused the message or could not be reached: try again later."""


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    user: str | None
    password: str | None
    starttls: bool
    use_ssl: bool
    sender: str
    sender_name: str | None
    timeout: float


def settings(config):
    """The SMTP settings from the app's config, or None when mail is off (no host)."""
    host = config.get("SMTP_HOST")
    if not host:
        return None
    use_ssl = bool(config.get("SMTP_SSL"))
    port = config.get("SMTP_PORT") or (465 if use_ssl else 587 if config.get("SMTP_STARTTLS")
                                       else 25)
    sender = config.get("SMTP_FROM") or config.get("SMTP_USER")
    if not sender:
        raise RuntimeError("CONGRESS_SMTP_FROM is needed when CONGRESS_SMTP_HOST is set")
    return SmtpSettings(host=host, port=int(port), user=config.get("SMTP_USER") or None,
                        password=config.get("SMTP_PASSWORD") or None,
                        starttls=bool(config.get("SMTP_STARTTLS")), use_ssl=use_ssl,
                        sender=sender, sender_name=config.get("SMTP_FROM_NAME") or None,
                        timeout=float(config.get("SMTP_TIMEOUT_SECONDS", 20)))


def compose(smtp, to, subject, body):
    """A plain-text message in UTF-8: a Chinese subject is RFC 2047 encoded, the body base64
    (EmailMessage's default policy does both)."""
    message = EmailMessage()
    if smtp.sender_name:
        local, _, domain = smtp.sender.partition("@")
        message["From"] = Address(smtp.sender_name, local, domain)
    else:
        message["From"] = smtp.sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = format_datetime(utcnow())
    message["Message-ID"] = make_msgid(domain=smtp.sender.partition("@")[2] or None)
    message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no auto-replies to a reminder
    message.set_content(body, charset="utf-8")
    return message


class Connection:
    """One SMTP session for a batch of messages (`with Connection(smtp) as mail:
    mail.send(msg)`); MailError when the server cannot be reached or refuses."""

    def __init__(self, smtp):
        self.smtp = smtp
        self.client = None

    def __enter__(self):
        smtp = self.smtp
        try:
            if smtp.use_ssl:
                self.client = smtplib.SMTP_SSL(smtp.host, smtp.port, timeout=smtp.timeout,
                                               context=ssl.create_default_context())
            else:
                self.client = smtplib.SMTP(smtp.host, smtp.port, timeout=smtp.timeout)
                if smtp.starttls:
                    self.client.starttls(context=ssl.create_default_context())
            if smtp.user:
                self.client.login(smtp.user, smtp.password or "")
        except (OSError, smtplib.SMTPException) as error:
            self._close()
            raise MailError(f"SMTP {smtp.host}:{smtp.port}: {error}") from error
        return self

    def send(self, message):
        try:
            refused = self.client.send_message(message)
        except (OSError, smtplib.SMTPException) as error:
            raise MailError(str(error)) from error
        if refused:  # only some recipients refused: the one recipient of a reminder
            raise MailError(f"refused: {refused}")

    def _close(self):
        if self.client is not None:
            try:
                self.client.quit()
            except (OSError, smtplib.SMTPException):
                self.client.close()
            self.client = None

    def __exit__(self, *exc):
        self._close()
        return False
