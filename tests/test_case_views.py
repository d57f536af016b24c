"""Customer case pages: the journey, bad input, private documents, isolation, query counts."""

from __future__ import annotations

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from cases.models import AccessRecord, Case, CaseEvent, Document
from content.models import PORTING_GUIDE_SLUG, ChecklistItem

from .factories import (PDF_BYTES, AgentFactory, CarrierFactory, CaseFactory, DocumentFactory,
                        UserFactory)

pytestmark = pytest.mark.django_db

PDF = PDF_BYTES  # a real PDF: uploads are opened and rewritten


@pytest.fixture
def carrier():
    carrier = CarrierFactory()
    ChecklistItem.objects.create(key="bills_settled", label_en="Bills settled", required=True)
    ChecklistItem.objects.create(key="unlock", label_en="Unlock asked", required=False)
    return carrier


@pytest.fixture
def signed_in(client, customer):
    client.force_login(customer)
    return client


def case_urls(case: Case, document: Document | None = None) -> dict[str, tuple[str, str]]:
    ref = case.reference
    urls = {
        "detail": ("get", reverse("cases:detail", args=[ref])),
        "edit": ("get", reverse("cases:edit", args=[ref])),
        "checklist": ("post", reverse("cases:checklist", args=[ref])),
        "upload": ("post", reverse("cases:upload", args=[ref])),
        "submit": ("post", reverse("cases:submit", args=[ref])),
        "message": ("post", reverse("cases:message", args=[ref])),
        "withdraw": ("get", reverse("cases:withdraw", args=[ref])),
        "withdraw-post": ("post", reverse("cases:withdraw", args=[ref])),
        "confirmation": ("get", reverse("cases:confirmation", args=[ref])),
    }
    if document:
        urls["document"] = ("get", document.get_absolute_url())
    return urls


# --- Opening a case ---------------------------------------------------------------------

def test_customer_who_wants_to_keep_the_number_is_sent_to_the_porting_guide(signed_in):
    response = signed_in.post(reverse("cases:start"), {"keep_number": "yes"})
    assert response["Location"] == reverse("content:guide", args=[PORTING_GUIDE_SLUG])
    assert not Case.objects.exists()


def test_customer_must_answer_the_keep_number_question(signed_in):
    response = signed_in.post(reverse("cases:start"), {})
    assert response.status_code == 200
    assert "Choose one of the two answers." in response.content.decode()


def test_customer_can_open_a_draft_case(signed_in, customer, carrier):
    assert signed_in.post(reverse("cases:start"), {"keep_number": "no"})["Location"] == \
        reverse("cases:create")
    response = signed_in.post(reverse("cases:create"), {
        "carrier": carrier.pk, "phone_number": "(202) 555-0143", "line_type": "postpaid",
        "reason": "Moving abroad", "billing_cycle_day": 5,
    })
    case = Case.objects.get()
    assert response["Location"] == case.get_absolute_url()
    assert (case.owner, case.state, case.phone_number) == (customer, "draft", "+12025550143")
    page = signed_in.get(case.get_absolute_url()).content.decode()
    assert "•••• 0143" in page and "+12025550143" not in page


def test_a_bad_phone_number_is_explained_and_nothing_is_created(signed_in, carrier):
    response = signed_in.post(reverse("cases:create"), {
        "carrier": carrier.pk, "phone_number": "12", "line_type": "postpaid",
    })
    assert response.status_code == 200
    assert "country code" in response.content.decode()
    assert not Case.objects.exists()


def test_a_billing_day_outside_1_to_28_is_refused(signed_in, carrier):
    response = signed_in.post(reverse("cases:create"), {
        "carrier": carrier.pk, "phone_number": "+12025550143", "line_type": "postpaid",
        "billing_cycle_day": 31,
    })
    assert response.status_code == 200
    assert not Case.objects.exists()


def test_the_case_form_never_asks_for_a_pin_or_password(signed_in, carrier):
    page = signed_in.get(reverse("cases:create")).content.decode().lower()
    assert 'type="password"' not in page
    assert 'name="pin"' not in page and 'name="account_number"' not in page


# --- Working on a draft -------------------------------------------------------------------

def test_customer_can_tick_the_checklist_and_submit(signed_in, customer, carrier):
    case = CaseFactory(owner=customer, carrier=carrier)
    signed_in.post(reverse("cases:checklist", args=[case.reference]), {"bills_settled": "on"})
    signed_in.post(reverse("cases:upload", args=[case.reference]),
                   {"kind": "id_scan", "file": SimpleUploadedFile("id.pdf", PDF)})
    response = signed_in.post(reverse("cases:submit", args=[case.reference]), follow=True)
    case.refresh_from_db()
    assert case.state == "submitted"
    assert "Submitted." in response.content.decode()


def test_submitting_an_unready_case_explains_why_and_changes_nothing(signed_in, customer, carrier):
    case = CaseFactory(owner=customer, carrier=carrier)
    response = signed_in.post(reverse("cases:submit", args=[case.reference]), follow=True)
    case.refresh_from_db()
    assert case.state == "draft"
    page = response.content.decode()
    assert "Bills settled" in page
    assert case.events.filter(kind=CaseEvent.Kind.TRANSITION).count() == 0


def test_an_upload_of_the_wrong_type_is_refused_with_a_message(signed_in, customer, carrier):
    case = CaseFactory(owner=customer, carrier=carrier)
    response = signed_in.post(reverse("cases:upload", args=[case.reference]), {
        "kind": "id_scan", "file": SimpleUploadedFile("id.pdf", b"MZ not a pdf"),
    })
    assert response.status_code == 400
    assert "PDF, JPEG, PNG and HEIC" in response.content.decode()
    assert not Document.objects.exists()


def test_an_uploaded_document_is_stored_under_a_random_name(signed_in, customer, carrier):
    case = CaseFactory(owner=customer, carrier=carrier)
    signed_in.post(reverse("cases:upload", args=[case.reference]),
                   {"kind": "recent_bill", "file": SimpleUploadedFile("My Bill.pdf", PDF)})
    document = Document.objects.get()
    assert document.original_name == "My Bill.pdf"
    assert "Bill" not in document.file.name and case.reference not in document.file.name
    assert (document.size, document.uploaded_by) == (len(PDF), customer)


def test_no_uploads_to_a_closed_case(signed_in, customer, carrier):
    case = CaseFactory(owner=customer, carrier=carrier, state="done")
    response = signed_in.post(reverse("cases:upload", args=[case.reference]),
                              {"kind": "id_scan", "file": SimpleUploadedFile("id.pdf", PDF)},
                              follow=True)
    assert "can no longer be added" in response.content.decode()
    assert not Document.objects.filter(case=case).exists()


def test_customer_can_answer_the_agents_question(signed_in, customer, carrier):
    case = CaseFactory(owner=customer, carrier=carrier, state="verifying")
    case.request_info(by=AgentFactory(), message="Please upload the back of your ID.")
    page = signed_in.get(case.get_absolute_url()).content.decode()
    assert "Please upload the back of your ID." in page
    signed_in.post(reverse("cases:message", args=[case.reference]), {"message": "Done!"})
    case.refresh_from_db()
    assert case.state == "verifying"


def test_an_empty_answer_is_refused_in_the_customers_language(client, carrier):
    customer = UserFactory(language="zh-hans")
    client.force_login(customer)
    case = CaseFactory(owner=customer, carrier=carrier, state="needs_info")
    response = client.post(reverse("cases:message", args=[case.reference]), {"message": ""})
    assert response.status_code == 400
    page = response.content.decode()
    assert "请先填写消息，再发送。" in page and "Write your message" not in page
    case.refresh_from_db()
    assert case.state == "needs_info"


def test_withdrawing_asks_first_and_only_a_post_withdraws(signed_in, customer, carrier):
    case = CaseFactory(owner=customer, carrier=carrier, state="submitted")
    page = signed_in.get(reverse("cases:withdraw", args=[case.reference]))
    assert "Yes, withdraw it" in page.content.decode()
    case.refresh_from_db()
    assert case.state == "submitted"
    signed_in.post(reverse("cases:withdraw", args=[case.reference]))
    case.refresh_from_db()
    assert case.state == "withdrawn"


@pytest.mark.parametrize("name", ["checklist", "upload", "submit", "message"])
def test_a_get_never_changes_a_case(signed_in, customer, carrier, name):
    case = CaseFactory(owner=customer, carrier=carrier, ready_to_submit=True)
    assert signed_in.get(case_urls(case)[name][1]).status_code == 405
    case.refresh_from_db()
    assert case.state == "draft"


# --- Documents and the confirmation -------------------------------------------------------

def test_owner_downloads_a_document_privately(signed_in, customer, carrier):
    document = DocumentFactory(case=CaseFactory(owner=customer, carrier=carrier))
    response = signed_in.get(document.get_absolute_url())
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert not AccessRecord.objects.exists()  # the owner's own views are not recorded


def test_an_agent_without_two_factor_cannot_open_documents(client, customer, carrier):
    document = DocumentFactory(case=CaseFactory(owner=customer, carrier=carrier))
    client.force_login(AgentFactory())
    assert client.get(document.get_absolute_url()).status_code == 404
    assert AccessRecord.objects.get().action == "access_refused"


def test_an_agents_view_of_a_document_is_recorded(client, customer, carrier):
    agent = AgentFactory()
    TOTP.activate(agent, generate_totp_secret())
    document = DocumentFactory(case=CaseFactory(owner=customer, carrier=carrier))
    client.force_login(agent)
    assert client.get(document.get_absolute_url(), REMOTE_ADDR="10.1.2.3").status_code == 200
    record = AccessRecord.objects.get()
    assert (record.action, record.actor, record.case, record.ip_address) == (
        "document_viewed", agent, document.case, "10.1.2.3")


def test_the_closing_confirmation_is_a_pdf_with_an_embedded_font(client, carrier):
    customer = UserFactory(language="zh-hans")
    client.force_login(customer)
    case = CaseFactory(owner=customer, carrier=carrier, state="done")
    response = client.get(reverse("cases:confirmation", args=[case.reference]))
    assert response.status_code == 200
    pdf = response.content
    assert pdf.startswith(b"%PDF")
    assert b"/FontFile" in pdf  # the font travels with the document
    assert response["Cache-Control"] == "private, no-store"


def test_there_is_no_confirmation_before_the_case_is_done(signed_in, customer, carrier):
    case = CaseFactory(owner=customer, carrier=carrier, state="verifying")
    assert signed_in.get(reverse("cases:confirmation", args=[case.reference])).status_code == 404


# --- Isolation --------------------------------------------------------------------------

def test_every_case_url_answers_404_to_another_customer(client, customer, carrier):
    case = CaseFactory(owner=customer, carrier=carrier, state="done")
    document = DocumentFactory(case=case)
    client.force_login(UserFactory())
    for name, (method, url) in case_urls(case, document).items():
        response = getattr(client, method)(url)
        assert response.status_code == 404, name
    assert AccessRecord.objects.filter(action="access_refused", case=case).count() == \
        len(case_urls(case, document))
    case.refresh_from_db()
    assert case.state == "done"


def test_every_case_url_sends_an_anonymous_visitor_to_sign_in(client, customer, carrier):
    case = CaseFactory(owner=customer, carrier=carrier)
    document = DocumentFactory(case=case)
    for name, (method, url) in case_urls(case, document).items():
        response = getattr(client, method)(url)
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("account_login")), name


def test_the_case_list_shows_only_the_customers_own_cases(signed_in, customer, carrier):
    mine = CaseFactory(owner=customer, carrier=carrier)
    theirs = CaseFactory(owner=UserFactory(), carrier=carrier)
    page = signed_in.get(reverse("cases:list")).content.decode()
    assert mine.reference in page and theirs.reference not in page


def test_a_made_up_reference_answers_404(signed_in):
    assert signed_in.get(reverse("cases:detail", args=["LX-AAAA-BBBB"])).status_code == 404


# --- Query counts -----------------------------------------------------------------------

def _world(customer, carrier, count: int, events_per_case: int):
    cases = CaseFactory.create_batch(count, owner=customer, carrier=carrier)
    CaseEvent.objects.bulk_create(
        CaseEvent(case=case, kind=CaseEvent.Kind.NOTE, message=f"note {n}",
                  customer_visible=n % 2 == 0)
        for case in cases for n in range(events_per_case)
    )
    for case in cases[:3]:
        DocumentFactory(case=case)
    return cases


@pytest.mark.parametrize("count,events", [(3, 2), (150, 12)])
def test_case_pages_cost_the_same_few_queries_at_any_size(signed_in, customer, carrier,
                                                          count, events,
                                                          django_assert_max_num_queries):
    cases = _world(customer, carrier, count, events)
    with django_assert_max_num_queries(12):
        assert signed_in.get(reverse("cases:list")).status_code == 200
    with django_assert_max_num_queries(12):
        assert signed_in.get(cases[0].get_absolute_url()).status_code == 200


def test_a_huge_upload_is_skipped_as_it_streams_in_and_explained(signed_in, customer, carrier):
    case = CaseFactory(owner=customer, carrier=carrier)
    huge = SimpleUploadedFile("id.pdf", PDF + b"0" * (11 * 1024 * 1024))
    response = signed_in.post(reverse("cases:upload", args=[case.reference]),
                              {"kind": "id_scan", "file": huge}, follow=True)
    assert "larger than 10 MB" in response.content.decode()
    assert not Document.objects.exists()


def test_the_same_file_sent_twice_is_kept_once(signed_in, customer, carrier):
    case = CaseFactory(owner=customer, carrier=carrier)
    url = reverse("cases:upload", args=[case.reference])
    signed_in.post(url, {"kind": "id_scan", "file": SimpleUploadedFile("id.pdf", PDF)})
    again = signed_in.post(url, {"kind": "id_scan", "file": SimpleUploadedFile("id.pdf", PDF)},
                           follow=True)
    assert "already on your case" in again.content.decode()
    assert Document.objects.filter(case=case).count() == 1


def test_customer_can_correct_a_drafts_details(signed_in, customer, carrier):
    case = CaseFactory(owner=customer, carrier=carrier, phone_number="+12025550143")
    url = reverse("cases:edit", args=[case.reference])
    assert "0143" in signed_in.get(url).content.decode()
    signed_in.post(url, {"carrier": carrier.pk, "phone_number": "+1 202 555 0199",
                         "line_type": "prepaid", "prepaid_balance": "5.00"})
    case.refresh_from_db()
    assert (case.phone_number, case.line_type, case.state) == ("+12025550199", "prepaid", "draft")
    assert case.events.filter(code="details_updated").exists()


def test_details_cannot_change_after_submission(signed_in, customer, carrier):
    case = CaseFactory(owner=customer, carrier=carrier, state="submitted",
                       phone_number="+12025550143")
    response = signed_in.post(reverse("cases:edit", args=[case.reference]), {
        "carrier": carrier.pk, "phone_number": "+12025550199", "line_type": "postpaid",
    }, follow=True)
    assert "only change before the case is submitted" in response.content.decode()
    case.refresh_from_db()
    assert case.phone_number == "+12025550143"


def test_the_case_page_shows_when_review_should_end_in_business_days(signed_in, customer,
                                                                   carrier):
    from datetime import datetime, timedelta
    from zoneinfo import ZoneInfo

    case = CaseFactory(owner=customer, carrier=carrier, state="verifying")
    started = datetime(2026, 11, 25, 15, 0, tzinfo=ZoneInfo("America/New_York"))
    Case.objects.filter(pk=case.pk).update(entered_state_at=started, submitted_at=started)
    with pytest.MonkeyPatch.context() as patch:  # read on the Friday after Thanksgiving
        patch.setattr(timezone, "now", lambda: started + timedelta(days=2))
        page = signed_in.get(case.get_absolute_url()).content.decode()
    assert "Dec. 1, 2026" in page  # Thanksgiving skipped: business day 3 is Tuesday
