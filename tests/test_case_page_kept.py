"""What the customer ticks and types is kept and shown back (issue 13, "What people lose").

Ticks saved one at a time (the page's script) and never dropped by an upload; a past
desired end date refused in the customer's own calendar; the details shown back, the
balance in the carrier country's currency; optional items marked from their flag; the
submit refusal quoting labels without a doubled full stop; the phone field's keyboard.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from cases.models import Case
from cases.money import format_money
from cases.workflow import TransitionNotAllowed, bare_label, join_labels
from content.models import ChecklistItem

from .factories import PDF_BYTES, CarrierFactory, CaseFactory, UserFactory

pytestmark = pytest.mark.django_db

JSON = {"HTTP_ACCEPT": "application/json"}


@pytest.fixture
def carrier():
    carrier = CarrierFactory()
    ChecklistItem.objects.create(key="bills_settled", label_en="My bills are paid.",
                                 label_zh_hans="我已付清账单。", required=True, order=1)
    ChecklistItem.objects.create(key="backup_done", label_en="My contacts are backed up.",
                                 label_zh_hans="我已备份联系人。", required=True, order=2)
    ChecklistItem.objects.create(key="unlock", label_en="I asked for an unlock.",
                                 label_zh_hans="我已申请解锁。", required=False, order=3)
    return carrier


@pytest.fixture
def signed_in(client, customer):
    client.force_login(customer)
    return client


def tick(client, case, key: str, checked: bool = True, **headers):
    data = {"item": key, **({key: "on"} if checked else {})}
    return client.post(reverse("cases:checklist", args=[case.reference]), data, **headers)


# --- Ticks are saved one by one and never lost ------------------------------------------


def test_customer_can_save_one_tick_and_read_the_new_count(signed_in, customer, carrier):
    case = CaseFactory(owner=customer, carrier=carrier)

    response = tick(signed_in, case, "bills_settled", **JSON)

    assert response.status_code == 200
    assert response.json() == {"done": 1, "total": 3, "progress": "1 of 3 done",
                               "missing": ["backup_done"], "status": "Checklist saved."}
    case.refresh_from_db()
    assert case.checklist_answers == {"bills_settled": True}


def test_one_tick_leaves_the_other_saved_ticks_alone(signed_in, customer, carrier):
    case = CaseFactory(owner=customer, carrier=carrier,
                       checklist_answers={"bills_settled": True, "unlock": True})

    tick(signed_in, case, "backup_done", **JSON)
    response = tick(signed_in, case, "unlock", checked=False, **JSON)

    assert response.json()["done"] == 2
    case.refresh_from_db()
    assert case.checklist_answers == {"bills_settled": True, "backup_done": True,
                                      "unlock": False}


def test_the_count_is_translated_for_a_chinese_reader(client, carrier):
    customer = UserFactory(language="zh-hans")
    client.force_login(customer)
    case = CaseFactory(owner=customer, carrier=carrier)
    with translation.override("zh-hans"):
        data = tick(client, case, "bills_settled", HTTP_ACCEPT_LANGUAGE="zh-hans",
                    **JSON).json()
    assert data["progress"] == "已完成 1 项，共 3 项"
    assert data["status"] == "核对清单已保存。"


def test_an_upload_keeps_the_ticks_and_the_page_counts_them(signed_in, customer, carrier):
    case = CaseFactory(owner=customer, carrier=carrier)
    for key in ("bills_settled", "backup_done", "unlock"):
        tick(signed_in, case, key, **JSON)

    response = signed_in.post(reverse("cases:upload", args=[case.reference]),
                              {"kind": "id_scan", "file": SimpleUploadedFile("id.pdf", PDF_BYTES)},
                              follow=True)

    case.refresh_from_db()
    assert case.checklist_answers == {"bills_settled": True, "backup_done": True,
                                      "unlock": True}
    page = response.content.decode()
    assert "3 of 3 done" in page
    assert len(re.findall(r'type="checkbox"[^>]*checked', page)) == 3


def test_a_refused_upload_keeps_the_ticks_too(signed_in, customer, carrier):
    case = CaseFactory(owner=customer, carrier=carrier, checklist_answers={"bills_settled": True})
    response = signed_in.post(reverse("cases:upload", args=[case.reference]), {
        "kind": "id_scan", "file": SimpleUploadedFile("id.pdf", b"MZ not a pdf"),
    })
    assert response.status_code == 400
    assert "1 of 3 done" in response.content.decode()
    case.refresh_from_db()
    assert case.checklist_answers == {"bills_settled": True}


def test_the_whole_checklist_form_still_saves_without_script(signed_in, customer, carrier):
    case = CaseFactory(owner=customer, carrier=carrier, checklist_answers={"unlock": True})
    response = signed_in.post(reverse("cases:checklist", args=[case.reference]),
                              {"bills_settled": "on", "backup_done": "on"})
    assert response["Location"] == case.get_absolute_url()
    case.refresh_from_db()
    assert case.checklist_answers == {"bills_settled": True, "backup_done": True,
                                      "unlock": False}


def test_an_unknown_item_is_refused_and_changes_nothing(signed_in, customer, carrier):
    case = CaseFactory(owner=customer, carrier=carrier)
    response = tick(signed_in, case, "not_an_item", **JSON)
    assert response.status_code == 400
    assert response.json() == {"error": "This checklist item does not exist."}
    case.refresh_from_db()
    assert case.checklist_answers == {}


def test_customer_cannot_tick_a_submitted_case(signed_in, customer, carrier):
    case = CaseFactory(owner=customer, carrier=carrier, state="submitted")
    response = tick(signed_in, case, "bills_settled", **JSON)
    assert response.status_code == 409
    assert response.json()["error"] == ("The checklist can only change before the case is "
                                        "submitted.")
    case.refresh_from_db()
    assert case.checklist_answers == {}


def test_customer_cannot_tick_another_customers_case(signed_in, second_customer, carrier):
    case = CaseFactory(owner=second_customer, carrier=carrier)
    assert tick(signed_in, case, "bills_settled", **JSON).status_code == 404
    case.refresh_from_db()
    assert case.checklist_answers == {}


def test_the_page_wires_the_script_to_the_checklist_and_the_uploads(signed_in, customer,
                                                                     carrier):
    case = CaseFactory(owner=customer, carrier=carrier)
    page = signed_in.get(case.get_absolute_url()).content.decode()
    assert re.search(r'<script src="/static/js/case\.js" defer>', page)
    assert "data-checklist " in page and "data-checklist-progress" in page
    assert page.count("data-upload-progress") == 1  # the document form (no messages in draft)
    assert '<progress max="100" value="0"' in page


# --- Desired end date ---------------------------------------------------------------------


def details(carrier, **changes):
    return {"carrier": carrier.pk, "phone_number": "+1 202 555 0143", "line_type": "postpaid",
            **changes}


def test_customer_cannot_ask_for_an_end_date_that_has_passed(signed_in, carrier):
    with time_machine.travel(datetime(2026, 12, 1, 15, 0, tzinfo=UTC), tick=False):
        response = signed_in.post(reverse("cases:create"),
                                  details(carrier, desired_end_date="2026-11-20"))
    assert response.status_code == 200
    assert ("The desired end date has already passed. Choose today or a later date."
            in response.content.decode())
    assert not Case.objects.exists()


def test_the_refusal_is_in_chinese_for_a_chinese_reader(client, carrier):
    client.force_login(UserFactory(language="zh-hans"))
    with time_machine.travel(datetime(2026, 12, 1, 15, 0, tzinfo=UTC), tick=False):
        response = client.post(reverse("cases:create"),
                               details(carrier, desired_end_date="2026-11-20"),
                               HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert "期望注销日期已过。请选择今天或之后的日期。" in response.content.decode()


@pytest.mark.parametrize(("zone", "accepted"), [
    ("America/Los_Angeles", True),   # still 30 November there
    ("Asia/Shanghai", False),        # already 1 December there
])
def test_today_is_the_customers_local_date(client, carrier, zone, accepted):
    client.force_login(UserFactory(timezone=zone))
    with time_machine.travel(datetime(2026, 12, 1, 3, 0, tzinfo=UTC), tick=False):
        client.post(reverse("cases:create"), details(carrier, desired_end_date="2026-11-30"))
    assert Case.objects.exists() is accepted


def test_today_itself_is_accepted_and_offered_as_the_earliest(signed_in, carrier):
    with time_machine.travel(datetime(2026, 12, 1, 15, 0, tzinfo=UTC), tick=False):
        form = signed_in.get(reverse("cases:create")).content.decode()
        signed_in.post(reverse("cases:create"), details(carrier, desired_end_date="2026-12-01"))
    assert 'min="2026-12-01"' in form
    assert Case.objects.get().desired_end_date == date(2026, 12, 1)


def test_editing_a_draft_cannot_move_the_end_date_into_the_past(signed_in, customer, carrier):
    case = CaseFactory(owner=customer, carrier=carrier, desired_end_date=date(2026, 12, 20))
    with time_machine.travel(datetime(2026, 12, 1, 15, 0, tzinfo=UTC), tick=False):
        response = signed_in.post(reverse("cases:edit", args=[case.reference]),
                                  details(carrier, desired_end_date="2026-11-20"))
    assert response.status_code == 200
    case.refresh_from_db()
    assert case.desired_end_date == date(2026, 12, 20)


# --- What they entered, shown back --------------------------------------------------------


def test_the_case_page_shows_back_the_details_entered(signed_in, customer, carrier):
    case = CaseFactory(owner=customer, carrier=carrier, line_type="prepaid",
                       desired_end_date=date(2026, 12, 20), billing_cycle_day=5,
                       prepaid_balance=Decimal("12.50"), reason="Moving abroad")
    page = signed_in.get(case.get_absolute_url()).content.decode()
    for shown in ("Prepaid (pay as you go)", "Dec. 20, 2026", "Day 5 of each month",
                  "$12.50", "Moving abroad"):
        assert shown in page, shown


def test_the_details_read_in_chinese_with_the_balance_in_dollars(client, carrier):
    customer = UserFactory(language="zh-hans")
    client.force_login(customer)
    case = CaseFactory(owner=customer, carrier=carrier, line_type="prepaid",
                       desired_end_date=date(2026, 12, 20), billing_cycle_day=5,
                       prepaid_balance=Decimal("12.50"))
    page = client.get(case.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    for shown in ("期望注销日期", "2026年12月20日", "每月 5 日", "12.50 美元", "待退还的预付费余额"):
        assert shown in page, shown


def test_details_not_given_say_so_and_a_postpaid_line_has_no_balance(signed_in, customer,
                                                                    carrier):
    case = CaseFactory(owner=customer, carrier=carrier)
    page = signed_in.get(case.get_absolute_url()).content.decode()
    assert page.count("Not given") == 2  # end date and billing-cycle day
    assert "Prepaid balance to refund" not in page


def test_money_is_written_in_the_carrier_countrys_currency():
    with translation.override("en"):
        assert format_money(Decimal("12.5"), "US") == "$12.50"
        assert format_money(Decimal("12.5"), "CA") == "CA$12.50"
        assert format_money(Decimal("12.5"), "FR") == "12.50"  # no currency we know: no symbol
    with translation.override("zh-hans"):
        assert format_money(Decimal("12.5"), "US") == "12.50 美元"
        assert format_money(Decimal("12.5"), "CA") == "12.50 加元"


# --- Optional items, and labels quoted in a sentence ---------------------------------------


@pytest.mark.parametrize(("language", "marker"), [("en", "(optional)"), ("zh-hans", "（可选）")])
def test_each_optional_item_and_only_those_say_so(client, carrier, language, marker):
    customer = UserFactory(language=language)
    client.force_login(customer)
    case = CaseFactory(owner=customer, carrier=carrier)
    page = client.get(case.get_absolute_url(), HTTP_ACCEPT_LANGUAGE=language).content.decode()
    labels = re.findall(r'<label for="id_(\w+)">(.*?)</label>', page, flags=re.S)
    marked = {key for key, label in labels if marker in label}
    assert marked == {"unlock"}


def test_a_submitted_case_marks_the_optional_items_too(signed_in, customer, carrier):
    case = CaseFactory(owner=customer, carrier=carrier, state="submitted")
    page = signed_in.get(case.get_absolute_url()).content.decode()
    assert re.search(r"I asked for an unlock\. <span class=\"optional\">\(optional\)</span>",
                     page)


@pytest.mark.parametrize(("language", "expected"), [
    ("en", "Check every required checklist item first: My bills are paid; "
           "My contacts are backed up."),
    ("zh-hans", "请先勾选核对清单中的所有必选项：我已付清账单；我已备份联系人。"),
])
def test_the_submit_refusal_quotes_labels_without_a_doubled_full_stop(customer, carrier,
                                                                      language, expected):
    case = CaseFactory(owner=customer, carrier=carrier)
    with translation.override(language), pytest.raises(TransitionNotAllowed) as refused:
        case.submit(by=customer)
    assert refused.value.message == expected
    assert ".." not in expected and "。。" not in expected


def test_the_to_do_list_quotes_labels_without_a_doubled_full_stop(signed_in, customer,
                                                                  carrier):
    case = CaseFactory(owner=customer, carrier=carrier)
    page = signed_in.get(case.get_absolute_url()).content.decode()
    assert "Check “My bills are paid”." in page
    assert ".”." not in page


def test_a_bare_label_loses_only_its_closing_punctuation():
    assert bare_label("Any device is paid off or returned.") == \
        "Any device is paid off or returned"
    assert bare_label("我已备份联系人。") == "我已备份联系人"
    assert bare_label("Paid (in full)") == "Paid (in full)"
    with translation.override("en"):
        assert join_labels(["A.", "B!"]) == "A; B"


# --- The phone field ----------------------------------------------------------------------


def test_the_phone_field_opens_a_phone_keypad(signed_in):
    page = signed_in.get(reverse("cases:create")).content.decode()
    field = re.search(r'<input[^>]*name="phone_number"[^>]*>', page).group(0)
    assert 'inputmode="tel"' in field and 'autocomplete="tel"' in field
