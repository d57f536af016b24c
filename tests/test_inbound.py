"""Replies by email: `manage.py receive_email` reads one message on standard input and
stores it as a message on its case, or refuses it with the exit code a mail server reads —
writing nothing on any refusal."""

from __future__ import annotations

import io
import os
import sys
from email.message import EmailMessage

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import OperationalError

from cases import inbound, replies
from cases.models import Case, CaseEvent, Document
from portal.models import OutboundEmail
from tests.factories import PDF_BYTES, AgentFactory, CaseFactory, UserFactory

pytestmark = pytest.mark.django_db

LINEOUT = "Lineout <support@lineout.localhost>"


def reply(*, to: str, sender: str, body: str = "", html: str | None = None,
          message_id: str = "<r1@mail.example>", attachments=()) -> bytes:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = "Re: New message about your case"
    message["Message-ID"] = message_id
    message["In-Reply-To"] = "<original@lineout.localhost>"
    if body:
        message.set_content(body)
    if html is not None:
        if body:
            message.add_alternative(html, subtype="html")
        else:
            message.set_content(html, subtype="html")
    for name, data, maintype, subtype in attachments:
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    return bytes(message)


def pipe(raw: bytes, monkeypatch) -> int:
    """Run the command as a mail server would; its exit status."""
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(raw)))
    try:
        call_command("receive_email", stdout=io.StringIO())
    except CommandError as error:
        return error.returncode
    return 0


@pytest.fixture
def case(customer):
    return CaseFactory(owner=customer, state="verifying")


@pytest.fixture
def address(case, customer):
    return replies.reply_address(case.reference, customer.pk)


def messages_on(case: Case) -> list[str]:
    return list(case.events.filter(kind__in=["message", "transition"])
                .exclude(message="").values_list("message", flat=True))


def nothing_written(case: Case) -> bool:
    return (not CaseEvent.objects.filter(case=case, kind="message").exists()
            and not Document.objects.exists() and not OutboundEmail.objects.exists())


# --- Stored ------------------------------------------------------------------------------

QUOTED = {
    "gmail-en": ("Thanks, the bill is attached.\n\nOn Tue, Dec 1, 2026 at 3:04 PM Lineout "
                 "<support@lineout.localhost> wrote:\n> Hello Casey,\n> Please send a bill.\n",
                 "Thanks, the bill is attached."),
    "gmail-zh": ("好的，账单在附件里。\n\n2026年12月1日周二 15:04，Lineout <support@lineout.localhost> "
                 "写道：\n> 您好，\n> 请上传账单。\n", "好的，账单在附件里。"),
    "outlook-en": ("Here you go.\n\nFrom: Lineout <support@lineout.localhost>\nSent: Tuesday, "
                   "December 1, 2026 3:04 PM\nTo: casey@example.com\nSubject: New message about "
                   "your case\n\nHello Casey,\nPlease send a bill.\n", "Here you go."),
    "outlook-zh": ("请查收。\n\n发件人: Lineout <support@lineout.localhost>\n发送时间: 2026年12月1日 "
                   "15:04\n收件人: casey@example.com\n主题: 关于您的申请的新消息\n\n您好，\n请上传账单。\n",
                   "请查收。"),
    "apple-en": ("Sure, done.\n\nSent from my iPhone\n\n> On Dec 1, 2026, at 15:04, Lineout "
                 "<support@lineout.localhost> wrote:\n>\n> Hello Casey,\n", "Sure, done."),
    "apple-zh": ("可以，已上传。\n\n> 2026年12月1日 15:04，Lineout <support@lineout.localhost> 写道：\n"
                 ">\n> 您好，\n", "可以，已上传。"),
}


@pytest.mark.parametrize("client_name", list(QUOTED))
def test_a_reply_is_stored_without_its_quoted_history(case, customer, address, monkeypatch,
                                                      client_name):
    body, expected = QUOTED[client_name]
    assert pipe(reply(to=address, sender=customer.email, body=body), monkeypatch) == 0
    assert messages_on(case) == [expected]
    case.refresh_from_db()
    assert case.waiting_on == "us"


def test_a_signature_is_cut(case, customer, address, monkeypatch):
    body = "Please close it on the 15th.\n\n-- \nCasey Jones\n+1 202 555 0143\n"
    assert pipe(reply(to=address, sender=customer.email, body=body), monkeypatch) == 0
    assert messages_on(case) == ["Please close it on the 15th."]


def test_an_html_only_reply_is_turned_into_text_safely(case, customer, address, monkeypatch):
    html = ("<html><head><style>p{color:red}</style><script>alert(1)</script></head><body>"
            "<p>Line one &amp; more</p><p><b>Line</b> two</p></body></html>")
    assert pipe(reply(to=address, sender=customer.email, html=html), monkeypatch) == 0
    [text] = messages_on(case)
    assert text == "Line one & more\n\nLine two"


def test_a_reply_with_a_pdf_keeps_it_as_an_attachment(case, customer, address, monkeypatch):
    raw = reply(to=address, sender=customer.email, body="Attached.",
                attachments=[("bill.pdf", PDF_BYTES, "application", "pdf")])
    assert pipe(raw, monkeypatch) == 0
    [document] = Document.objects.all()
    assert (document.case, document.kind, document.original_name) == (case, "attachment", "bill.pdf")
    assert document.message.message == "Attached."


def test_the_answer_by_email_moves_the_question_on(case, customer, address, monkeypatch):
    case.request_info(by=AgentFactory(), message="Which plan?")
    assert pipe(reply(to=address, sender=customer.email, body="Family plan."), monkeypatch) == 0
    case.refresh_from_db()
    assert case.state == "verifying"


def test_an_agent_replies_by_email_to_the_customer(case, monkeypatch):
    agent = AgentFactory(email="avery@lineout.example")
    address = replies.reply_address(case.reference, agent.pk)
    assert pipe(reply(to=address, sender="Avery <Avery@Lineout.example>",
                      body="We are on it."), monkeypatch) == 0
    assert messages_on(case) == ["We are on it."]
    assert OutboundEmail.objects.get().kind == "case/message_to_customer"


def test_the_envelope_recipient_counts_when_the_to_header_does_not_name_us(case, customer, address,
                                                                          monkeypatch):
    monkeypatch.setenv("ORIGINAL_RECIPIENT", address)
    raw = reply(to="casey-list@example.com", sender=customer.email, body="Via a list.")
    assert pipe(raw, monkeypatch) == 0
    assert messages_on(case) == ["Via a list."]


def test_the_same_message_piped_twice_is_stored_once(case, customer, address, monkeypatch):
    raw = reply(to=address, sender=customer.email, body="Only once, please.")
    assert pipe(raw, monkeypatch) == 0
    assert pipe(raw, monkeypatch) == 0
    assert messages_on(case) == ["Only once, please."]
    assert OutboundEmail.objects.filter(kind="case/message_to_agent").count() == \
        OutboundEmail.objects.filter(kind="case/message_to_agent").values("to").distinct().count()


# --- Refused -----------------------------------------------------------------------------


def test_an_altered_reply_address_is_unknown(case, customer, address, monkeypatch):
    local, domain = address.split("@")
    altered = local[:-1] + ("0" if local[-1] != "0" else "1") + "@" + domain
    assert pipe(reply(to=altered, sender=customer.email, body="Hi"), monkeypatch) == os.EX_NOUSER
    assert nothing_written(case)


def test_a_forged_address_for_another_case_is_unknown(case, customer, monkeypatch):
    other = CaseFactory(owner=UserFactory(), state="verifying")
    real = replies.reply_address(case.reference, customer.pk)
    local, domain = real.split("@")
    _prefix, rest = local.split("+")
    forged_ref = other.reference.replace("-", "")[2:].lower()
    forged = f"reply+{forged_ref}.{rest.split('.', 1)[1]}@{domain}"  # another case, old MAC
    assert pipe(reply(to=forged, sender=customer.email, body="Hi"), monkeypatch) == os.EX_NOUSER
    assert nothing_written(other) and nothing_written(case)


def test_a_reply_from_another_sender_is_refused(case, address, monkeypatch):
    raw = reply(to=address, sender="mallory@example.net", body="Close it now")
    assert pipe(raw, monkeypatch) == os.EX_NOUSER
    assert nothing_written(case)


def test_another_customers_address_cannot_be_used_to_write_on_this_case(case, second_customer,
                                                                       monkeypatch):
    # An address made for someone who is neither this case's customer nor an agent.
    address = replies.reply_address(case.reference, second_customer.pk)
    raw = reply(to=address, sender=second_customer.email, body="Let me in")
    assert pipe(raw, monkeypatch) == os.EX_NOUSER
    assert nothing_written(case)


def test_a_message_without_our_address_is_unknown(case, customer, monkeypatch):
    raw = reply(to="support@lineout.localhost", sender=customer.email, body="Hi")
    assert pipe(raw, monkeypatch) == os.EX_NOUSER


def test_something_that_is_not_an_email_is_a_data_error(monkeypatch):
    assert pipe(b"\x00\x01 this is not an email at all", monkeypatch) == os.EX_DATAERR


def test_an_exe_attachment_is_refused_and_nothing_is_written(case, customer, address, monkeypatch):
    raw = reply(to=address, sender=customer.email, body="Run this",
                attachments=[("setup.exe", b"MZ\x90\x00" + b"\x00" * 200, "application", "octet-stream")])
    assert pipe(raw, monkeypatch) == os.EX_DATAERR
    assert nothing_written(case)


def test_an_empty_reply_is_refused(case, customer, address, monkeypatch):
    body = "\n\nOn Tue, Dec 1, 2026 at 3:04 PM Lineout <support@lineout.localhost> wrote:\n> Hello\n"
    assert pipe(reply(to=address, sender=customer.email, body=body), monkeypatch) == os.EX_DATAERR
    assert nothing_written(case)


def test_a_reply_on_a_draft_is_refused(customer, monkeypatch):
    draft = CaseFactory(owner=customer)
    address = replies.reply_address(draft.reference, customer.pk)
    assert pipe(reply(to=address, sender=customer.email, body="Hi"), monkeypatch) == os.EX_DATAERR
    assert nothing_written(draft)


def test_a_reply_larger_than_25_mb_is_refused(case, customer, address, monkeypatch, settings):
    settings.INBOUND_EMAIL_MAX_BYTES = 2_000  # the same rule, a smaller number
    raw = reply(to=address, sender=customer.email, body="x" * 5_000)
    assert pipe(raw, monkeypatch) == os.EX_DATAERR
    assert nothing_written(case)


def test_an_unreachable_database_asks_the_mail_server_to_retry(case, customer, address,
                                                              monkeypatch):
    def down(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(inbound, "receive_message", down)
    raw = reply(to=address, sender=customer.email, body="Hi")
    assert pipe(raw, monkeypatch) == os.EX_TEMPFAIL


# --- The hosted service's webhook (Mailgun through django-anymail) -----------------------

SIGNING_KEY = "key-for-tests-only"


def mailgun_post(client, raw: bytes, *, key: str = SIGNING_KEY, recipient: str = ""):
    import hashlib
    import hmac
    import time

    timestamp, token = str(int(time.time())), "a" * 50
    signature = hmac.new(key.encode(), f"{timestamp}{token}".encode(), hashlib.sha256).hexdigest()
    return client.post("/inbound/mailgun/mime", {
        "timestamp": timestamp, "token": token, "signature": signature,
        "body-mime": raw.decode(), "recipient": recipient, "sender": "someone@example.com",
    })


def test_the_webhook_stores_a_signed_reply(client, case, customer, address, settings):
    settings.ANYMAIL = {"MAILGUN_WEBHOOK_SIGNING_KEY": SIGNING_KEY}
    response = mailgun_post(client, reply(to=address, sender=customer.email, body="By webhook."))
    assert response.status_code == 200
    assert messages_on(case) == ["By webhook."]


def test_the_webhook_refuses_a_bad_signature_and_writes_nothing(client, case, customer, address,
                                                               settings):
    settings.ANYMAIL = {"MAILGUN_WEBHOOK_SIGNING_KEY": SIGNING_KEY}
    response = mailgun_post(client, reply(to=address, sender=customer.email, body="Forged."),
                            key="not-the-key")
    assert response.status_code == 400
    assert nothing_written(case)


def test_the_webhook_drops_a_forged_address_and_writes_nothing(client, case, customer, settings):
    settings.ANYMAIL = {"MAILGUN_WEBHOOK_SIGNING_KEY": SIGNING_KEY}
    raw = reply(to="reply+aaaaaaaa.1.00000000000000000000@lineout.localhost",
                sender=customer.email, body="Hi")
    assert mailgun_post(client, raw).status_code == 200  # accepted and dropped: no retries
    assert nothing_written(case)


def test_the_webhook_is_not_there_without_a_signing_key(client, case, customer, address, settings):
    settings.ANYMAIL = {"MAILGUN_WEBHOOK_SIGNING_KEY": ""}
    response = mailgun_post(client, reply(to=address, sender=customer.email, body="Hi"))
    assert response.status_code == 404
    assert nothing_written(case)
