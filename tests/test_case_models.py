"""Cases, their timeline and documents: references, phone numbers, fields, QuerySets."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.db.models import RestrictedError
from django.utils import timezone

from cases import models as case_models
from cases.models import Case, CaseEvent, Document, document_upload_to, get_document_storage
from cases.reference import ALPHABET, is_reference, new_reference, normalize_reference
from cases.workflow import MOVES
from tests.factories import (
    AgentFactory,
    CarrierFactory,
    CaseFactory,
    ChecklistItemFactory,
    DocumentFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

REFERENCE_FORMAT = re.compile(r"^LX-[A-Z0-9]{4}-[A-Z0-9]{4}$")
AMBIGUOUS = set("0O1IL")


def valid_case(**fields) -> Case:
    """An unsaved case that passes full_clean, with ``fields`` changed."""
    values = {"owner": UserFactory(), "carrier": CarrierFactory(),
              "phone_number": "+12025550143"} | fields
    return Case(**values)


# --- References -------------------------------------------------------------------------


def test_reference_has_the_lx_format_and_no_ambiguous_characters():
    references = {new_reference() for _ in range(5000)}
    assert len(references) == 5000
    for reference in references:
        assert REFERENCE_FORMAT.match(reference), reference
        assert not set(reference.replace("LX-", "", 1).replace("-", "")) & AMBIGUOUS
        assert is_reference(reference)
    assert not AMBIGUOUS & set(ALPHABET)


def test_every_new_case_gets_its_own_reference():
    cases = CaseFactory.create_batch(30)
    references = [case.reference for case in cases]
    assert len(set(references)) == 30
    assert all(REFERENCE_FORMAT.match(reference) for reference in references)


def test_a_reference_that_is_already_taken_is_drawn_again(monkeypatch):
    taken = CaseFactory().reference
    draws = iter([taken, taken, "LX-2345-6789"])
    monkeypatch.setattr(case_models, "new_reference", lambda: next(draws))
    assert CaseFactory().reference == "LX-2345-6789"


def test_saving_again_keeps_the_reference():
    case = CaseFactory()
    reference = case.reference
    case.reason = "Moving abroad"
    case.save()
    case.refresh_from_db()
    assert case.reference == reference


def test_a_reference_typed_in_lower_case_with_spaces_is_normalized():
    assert normalize_reference(" lx-7kq2-m9xd ") == "LX-7KQ2-M9XD"


def test_reference_state_and_workflow_fields_are_not_editable_in_forms():
    for name in ("reference", "state", "entered_state_at", "submitted_at", "closed_at",
                 "rejection_reason", "verification_code"):
        assert Case._meta.get_field(name).editable is False, name


# --- Phone numbers ----------------------------------------------------------------------


@pytest.mark.parametrize("typed, stored", [
    ("+12025550143", "+12025550143"),
    ("+1 (202) 555-0143", "+12025550143"),
    ("+44 7911 123456", "+447911123456"),
    ("+86 138 0013 8000", "+8613800138000"),
])
def test_a_valid_international_number_is_stored_as_e164(typed, stored):
    case = valid_case(phone_number=typed)
    case.full_clean()
    assert case.phone_number == stored


@pytest.mark.parametrize("junk", [
    "2025550143",  # no country code
    "+1202555014",  # too short for the US
    "call me maybe",
    "+99912345678",  # no such country code
    "+1 202 555 0143 0143 0143",
])
def test_junk_is_refused_as_a_phone_number(junk):
    case = valid_case(phone_number=junk)
    with pytest.raises(ValidationError) as error:
        case.full_clean()
    assert "phone_number" in error.value.message_dict


def test_phone_number_is_shown_masked_with_its_last_four_digits():
    assert CaseFactory(phone_number="+12025550143").masked_phone == "•••• 0143"


# --- Other fields -----------------------------------------------------------------------


@pytest.mark.parametrize("day", [1, 15, 28, None])
def test_billing_cycle_day_from_1_to_28_or_unknown_is_accepted(day):
    valid_case(billing_cycle_day=day).full_clean()


@pytest.mark.parametrize("day", [0, 29, 31])
def test_billing_cycle_day_outside_1_to_28_is_refused(day):
    with pytest.raises(ValidationError) as error:
        valid_case(billing_cycle_day=day).full_clean()
    assert "billing_cycle_day" in error.value.message_dict


@pytest.mark.parametrize("balance", ["0", "12.50", "10000"])
def test_prepaid_balance_up_to_10000_is_accepted(balance):
    valid_case(line_type=Case.LineType.PREPAID, prepaid_balance=Decimal(balance)).full_clean()


@pytest.mark.parametrize("balance", ["-0.01", "10000.01"])
def test_negative_or_huge_prepaid_balance_is_refused(balance):
    with pytest.raises(ValidationError) as error:
        valid_case(prepaid_balance=Decimal(balance)).full_clean()
    assert "prepaid_balance" in error.value.message_dict


@pytest.mark.parametrize("answers", [{"bills-settled": "yes"}, ["bills-settled"], {"a": 1}])
def test_checklist_answers_must_map_keys_to_true_or_false(answers):
    with pytest.raises(ValidationError) as error:
        valid_case(checklist_answers=answers).full_clean()
    assert "checklist_answers" in error.value.message_dict


def test_a_new_case_is_a_draft_entered_now():
    before = timezone.now()
    case = CaseFactory()
    assert case.state == Case.State.DRAFT == "draft"
    assert before <= case.entered_state_at <= timezone.now()
    assert case.submitted_at is None and case.closed_at is None
    assert case.verification_code is None


def test_state_values_are_the_exact_strings_of_the_design():
    assert Case.State.values == [
        "draft", "submitted", "verifying", "needs_info", "done", "rejected", "withdrawn",
    ]


# --- QuerySets --------------------------------------------------------------------------


def test_for_customer_returns_only_that_customers_cases(customer, second_customer):
    mine = CaseFactory.create_batch(2, owner=customer)
    CaseFactory(owner=second_customer)
    assert set(Case.objects.for_customer(customer)) == set(mine)


def test_open_leaves_out_done_rejected_and_withdrawn_cases(customer):
    open_cases = [CaseFactory(owner=customer, state=state)
                  for state in ("draft", "submitted", "verifying", "needs_info")]
    for state in ("done", "rejected", "withdrawn"):
        CaseFactory(owner=customer, state=state)
    assert set(Case.objects.open()) == set(open_cases)


def test_queryset_methods_chain(customer, second_customer):
    wanted = CaseFactory(owner=customer, state="verifying")
    CaseFactory(owner=customer, state="done")
    CaseFactory(owner=second_customer, state="verifying")
    found = Case.objects.for_customer(customer).open().in_state("verifying", "needs_info")
    assert list(found) == [wanted]


def make_timeline(count: int) -> None:
    agent = AgentFactory()
    for _ in range(count):
        case = CaseFactory(state="verifying")
        case.events.create(actor=case.owner, kind=CaseEvent.Kind.TRANSITION,
                           from_state="draft", to_state="submitted")
        case.events.create(actor=agent, kind=CaseEvent.Kind.NOTE, message="Checked the ID.",
                           customer_visible=False)


@pytest.mark.parametrize("count", [1, 10])
def test_with_timeline_reads_cases_and_their_events_in_two_queries(
    count, django_assert_num_queries
):
    make_timeline(count)
    with django_assert_num_queries(2):
        for case in Case.objects.with_timeline():
            str(case.carrier.name), str(case.owner.email)
            for event in case.events.all():
                str(event.actor)


def test_events_read_in_the_order_they_happened():
    case = CaseFactory()
    later = case.events.create(kind=CaseEvent.Kind.SYSTEM, message="second",
                               created_at=timezone.now())
    earlier = case.events.create(kind=CaseEvent.Kind.SYSTEM, message="first",
                                 created_at=later.created_at - timedelta(minutes=1))
    same_time = case.events.create(kind=CaseEvent.Kind.SYSTEM, message="third",
                                   created_at=later.created_at)
    assert list(case.events.all()) == [earlier, later, same_time]
    assert list(case.events.customer_visible()) == [earlier, later, same_time]


# --- Documents --------------------------------------------------------------------------


@pytest.mark.parametrize("kind, counts", [
    (Document.Kind.ID_SCAN, True), (Document.Kind.RECENT_BILL, True),
    (Document.Kind.OTHER, False),
])
def test_only_an_id_scan_or_a_recent_bill_counts_as_identity(kind, counts):
    document = DocumentFactory(kind=kind)
    assert document.case.has_identity_document() is counts


def test_a_purged_document_no_longer_counts_as_identity():
    document = DocumentFactory(purged_at=timezone.now())
    assert document.case.has_identity_document() is False


def test_a_case_without_documents_has_no_identity_document():
    assert CaseFactory().has_identity_document() is False


def test_a_document_is_stored_under_random_names_that_reveal_nothing():
    document = DocumentFactory(original_name="Casey Passport.PDF")
    name = document.file.name
    assert re.fullmatch(r"documents/[0-9a-f]{32}/[0-9a-f]{32}\.pdf", name), name
    assert document.case.reference not in name
    assert document.original_name == "Casey Passport.PDF"
    assert document.file.read().startswith(b"%PDF-")


def test_two_uploads_of_the_same_file_get_different_paths():
    assert document_upload_to(None, "scan.pdf") != document_upload_to(None, "scan.pdf")


@pytest.mark.parametrize("filename, suffix", [
    ("photo.HEIC", ".heic"), ("no-extension", ".bin"), ("evil.p/h\\p", ".bin"),
    ("x.verylongext", ".bin"),
])
def test_upload_path_keeps_only_a_short_plain_extension(filename, suffix):
    assert document_upload_to(None, filename).endswith(suffix)


def test_documents_use_the_private_documents_storage_when_configured(settings, tmp_path):
    settings.STORAGES = settings.STORAGES | {
        "documents": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                      "OPTIONS": {"location": str(tmp_path / "private")}},
    }
    storage = get_document_storage()
    assert isinstance(storage, FileSystemStorage)
    assert storage.location == str(tmp_path / "private")


def test_documents_use_the_default_storage_otherwise(settings):
    settings.STORAGES = {k: v for k, v in settings.STORAGES.items() if k != "documents"}
    from django.core.files.storage import default_storage

    assert get_document_storage() is default_storage


def test_document_records_size_and_checksum():
    document = DocumentFactory(file=ContentFile(b"%PDF-1.7\n%%EOF\n", name="a.pdf"),
                               size=15, sha256="f" * 64)
    document.refresh_from_db()
    assert (document.size, document.sha256, document.purged_at) == (15, "f" * 64, None)


# --- Deleting accounts ------------------------------------------------------------------


def test_deleting_a_customer_deletes_their_cases_timeline_and_documents():
    document = DocumentFactory()
    case = document.case
    case.events.create(actor=case.owner, kind=CaseEvent.Kind.TRANSITION,
                       from_state="draft", to_state="submitted")
    case.owner.delete()
    assert not Case.objects.exists()
    assert not CaseEvent.objects.exists()
    assert not Document.objects.exists()


def test_an_agent_who_acted_on_a_case_cannot_be_deleted_only_deactivated():
    agent = AgentFactory()
    case = CaseFactory(state="verifying", assigned_agent=agent)
    case.add_note(by=agent, message="Checked.")
    with pytest.raises(RestrictedError):
        agent.delete()
    agent.is_active = False
    agent.save()
    assert case.events.get().actor == agent


# --- Permissions ------------------------------------------------------------------------


def test_agents_may_view_and_change_cases_events_and_documents():
    codenames = set(Group.objects.get(name="Agents").permissions
                    .filter(content_type__app_label="cases").values_list("codename", flat=True))
    assert codenames >= {
        "view_case", "change_case", "view_caseevent", "change_caseevent",
        "view_document", "change_document",
    }


def test_editors_get_no_permission_on_cases_or_documents():
    editors = Group.objects.get(name="Editors")
    assert not editors.permissions.filter(content_type__app_label="cases").exists()


def test_an_agent_account_has_the_case_permissions():
    agent = AgentFactory()
    assert agent.has_perm("cases.view_document")
    assert agent.has_perm("cases.change_case")


def test_every_move_of_the_table_is_a_method_of_case():
    for name in MOVES:
        assert callable(getattr(Case, name)), name


def test_checklist_items_for_another_carrier_are_not_a_cases_items():
    carrier = CarrierFactory()
    general = ChecklistItemFactory()
    own = ChecklistItemFactory(carrier=carrier)
    ChecklistItemFactory(carrier=CarrierFactory())
    case = CaseFactory(carrier=carrier, ready_to_submit=True)
    assert case.checklist_answers == {general.key: True, own.key: True}


def test_deleting_a_case_deletes_its_document_files():
    document = DocumentFactory()
    storage, name = document.file.storage, document.file.name
    assert storage.exists(name)
    document.case.delete()
    assert not storage.exists(name)
