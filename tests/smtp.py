"""A real SMTP server on 127.0.0.1 for the mail tests (aiosmtpd), collecting what it receives."""
import email
import email.policy
import socket
import threading
from dataclasses import dataclass, field

import pytest


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    port: int
    received: list = field(default_factory=list)  # (envelope recipients, parsed message)
    lock: threading.Lock = field(default_factory=threading.Lock)
    controller: object = None

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd's handler hook
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.lock:
            self.received.append((list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"

    def start(self):
        from aiosmtpd.controller import Controller
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    @property
    def messages(self):
        with self.lock:
            return [m for _, m in self.received]


@pytest.fixture
def smtp_server(app):
    """The server, running, and the app's mail pointed at it for this test."""
    server = Server(free_port())
    server.start()
    saved = {k: app.config.get(k) for k in ("SMTP_HOST", "SMTP_PORT", "SMTP_FROM",
                                            "SMTP_FROM_NAME", "SMTP_STARTTLS", "SMTP_USER")}
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=server.port,
                      SMTP_FROM="congress@example.org", SMTP_FROM_NAME="党代表履职平台",
                      SMTP_STARTTLS=False, SMTP_USER=None)
    yield server
    server.stop()
    app.config.update(saved)
