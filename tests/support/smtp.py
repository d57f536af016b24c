"""A real SMTP server on 127.0.0.1 (aiosmtpd) that collects and parses what it receives.

It can be told to answer with temporary failures, or be stopped and started again on the
same port to play an SMTP server that is down.
"""

from __future__ import annotations

import email
import socket
import threading
import time
from email import policy
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Inbox:
    """What the server received, plus switches to make it misbehave."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.temporary_failures = 0  # answer the next N messages with 451
        self.permanent_failures = 0  # answer the next N messages with 554
        self._changed = threading.Condition()

    async def handle_DATA(self, server, session, envelope):
        if self.temporary_failures > 0:
            self.temporary_failures -= 1
            return "451 4.3.0 Temporary failure, try again later"
        if self.permanent_failures > 0:
            self.permanent_failures -= 1
            return "554 5.7.1 Message refused"
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        with self._changed:
            self.messages.append(message)
            self._changed.notify_all()
        return "250 2.0.0 OK"

    def wait_for(self, count: int, timeout: float = 30.0) -> list[EmailMessage]:
        """Block until at least ``count`` messages arrived (or fail after ``timeout``)."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while len(self.messages) < count:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(
                        f"expected {count} email(s) within {timeout}s, got {len(self.messages)}"
                    )
                self._changed.wait(remaining)
            return list(self.messages)

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if address in m["To"]]


class SMTPServer:
    def __init__(self) -> None:
        self.port = free_port()
        self.inbox = Inbox()
        self._controller: Controller | None = None

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    def start(self) -> None:
        self._controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None


def body_text(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain",))
    return part.get_content() if part else ""


def body_html(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("html",))
    return part.get_content() if part else ""


@pytest.fixture
def smtp_server(settings):
    """A listening SMTP server; Django in this process sends to it too."""
    server = SMTPServer()
    server.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    yield server
    server.stop()
