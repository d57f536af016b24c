"""The conversation in Chromium: the customer writes with an attachment, the agent finds
the case waiting on us in the desk and answers, the customer replies to the email (a raw
message built from the outbox email's Reply-To and Message-ID, piped to receive_email),
and the reply shows on both sides without the quoted part."""

from __future__ import annotations

import io
import sys
from email.message import EmailMessage

import pytest
from allauth.mfa.totp.internal.auth import (TOTP, generate_totp_secret)
from django.core.management import call_command
from playwright.sync_api import expect

from portal.models import OutboundEmail

from .factories import PDF_BYTES, AgentFactory, CaseFactory, UserFactory
from .support.browser import screenshot, submit_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = PDF_BYTES  # a real PDF: uploads are opened and rewritten


def sign_in(page, email: str, secret: str | None = None) -> None:
    page.goto("/accounts/login/")
    submit_login(page, email, totp_secret=secret)
    expect(page.locator("form[action='/accounts/logout/']")).to_have_count(1)


def pipe(raw: bytes, monkeypatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(raw)))
    call_command("receive_email", stdout=io.StringIO())


def test_customer_and_agent_talk_on_the_page_and_by_email(chromium, live_server, tmp_path,
                                                         monkeypatch):
    customer = UserFactory(email="casey@example.com", first_name="Casey")
    agent = AgentFactory(email="avery@lineout.example")
    secret = generate_totp_secret()
    TOTP.activate(agent, secret)
    case = CaseFactory(owner=customer, state="verifying", assigned_agent=agent,
                       phone_number="+12025550143")
    case.add_message(by=agent, text="Hello Casey, we have started.")

    customer_context = chromium.new_context(base_url=live_server.url, locale="en-US")
    agent_context = chromium.new_context(base_url=live_server.url, locale="en-US")
    try:
        customer_page, agent_page = customer_context.new_page(), agent_context.new_page()
        for page in (customer_page, agent_page):
            page.set_default_timeout(15_000)

        # The customer writes, with a file, in one post.
        sign_in(customer_page, customer.email)
        customer_page.goto(case.get_absolute_url())
        bill = tmp_path / "bill.pdf"
        bill.write_bytes(PDF)
        customer_page.fill("#reply textarea[name=message]", "Here is my latest bill.")
        customer_page.locator("#reply input[name=files]").set_input_files(str(bill))
        customer_page.click("#reply button[type=submit]")
        expect(customer_page.locator(".message-success")).to_be_visible()
        expect(customer_page.locator(".timeline")).to_contain_text("Here is my latest bill.")
        expect(customer_page.locator(".timeline a", has_text="bill.pdf")).to_be_visible()

        # The agent finds it waiting on us and answers.
        sign_in(agent_page, agent.email, secret)
        agent_page.goto("/desk/")
        expect(agent_page.locator("[data-queue] a", has_text=case.reference)).to_be_visible()
        agent_page.click(f"text={case.reference}")
        expect(agent_page.locator(".timeline")).to_contain_text("Here is my latest bill.")
        agent_page.fill("#reply textarea[name=message]", "Thank you, that is all we need.")
        agent_page.click("#reply button[type=submit]")
        expect(agent_page.locator(".message-success")).to_be_visible()
        screenshot(agent_page, "conversation-desk-1280-en")

        # The customer answers the email the agent's message sent.
        email = OutboundEmail.objects.filter(kind="case/message_to_customer").latest("pk")
        assert "Thank you, that is all we need." in email.body_text
        reply = EmailMessage()
        reply["From"] = f"Casey <{customer.email}>"
        reply["To"] = email.headers["Reply-To"]
        reply["Subject"] = "Re: " + email.subject
        reply["Message-ID"] = "<reply-casey-1@mail.example>"
        reply["In-Reply-To"] = email.headers["Message-ID"]
        quoted = "\n".join("> " + line for line in email.body_text.splitlines())
        reply.set_content("Great, thanks!\n\nOn Tue, Dec 1, 2026 at 9:00 AM Lineout "
                          f"<support@lineout.localhost> wrote:\n{quoted}\n")
        pipe(bytes(reply), monkeypatch)

        for page in (customer_page, agent_page):
            page.reload()
            timeline = page.locator(".timeline")
            expect(timeline).to_contain_text("Great, thanks!")
            expect(timeline).not_to_contain_text("wrote:")
            expect(timeline).not_to_contain_text("> Our agent wrote")
        screenshot(customer_page, "conversation-customer-1280-en")
    finally:
        customer_context.close()
        agent_context.close()
