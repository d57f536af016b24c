"""The desk's case page: the facts, documents, timeline with internal notes, and the moves
the workflow allows, each a POST that calls one move and changes nothing when refused."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.contrib.messages import get_messages
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from cases.confirmation import confirmation_rows
from cases.models import Case, CaseEvent
from portal.models import OutboundEmail
from tests.factories import AgentFactory, CaseFactory, DocumentFactory, UserFactory, with_totp


pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def url(name: str, case: Case) -> str:
    return reverse(f"desk:{name}", args=[case.reference])


def post(client, path, data=None):
    response = client.post(path, data or {})
    return response, [(m.level_tag, str(m)) for m in get_messages(response.wsgi_request)]


def snapshot(case: Case) -> dict:
    return Case.objects.values().get(pk=case.pk)


@pytest.fixture
def case(customer, carrier):
    return CaseFactory(owner=customer, carrier=carrier, state="verifying",
                       phone_number="+12025550143", reason="Moving abroad",
                       billing_cycle_day=5, checklist_answers={"bills-paid": True})


def test_agent_sees_the_facts_with_the_whole_number(agent_client, case, customer):
    page = agent_client.get(url("case", case)).content.decode()
    assert case.reference in page and customer.email in page
    assert "+1 202-555-0143" in page
    assert "Moving abroad" in page and "T-Mobile" in page


def test_agent_sees_documents_with_image_previews(agent_client, case):
    DocumentFactory(case=case, original_name="id.png", content_type="image/png",
                    file=ContentFile(PNG, name="id.png"))
    DocumentFactory(case=case, original_name="bill.pdf")
    page = agent_client.get(url("case", case)).content.decode()
    assert page.count('class="document-preview"') == 1  # the image, not the PDF
    assert "bill.pdf" in page and "id.png" in page


def test_agent_sees_internal_notes_marked(agent_client, case, agent):
    case.add_note(by=agent, message="Called the carrier, waiting on them.")
    page = agent_client.get(url("case", case)).content.decode()
    assert "Called the carrier, waiting on them." in page
    assert "is-internal" in page


def test_case_page_costs_the_same_queries_with_2_or_200_events(
        agent_client, case, agent, django_assert_num_queries):
    DocumentFactory(case=case)
    case.add_message(by=agent, text="A first note.", internal=True)
    case.add_message(by=agent, text="Hello, we are on it.")
    agent_client.get(url("case", case))
    with django_assert_num_queries(EXPECTED_CASE_QUERIES):
        agent_client.get(url("case", case))
    CaseEvent.objects.bulk_create([
        CaseEvent(case=case, actor=agent, kind="note", message=f"note {i}",
                  customer_visible=False) for i in range(200)])
    for _ in range(5):
        DocumentFactory(case=case)
    with django_assert_num_queries(EXPECTED_CASE_QUERIES):
        response = agent_client.get(url("case", case))
    assert response.content.decode().count("is-internal") == 201


# Session, user, agent-and-two-factor, the case, its events, its documents (and so the
# messages' attachments), the checklist labels, the agents to assign to.
EXPECTED_CASE_QUERIES = 8


def test_only_the_moves_the_workflow_allows_are_offered(agent_client, customer, carrier):
    submitted = CaseFactory(owner=customer, carrier=carrier, state="submitted")
    page = agent_client.get(url("case", submitted)).content.decode()
    assert url("start", submitted) in page
    assert url("complete", submitted) not in page and url("reject", submitted) not in page
    done = CaseFactory(owner=customer, carrier=carrier, state="done")
    page = agent_client.get(url("case", done)).content.decode()
    assert url("start", done) not in page and url("complete", done) not in page


def test_agent_starts_the_review(agent_client, customer, carrier, agent):
    case = CaseFactory(owner=customer, carrier=carrier, state="submitted")
    response, notes = post(agent_client, url("start", case))
    assert response.status_code == 302 and response["Location"] == url("case", case)
    case.refresh_from_db()
    assert case.state == "verifying" and case.assigned_agent == agent
    assert notes[0][0] == "success"


def test_complete_asks_for_confirmation_first(agent_client, case):
    response = agent_client.get(url("complete", case))
    assert response.status_code == 200
    assert "cannot be reopened" in response.content.decode()
    case.refresh_from_db()
    assert case.state == "verifying"


def test_agent_completes_with_the_carriers_number_and_closing_date(agent_client, case):
    Case.objects.filter(pk=case.pk).update(created_at=timezone.now() - timedelta(days=9))
    closed_on = timezone.localdate() - timedelta(days=1)
    response, notes = post(agent_client, url("complete", case), {
        "carrier_confirmation_number": " TM-88812 ", "line_closed_on": closed_on.isoformat()})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == "done"
    assert (case.carrier_confirmation_number, case.line_closed_on) == ("TM-88812", closed_on)
    rows = dict(confirmation_rows(case, case.masked_phone))
    assert rows["Carrier's confirmation number"] == "TM-88812"
    assert rows["Cancellation takes effect"] != "—"


def test_agent_records_a_cancellation_that_takes_effect_at_the_end_of_the_bill_cycle(
        agent_client, case):
    effective = timezone.localdate() + timedelta(days=20)
    response, notes = post(agent_client, url("complete", case), {
        "carrier_confirmation_number": "TM-1", "line_closed_on": effective.isoformat()})
    case.refresh_from_db()
    assert (case.state, case.line_closed_on) == ("done", effective)
    rows = dict(confirmation_rows(case, case.masked_phone))
    assert "Closed on" not in rows and rows["Cancellation takes effect"]


def test_agent_completes_without_the_optional_facts(agent_client, case):
    post(agent_client, url("complete", case))
    case.refresh_from_db()
    assert case.state == "done" and case.carrier_confirmation_number == ""
    assert "Carrier's confirmation number" not in dict(confirmation_rows(case, ""))


def test_a_cancellation_date_past_two_bill_cycles_is_refused_and_nothing_changes(
        agent_client, case):
    before = snapshot(case)
    response, notes = post(agent_client, url("complete", case), {
        "line_closed_on": (date.today() + timedelta(days=70)).isoformat()})
    assert notes == [("error", "The cancellation cannot take effect more than 62 days from today.")]
    assert snapshot(case) == before
    assert not OutboundEmail.objects.exists()


def test_a_closing_date_that_is_not_a_date_shows_the_form_again(agent_client, case):
    before = snapshot(case)
    response = agent_client.post(url("complete", case), {"line_closed_on": "yesterday"})
    assert response.status_code == 400
    assert "Enter a valid date." in response.content.decode()
    assert snapshot(case) == before


@pytest.mark.parametrize("name,field,error", [
    ("ask", "message", "Write the question for the customer."),
    ("reject", "reason", "Give the customer the reason for the rejection."),
    ("message", "message", "Write your message before sending it."),
])
def test_ask_reject_and_note_require_their_text(agent_client, case, name, field, error):
    before = snapshot(case)
    events = case.events.count()
    response = agent_client.post(url(name, case), {field: "   "})
    assert response.status_code == 400
    assert error in response.content.decode()
    assert snapshot(case) == before and case.events.count() == events


def test_agent_asks_the_customer_and_the_case_waits_on_them(agent_client, case):
    post(agent_client, url("ask", case), {"message": "Please upload a recent bill."})
    case.refresh_from_db()
    assert case.state == "needs_info" and case.waiting_on == "customer"
    assert case.overdue_at is None


def test_agent_rejects_with_a_reason(agent_client, case):
    post(agent_client, url("reject", case), {"reason": "The account is not in your name."})
    case.refresh_from_db()
    assert case.state == "rejected" and case.rejection_reason == "The account is not in your name."


def test_a_move_the_state_does_not_allow_is_refused_with_the_workflows_message(
        agent_client, customer, carrier):
    case = CaseFactory(owner=customer, carrier=carrier, state="done")
    before = snapshot(case)
    response, notes = post(agent_client, url("reject", case), {"reason": "Too late"})
    assert notes == [("error", "This case is already done, so it cannot be rejected.")]
    assert snapshot(case) == before


def test_agent_cannot_work_on_their_own_case(carrier):
    agent = with_totp(AgentFactory())
    own = CaseFactory(owner=agent, carrier=carrier, state="submitted")
    client = __import__("django.test", fromlist=["Client"]).Client()
    client.force_login(agent)
    assert "your own case" in client.get(url("case", own)).content.decode()
    response, notes = post(client, url("start", own))
    assert notes == [("error", "Agents cannot work on their own case.")]
    own.refresh_from_db()
    assert own.state == "submitted"


def test_agent_assigns_the_case_to_themselves(agent_client, case, agent):
    response, notes = post(agent_client, url("assign", case))
    case.refresh_from_db()
    assert case.assigned_agent == agent
    assert notes == [("success", f"{case.reference} is assigned to {agent.email}.")]


def test_agent_assigns_the_case_to_another_agent(agent_client, case, agent, second_agent):
    post(agent_client, url("assign", case), {"agent": second_agent.pk})
    case.refresh_from_db()
    assert case.assigned_agent == second_agent
    event = case.events.filter(customer_visible=False).last()
    assert event.actor == agent and second_agent.email in event.text


def test_a_case_cannot_be_assigned_to_someone_who_is_not_an_agent(agent_client, case):
    outsider = UserFactory()
    response, notes = post(agent_client, url("assign", case), {"agent": outsider.pk})
    assert notes == [("error", "Choose an agent from the list.")]
    case.refresh_from_db()
    assert case.assigned_agent is None


def test_a_document_preview_opens_only_for_agents_with_two_factor(client, case):
    document = DocumentFactory(case=case, original_name="id.png", content_type="image/png",
                               file=ContentFile(PNG, name="id.png"))
    client.force_login(AgentFactory())  # no two-factor
    assert client.get(document.get_absolute_url() + "?inline=1").status_code == 404


def test_the_second_of_two_moves_from_stale_pages_gets_the_error(
        agent_client, second_agent, customer, carrier):
    from django.test import Client

    case = CaseFactory(owner=customer, carrier=carrier, state="submitted")
    second_client = Client()
    second_client.force_login(second_agent)
    for client in (agent_client, second_client):  # both have "Start review" on screen
        assert url("start", case) in client.get(url("case", case)).content.decode()

    _first, first_notes = post(agent_client, url("start", case))
    _second, second_notes = post(second_client, url("start", case))

    assert [level for level, _text in first_notes] == ["success"]
    assert second_notes == [("error", "This case is under review, so its review cannot start.")]
    assert case.events.count() == 1 and OutboundEmail.objects.count() == 1


def test_a_move_without_the_csrf_token_is_refused(agent, customer, carrier):
    from django.test import Client

    case = CaseFactory(owner=customer, carrier=carrier, state="submitted")
    client = Client(enforce_csrf_checks=True)
    client.force_login(agent)
    assert client.post(url("start", case)).status_code == 403
    case.refresh_from_db()
    assert case.state == "submitted"
