"""The read-only case page, the move buttons, notes and assignment."""

from __future__ import annotations

import hashlib

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cases.admin import (
    MOVE_BUTTONS,
)
from cases.models import CaseEvent
from cases.workflow import MOVES, Actor
from portal.models import OutboundEmail
from tests.factories import (
    ChecklistItemFactory,
    DocumentFactory,
)

from .world import (
    PNG_BYTES,
    State,
    assign_url,
    change_url,
    listed,
    make_case,
    move_url,
    note_url,
    post,
    snapshot,
)

# --- The case page -----------------------------------------------------------------------

pytestmark = pytest.mark.django_db


def test_case_page_shows_the_details_with_the_full_phone_number(agent_client, customer, carrier):
    ChecklistItemFactory(key="bills-settled", label="My bills are paid")
    case = make_case(customer, carrier, State.VERIFYING, phone_number="+12025550143",
                     reason="Moving abroad", checklist_answers={"bills-settled": True})

    response = agent_client.get(change_url(case))

    assert response.status_code == 200
    page = response.content.decode()
    assert case.reference in page
    assert "+1 202-555-0143" in page
    assert "Moving abroad" in page
    assert "✓ My bills are paid" in page
    assert customer.email in page


def test_case_page_links_documents_only_through_the_private_view(agent_client, customer, carrier):
    case = make_case(customer, carrier, State.VERIFYING)
    scan = DocumentFactory(case=case)
    photo = DocumentFactory(
        case=case, kind="recent_bill", content_type="image/png", original_name="bill.png",
        file=ContentFile(PNG_BYTES, name="bill.png"), size=len(PNG_BYTES),
        sha256=hashlib.sha256(PNG_BYTES).hexdigest(),
    )

    page = agent_client.get(change_url(case)).content.decode()

    for document in (scan, photo):
        assert f'href="{document.get_absolute_url()}"' in page
        assert document.file.name not in page
        assert document.sha256[:12] in page
    assert f'src="{photo.get_absolute_url()}?inline=1"' in page
    assert f'src="{scan.get_absolute_url()}?inline=1"' not in page  # a PDF has no preview
    assert "/no-public-url/" not in page  # the storage's own URL
    assert "/media/" not in page


def test_case_page_shows_a_purged_document_without_a_link(agent_client, customer, carrier):
    case = make_case(customer, carrier, State.DONE)
    document = DocumentFactory(case=case, purged_at=timezone.now())

    page = agent_client.get(change_url(case)).content.decode()

    assert document.original_name in page
    assert document.get_absolute_url() not in page
    assert "File deleted on" in page


def test_case_page_shows_the_whole_timeline_with_internal_notes(agent_client, customer, carrier,
                                                                 agent):
    case = make_case(customer, carrier, State.VERIFYING)
    case.add_note(by=agent, message="Bill name matches the passport.")

    page = agent_client.get(change_url(case)).content.decode()

    assert "Bill name matches the passport." in page
    assert "internal" in page
    assert agent.email in page


def test_case_page_offers_only_the_legal_moves(agent_client, customer, carrier):
    submitted = make_case(customer, carrier, State.SUBMITTED)
    verifying = make_case(customer, carrier, State.VERIFYING)
    done = make_case(customer, carrier, State.DONE)

    def offered(case):
        page = agent_client.get(change_url(case)).content.decode()
        return {move for move in MOVE_BUTTONS if move_url(case, move) in page}

    assert offered(submitted) == {"start_verification"}
    assert offered(verifying) == {"request_info", "complete", "reject"}
    assert offered(done) == set()


def test_agent_sees_no_buttons_on_their_own_case(agent_client, agent, carrier):
    case = make_case(agent, carrier, State.SUBMITTED)

    page = agent_client.get(change_url(case)).content.decode()

    assert move_url(case, "start_verification") not in page
    assert assign_url(case) not in page
    assert "This is your own case" in page


def test_case_page_cannot_be_saved_as_a_form(agent_client, customer, carrier):
    case = make_case(customer, carrier, State.SUBMITTED)
    before = snapshot(case)

    page = agent_client.get(change_url(case)).content.decode()
    response = agent_client.post(change_url(case), {"state": "done", "phone_number": "+1"})

    assert 'name="_save"' not in page
    assert 'name="state"' not in page
    assert response.status_code == 403
    assert snapshot(case) == before


# --- The move buttons --------------------------------------------------------------------

MOVE_CASES = {
    # move: (from, to, POST data, the event's message)
    "start_verification": (State.SUBMITTED, State.VERIFYING, {}, ""),
    "request_info": (State.VERIFYING, State.NEEDS_INFO,
                     {"message": "Please upload a bill with your name."},
                     "Please upload a bill with your name."),
    "complete": (State.VERIFYING, State.DONE, {}, ""),
    "reject": (State.VERIFYING, State.REJECTED, {"reason": "The account is not yours."},
               "The account is not yours."),
}


def test_buttons_cover_exactly_the_agents_moves():
    assert set(MOVE_BUTTONS) == {name for name, move in MOVES.items() if move.who is Actor.AGENT}
    assert set(MOVE_CASES) == set(MOVE_BUTTONS)


@pytest.mark.parametrize("move", list(MOVE_CASES))
def test_agent_can_make_each_move_from_the_case_page(agent_client, agent, customer, carrier,
                                                     move):
    source, target, data, message = MOVE_CASES[move]
    case = make_case(customer, carrier, source)

    response, notices = post(agent_client, move_url(case, move), data)

    assert response.status_code == 302
    assert response["Location"] == change_url(case)
    assert [level for level, _text in notices] == ["success"]
    case.refresh_from_db()
    assert case.state == target
    event = CaseEvent.objects.get(case=case)
    assert (event.kind, event.actor, event.from_state, event.to_state, event.message) == (
        CaseEvent.Kind.TRANSITION, agent, source, target, message)
    email = OutboundEmail.objects.get()
    assert email.to == [customer.email]
    assert email.kind.startswith("case/")


@pytest.mark.parametrize("move, field", [("request_info", "message"), ("reject", "reason")])
def test_agent_cannot_make_a_move_without_its_text(agent_client, customer, carrier, move, field):
    case = make_case(customer, carrier, State.VERIFYING)
    before = snapshot(case)

    _response, notices = post(agent_client, move_url(case, move), {field: "   "})

    assert [level for level, _text in notices] == ["error"]
    assert snapshot(case) == before
    assert not CaseEvent.objects.exists()


def test_an_illegal_move_shows_the_error_and_changes_nothing(agent_client, customer, carrier):
    case = make_case(customer, carrier, State.SUBMITTED)
    before = snapshot(case)

    response, notices = post(agent_client, move_url(case, "complete"))

    assert response.status_code == 302
    assert notices == [("error", "This case is waiting for an agent, so it cannot be completed.")]
    assert snapshot(case) == before
    assert not CaseEvent.objects.exists()
    assert not OutboundEmail.objects.exists()


def test_the_second_of_two_moves_from_stale_pages_gets_the_error(
    agent_client, second_agent, customer, carrier
):
    case = make_case(customer, carrier, State.SUBMITTED)
    second_client = Client()
    second_client.force_login(second_agent)
    # Both agents have the page open with the "Start review" button.
    for client in (agent_client, second_client):
        page = client.get(change_url(case)).content.decode()
        assert move_url(case, "start_verification") in page

    _first, first_notices = post(agent_client, move_url(case, "start_verification"))
    _second, second_notices = post(second_client, move_url(case, "start_verification"))

    assert [level for level, _text in first_notices] == ["success"]
    assert second_notices == [
        ("error", "This case is under review, so its review cannot start.")
    ]
    assert CaseEvent.objects.filter(case=case).count() == 1
    assert OutboundEmail.objects.count() == 1


@pytest.mark.parametrize("url", [
    lambda case: move_url(case, "start_verification"), note_url, assign_url,
])
def test_a_get_on_a_button_url_changes_nothing(agent_client, customer, carrier, url):
    case = make_case(customer, carrier, State.SUBMITTED)
    before = snapshot(case)

    response = agent_client.get(url(case))

    assert response.status_code == 405
    assert snapshot(case) == before
    assert not CaseEvent.objects.exists()


@pytest.mark.parametrize("move", ["withdraw", "submit", "provide_info", "delete"])
def test_agent_cannot_make_a_customers_move_through_the_admin(agent_client, customer, carrier,
                                                              move):
    case = make_case(customer, carrier, State.SUBMITTED)
    before = snapshot(case)

    response = agent_client.post(move_url(case, move))

    assert response.status_code == 404
    assert snapshot(case) == before


def test_a_button_without_the_csrf_token_is_refused(agent, customer, carrier):
    case = make_case(customer, carrier, State.SUBMITTED)
    client = Client(enforce_csrf_checks=True)
    client.force_login(agent)

    response = client.post(move_url(case, "start_verification"))

    assert response.status_code == 403
    case.refresh_from_db()
    assert case.state == State.SUBMITTED


def test_a_missing_case_answers_404(agent_client):
    response = agent_client.post(reverse("admin:cases_case_move", args=[987654, "complete"]))

    assert response.status_code == 404


# --- Notes and assignment ----------------------------------------------------------------


def test_agent_can_add_an_internal_note(agent_client, agent, customer, carrier):
    case = make_case(customer, carrier, State.VERIFYING)

    response, notices = post(agent_client, note_url(case), {"message": "Called the carrier."})

    assert response.status_code == 302
    assert [level for level, _text in notices] == ["success"]
    note = CaseEvent.objects.get(case=case)
    assert (note.kind, note.actor, note.message, note.customer_visible) == (
        CaseEvent.Kind.NOTE, agent, "Called the carrier.", False)
    assert not OutboundEmail.objects.exists()


def test_agent_cannot_add_an_empty_note(agent_client, customer, carrier):
    case = make_case(customer, carrier, State.VERIFYING)

    _response, notices = post(agent_client, note_url(case), {"message": ""})

    assert [level for level, _text in notices] == ["error"]
    assert not CaseEvent.objects.exists()


def test_agent_can_assign_a_case_to_themselves(agent_client, agent, second_agent, customer,
                                               carrier):
    case = make_case(customer, carrier, State.VERIFYING, assigned_agent=second_agent)

    _response, notices = post(agent_client, assign_url(case))

    assert [level for level, _text in notices] == ["success"]
    case.refresh_from_db()
    assert case.assigned_agent == agent
    assert case.state == State.VERIFYING
    event = CaseEvent.objects.get(case=case)
    assert event.customer_visible is False
    assert agent.email in event.message
    assert listed(agent_client, assigned="me") == {case.reference}


def test_agent_cannot_assign_a_closed_case(agent_client, customer, carrier):
    case = make_case(customer, carrier, State.DONE)

    _response, notices = post(agent_client, assign_url(case))

    assert [level for level, _text in notices] == ["error"]
    case.refresh_from_db()
    assert case.assigned_agent is None
