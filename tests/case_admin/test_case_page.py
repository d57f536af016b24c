"""The read-only case page, the move buttons, notes and assignment."""

from __future__ import annotations

import hashlib

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    ChecklistItemFactory,
    DocumentFactory,
)

from .world import (
    PNG_BYTES,
    State,
    change_url,
    make_case,
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


def test_case_page_sends_agents_to_the_desk(agent_client, customer, carrier):
    case = make_case(customer, carrier, State.SUBMITTED)

    page = agent_client.get(change_url(case)).content.decode()

    assert f'href="/desk/{case.reference}/"' in page
    assert "<textarea" not in page  # no move, note or assignment form is left here


def test_case_page_cannot_be_saved_as_a_form(agent_client, customer, carrier):
    case = make_case(customer, carrier, State.SUBMITTED)
    before = snapshot(case)

    page = agent_client.get(change_url(case)).content.decode()
    response = agent_client.post(change_url(case), {"state": "done", "phone_number": "+1"})

    assert 'name="_save"' not in page
    assert 'name="state"' not in page
    assert response.status_code == 403
    assert snapshot(case) == before


def test_a_missing_case_sends_the_agent_back_to_the_list(agent_client):
    response = agent_client.get(reverse("admin:cases_case_change", args=[987654]))

    assert response.status_code == 302
