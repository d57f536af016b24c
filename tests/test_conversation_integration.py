"""The conversation over the real stack: a message is an outbox row, a Celery worker
consuming from the real Redis sends it to an SMTP server on 127.0.0.1 — once — and the
reply to that very email, piped into `manage.py receive_email` in its own process, lands
on the case."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from email.message import EmailMessage

import pytest

from cases.models import CaseEvent
from portal.models import OutboundEmail
from tests.factories import AgentFactory, CaseFactory, UserFactory

from .support.reminder_stack import wait_until
from .support.smtp import body_text
from .support.worker import ROOT, test_database_url

pytestmark = [pytest.mark.integration, pytest.mark.postgres, pytest.mark.redis]


def sent(count: int):
    def predicate():
        """the emails marked sent"""
        return OutboundEmail.objects.filter(status="sent").count() == count
    return predicate


def pipe_reply(original: EmailMessage, *, sender: str, text: str) -> subprocess.CompletedProcess:
    """Reply to ``original`` as a mail client would, and pipe it as a mail server would."""
    answer = EmailMessage()
    answer["From"] = sender
    answer["To"] = original["Reply-To"]
    answer["Subject"] = "Re: " + original["Subject"]
    answer["Message-ID"] = "<reply-1@client.example>"
    answer["In-Reply-To"] = original["Message-ID"]
    quoted = "\n".join("> " + line for line in body_text(original).splitlines())
    answer.set_content(f"{text}\n\nOn Tue, Dec 1, 2026 at 9:00 AM Lineout wrote:\n{quoted}\n")
    return subprocess.run(
        [sys.executable, "manage.py", "receive_email"], input=bytes(answer), cwd=ROOT,
        capture_output=True, timeout=60,
        env={**os.environ, "DATABASE_URL": test_database_url()},
    )


def test_messages_go_out_once_each_and_a_reply_comes_back(celery_worker_process, smtp_server):
    agent = AgentFactory(email="avery@lineout.example")
    customer = UserFactory(email="casey@example.com")
    case = CaseFactory(owner=customer, state="verifying", assigned_agent=agent)

    case.add_message(by=customer, text="Do you need anything else?")
    [to_agent] = smtp_server.inbox.wait_for(1)
    assert to_agent["To"] == agent.email
    assert "Do you need anything else?" in body_text(to_agent)

    case.add_message(by=agent, text="Only a recent bill, please.")
    messages = smtp_server.inbox.wait_for(2)
    [to_customer] = smtp_server.inbox.to(customer.email)
    assert "Only a recent bill, please." in body_text(to_customer)
    assert to_customer["Reply-To"].startswith("reply+")
    wait_until(sent(2), "both message emails marked sent")
    time.sleep(1)  # nothing else arrives: each email once
    assert len(smtp_server.inbox.messages) == len(messages) == 2

    result = pipe_reply(to_customer, sender=customer.email, text="Uploading it tonight.")
    assert result.returncode == 0, result.stderr
    again = pipe_reply(to_customer, sender=customer.email, text="Uploading it tonight.")
    assert again.returncode == 0  # the same Message-ID: stored once
    replies = CaseEvent.objects.filter(case=case, kind="message", actor=customer)
    assert list(replies.values_list("message", flat=True)) == [
        "Do you need anything else?", "Uploading it tonight."]
    # The agent hears about the reply, by the worker, once.
    smtp_server.inbox.wait_for(3)
    wait_until(sent(3), "the reply's email marked sent")
    assert len(smtp_server.inbox.to(agent.email)) == 2
