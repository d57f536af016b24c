"""Messages on a case: who may write when, whose turn it is after, what is emailed to
whom (with a reply address), attachments, and a thread whose cost does not grow."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from cases import replies
from cases.models import Case, CaseEvent, Document
from cases.uploads import CleanDocument
from cases.workflow import Attachment, TransitionNotAllowed
from portal.models import OutboundEmail
from tests.factories import PDF_BYTES, AgentFactory, CaseFactory, UserFactory

pytestmark = pytest.mark.django_db

CLEAN_PDF = CleanDocument(PDF_BYTES, "application/pdf", "pdf", "0" * 64)


@pytest.fixture
def agent(db):
    return AgentFactory(email="avery@lineout.example")


def emails(kind: str) -> list[OutboundEmail]:
    return list(OutboundEmail.objects.filter(kind=kind))


def snapshot(case: Case) -> dict:
    return Case.objects.values().get(pk=case.pk)


def test_customer_writes_on_a_case_under_review_and_it_waits_on_us(customer, agent):
    case = CaseFactory(owner=customer, state="verifying", assigned_agent=agent)
    event = case.add_message(by=customer, text="  Is there anything else you need?  ")
    assert (event.kind, event.message, event.actor) == ("message", "Is there anything else you need?", customer)
    case.refresh_from_db()
    assert case.state == "verifying" and case.waiting_on == "us"
    [email] = emails("case/message_to_agent")
    assert email.to == [agent.email] and "Is there anything else you need?" in email.body_text
    assert f"/desk/{case.reference}/" in email.body_text


def test_the_customers_message_while_asked_is_the_answer(customer, agent):
    case = CaseFactory(owner=customer, state="verifying", assigned_agent=agent)
    case.request_info(by=agent, message="Which plan?")
    case.add_message(by=customer, text="The family plan.",
                     files=[Attachment("bill.pdf", CLEAN_PDF)])
    case.refresh_from_db()
    assert case.state == "verifying" and case.waiting_on == "us"
    [told] = emails("case/message_to_agent")  # the agent hears the answer
    assert told.recipient == agent and "The family plan." in told.body_text
    answer = case.events.get(to_state="verifying", from_state="needs_info")
    assert answer.message == "The family plan."
    [document] = answer.attachments.all()
    assert (document.kind, document.original_name, document.case) == ("attachment", "bill.pdf", case)
    assert document.file.storage.exists(document.file.name)


def test_a_follow_up_on_a_closed_case_waits_on_us_without_reopening_it(customer, agent):
    case = CaseFactory(owner=customer, state="done")
    case.add_message(by=customer, text="Did the final bill come?")
    case.refresh_from_db()
    assert (case.state, case.waiting_on) == ("done", "us")
    case.add_message(by=agent, text="Yes, check the email from the carrier.")
    case.refresh_from_db()
    assert (case.state, case.waiting_on) == ("done", "nobody")


def test_an_agents_message_is_emailed_to_the_customer_in_their_language(agent):
    customer = UserFactory(language="zh-hans")
    case = CaseFactory(owner=customer, state="verifying")
    case.add_message(by=agent, text="请上传最近一期账单。")
    [email] = emails("case/message_to_customer")
    assert email.to == [customer.email] and "请上传最近一期账单。" in email.body_text
    assert customer.first_name in email.body_text
    assert replies.read_address(email.headers["Reply-To"]) == replies.ReplyTarget(
        case.reference, customer.pk)
    assert email.headers["Message-ID"].startswith("<")


def test_an_internal_note_is_never_shown_or_emailed_to_the_customer(customer, agent, client):
    case = CaseFactory(owner=customer, state="verifying")
    case.add_message(by=agent, text="Called T-Mobile: they confirm the account.", internal=True)
    assert not OutboundEmail.objects.exists()
    client.force_login(customer)
    assert "Called T-Mobile" not in client.get(case.get_absolute_url()).content.decode()


def test_nobody_is_emailed_their_own_message(agent):
    other_agent = AgentFactory()
    case = CaseFactory(state="submitted")
    case.add_message(by=case.owner, text="Hello?")
    recipients = {email.recipient for email in emails("case/message_to_agent")}
    assert recipients == {agent, other_agent}
    assert case.owner not in recipients


def test_a_shared_agents_address_gets_messages_on_unassigned_cases(agent, settings):
    settings.AGENTS_EMAIL = "desk@lineout.example"
    case = CaseFactory(state="submitted")
    case.add_message(by=case.owner, text="Hello?")
    [email] = emails("case/message_to_agent")
    assert email.to == ["desk@lineout.example"] and "Reply-To" not in email.headers


def test_every_case_email_carries_a_reply_address_for_its_recipient(customer, agent):
    case = CaseFactory(owner=customer, state="submitted")
    case.start_verification(by=agent)
    [status] = emails("case/case_verifying")
    assert replies.read_address(status.headers["Reply-To"]).recipient_id == customer.pk


@pytest.mark.parametrize("writer,state,internal,error", [
    ("customer", "draft", False, "Submit the case first: our agents read messages once it is sent."),
    ("customer", "verifying", True, "Only agents write internal notes."),
    ("stranger", "verifying", False, "Only the customer who opened this case or an agent can write on it."),
    ("customer", "verifying", False, "Write your message before sending it."),
])
def test_a_message_that_is_not_allowed_writes_nothing(customer, second_customer, writer, state,
                                                      internal, error):
    case = CaseFactory(owner=customer, state=state)
    before, events = snapshot(case), CaseEvent.objects.count()
    by = {"customer": customer, "stranger": second_customer}[writer]
    text = "   " if error.startswith("Write") else "Hello"
    with pytest.raises(TransitionNotAllowed) as raised:
        case.add_message(by=by, text=text, internal=internal)
    assert raised.value.message == error
    assert snapshot(case) == before and CaseEvent.objects.count() == events
    assert not OutboundEmail.objects.exists() and not Document.objects.exists()


def test_an_agent_writes_on_their_own_case_as_its_customer(agent):
    colleague = AgentFactory()
    case = CaseFactory(owner=agent, state="submitted")
    with pytest.raises(TransitionNotAllowed):
        case.add_message(by=agent, text="A note on my own case", internal=True)
    case.add_message(by=agent, text="Closing my own line")
    assert {email.recipient for email in emails("case/message_to_agent")} == {colleague}


def test_an_attachment_is_deleted_again_when_its_row_cannot_be_written(customer, monkeypatch):
    case = CaseFactory(owner=customer, state="verifying")
    stored = []
    original_save = Document.save

    def failing_save(self, *args, **kwargs):
        stored.append(self.file.name)
        raise RuntimeError("database went away")

    monkeypatch.setattr(Document, "save", failing_save)
    with pytest.raises(RuntimeError):
        case.add_message(by=customer, text="Here it is", files=[Attachment("a.pdf", CLEAN_PDF)])
    monkeypatch.setattr(Document, "save", original_save)
    storage = Document._meta.get_field("file").storage
    assert stored and not storage.exists(stored[0])
    assert not CaseEvent.objects.filter(kind="message").exists()


# --- On the pages ------------------------------------------------------------------------


def test_customer_sends_text_and_files_in_one_post(client, customer, agent):
    from django.core.files.uploadedfile import SimpleUploadedFile

    case = CaseFactory(owner=customer, state="verifying")
    case.request_info(by=agent, message="Send a recent bill, please.")
    client.force_login(customer)
    response = client.post(reverse("cases:message", args=[case.reference]), {
        "message": "Here is the bill.",
        "files": [SimpleUploadedFile("bill.pdf", PDF_BYTES), SimpleUploadedFile("id.pdf", PDF_BYTES + b" ")],
    })
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == "verifying"
    assert sorted(Document.objects.values_list("original_name", flat=True)) == ["bill.pdf", "id.pdf"]
    page = client.get(case.get_absolute_url()).content.decode()
    assert "Here is the bill." in page and "bill.pdf" in page


def test_a_refused_file_keeps_the_typed_text_and_writes_nothing(client, customer):
    from django.core.files.uploadedfile import SimpleUploadedFile

    case = CaseFactory(owner=customer, state="verifying")
    client.force_login(customer)
    response = client.post(reverse("cases:message", args=[case.reference]), {
        "message": "My long explanation.",
        "files": [SimpleUploadedFile("run.exe", b"MZ\x90\x00" + b"\x00" * 64)],
    })
    assert response.status_code == 400
    page = response.content.decode()
    assert "My long explanation." in page
    assert "run.exe: We accept PDF, JPEG, PNG and HEIC files." in page
    assert not CaseEvent.objects.filter(kind="message").exists()
    assert not Document.objects.exists()


def test_a_customer_cannot_write_on_another_customers_case(client, customer, second_customer):
    case = CaseFactory(owner=second_customer, state="verifying")
    client.force_login(customer)
    response = client.post(reverse("cases:message", args=[case.reference]), {"message": "Hi"})
    assert response.status_code == 404
    assert not CaseEvent.objects.filter(kind="message").exists()


def test_a_draft_offers_no_reply_box(client, customer):
    case = CaseFactory(owner=customer)
    client.force_login(customer)
    assert reverse("cases:message", args=[case.reference]) not in client.get(
        case.get_absolute_url()).content.decode()


def thread_with(case: Case, agent, n: int) -> None:
    for i in range(n // 2):
        case.add_message(by=case.owner, text=f"Question {i}",
                         files=[Attachment(f"q{i}.pdf", CLEAN_PDF)] if i % 10 == 0 else ())
        case.add_message(by=agent, text=f"Answer {i}")


def test_the_customers_thread_costs_the_same_queries_at_2_and_200_messages(
        client, customer, agent, django_assert_num_queries):
    small = CaseFactory(owner=customer, state="verifying")
    large = CaseFactory(owner=customer, state="verifying")
    thread_with(small, agent, 2)
    thread_with(large, agent, 200)
    client.force_login(customer)
    client.get(small.get_absolute_url())
    with django_assert_num_queries(CUSTOMER_PAGE_QUERIES):
        client.get(small.get_absolute_url())
    with django_assert_num_queries(CUSTOMER_PAGE_QUERIES):
        page = client.get(large.get_absolute_url()).content.decode()
    assert len(re.findall(r"Answer \d+<", page)) == 100 and "q90.pdf" in page


# Session, user, the case, its visible events, its documents (and so the messages'
# attachments), the checklist items.
CUSTOMER_PAGE_QUERIES = 6


def test_the_desk_thread_costs_the_same_queries_at_2_and_200_messages(
        customer, agent, django_assert_num_queries):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.test import Client

    TOTP.activate(agent, generate_totp_secret())
    client = Client()
    client.force_login(agent)
    small = CaseFactory(owner=customer, state="verifying")
    large = CaseFactory(owner=customer, state="verifying")
    thread_with(small, agent, 2)
    thread_with(large, agent, 200)
    client.get(reverse("desk:case", args=[small.reference]))
    with django_assert_num_queries(DESK_PAGE_QUERIES):
        client.get(reverse("desk:case", args=[small.reference]))
    with django_assert_num_queries(DESK_PAGE_QUERIES):
        page = client.get(reverse("desk:case", args=[large.reference])).content.decode()
    assert len(re.findall(r"Question \d+<", page)) == 100


# Session, user, agent-and-two-factor, the case, events, documents, agents.
DESK_PAGE_QUERIES = 7


def test_a_file_past_10_mb_refuses_the_message_and_keeps_the_text(client, customer):
    from django.core.files.uploadedfile import SimpleUploadedFile

    case = CaseFactory(owner=customer, state="verifying")
    client.force_login(customer)
    response = client.post(reverse("cases:message", args=[case.reference]), {
        "message": "A very long scan follows.",
        "files": [SimpleUploadedFile("huge.pdf", b"%PDF-1.4\n" + b"0" * (10 * 1024 * 1024))],
    })
    assert response.status_code == 400
    page = response.content.decode()
    assert "A file is larger than 10 MB; the message was not sent." in page
    assert "A very long scan follows." in page
    assert not CaseEvent.objects.filter(kind="message").exists()
    assert not Document.objects.exists() and not OutboundEmail.objects.exists()
