"""The initial guidance: ``load_guidance`` creates what is missing, once, in both languages,
and never touches what editors have changed."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.core.management import call_command
from modeltranslation.translator import translator

from content import initial_guidance as data
from content import markdown
from content.models import (
    ESIM_GUIDE_SLUG,
    FAQ,
    PORTING_GUIDE_SLUG,
    Carrier,
    ChecklistItem,
    EmailCopy,
    Guide,
    GuideStep,
)

pytestmark = pytest.mark.django_db

MODELS = (Carrier, Guide, GuideStep, ChecklistItem, FAQ, EmailCopy)
EXPECTED_ROWS = (len(data.CARRIERS) + len(data.GUIDES)
                 + sum(len(g["steps"]) for g in data.GUIDES) + len(data.CHECKLIST_ITEMS)
                 + len(data.FAQS) + len(data.EMAIL_COPY))


def load() -> str:
    out = StringIO()
    call_command("load_guidance", stdout=out)
    return out.getvalue()


def created(summary: str) -> int:
    match = re.search(r"(\d+) rows created", summary)
    assert match, summary
    return int(match.group(1))


def row_count() -> int:
    return sum(model.objects.count() for model in MODELS)


@pytest.fixture
def loaded():
    summary = load()
    return summary


def test_it_loads_everything(loaded):
    assert created(loaded) == EXPECTED_ROWS == row_count()
    assert "\n" not in loaded.strip()  # a one-line summary
    assert Carrier.objects.get(slug="t-mobile").country == "US"
    assert Guide.objects.count() == 6
    for guide in Guide.objects.all():
        orders = list(guide.steps.values_list("order", flat=True))
        assert 3 <= len(orders) <= 6 and orders == list(range(1, len(orders) + 1)), guide.slug
    assert 6 <= FAQ.objects.count() <= 8
    assert set(EmailCopy.objects.values_list("key", flat=True)) == set(EmailCopy.Key.values)
    tmobile_guide = Guide.objects.get(slug="closing-with-t-mobile")
    assert tmobile_guide.carrier.slug == "t-mobile"


def test_a_second_run_creates_nothing(loaded):
    before = row_count()
    assert created(load()) == 0
    assert row_count() == before


def test_an_editors_change_survives_a_rerun(loaded):
    guide = Guide.objects.get(slug="before-you-close")
    guide.title_zh_hans = "编辑改过的标题"
    guide.body_en = "## Edited\n\nAn editor rewrote this."
    guide.published = False
    guide.save()
    step = guide.steps.get(order=1)
    step.body_en = "Edited step."
    step.save()
    item = ChecklistItem.objects.get(key="backup_done")
    item.label_en = "Edited label"
    item.required = False
    item.save()
    faq = FAQ.objects.get(order=1)
    faq.answer_zh_hans = "编辑改过的回答"
    faq.save()
    email = EmailCopy.objects.get(key=EmailCopy.Key.CASE_DONE)
    email.subject_en = "Done: {reference}"
    email.save()
    carrier = Carrier.objects.get(slug="t-mobile")
    carrier.support_phone = "611"
    carrier.save()

    assert created(load()) == 0

    guide.refresh_from_db()
    assert guide.title_zh_hans == "编辑改过的标题"
    assert guide.body_en.startswith("## Edited")
    assert guide.published is False
    assert GuideStep.objects.get(guide=guide, order=1).body_en == "Edited step."
    item.refresh_from_db()
    assert (item.label_en, item.required) == ("Edited label", False)
    assert FAQ.objects.get(order=1).answer_zh_hans == "编辑改过的回答"
    assert EmailCopy.objects.get(key="case_done").subject_en == "Done: {reference}"
    assert Carrier.objects.get(slug="t-mobile").support_phone == "611"


def test_a_deleted_row_is_created_again_and_nothing_else(loaded):
    EmailCopy.objects.filter(key=EmailCopy.Key.FINAL_BILL).delete()
    GuideStep.objects.filter(guide__slug="after-closing", order=2).delete()
    before = row_count()
    assert created(load()) == 2
    assert row_count() == before + 2
    assert EmailCopy.objects.filter(key="final_bill").exists()


def test_every_translated_field_is_filled_in_both_languages(loaded):
    for model in MODELS:
        fields = translator.get_options_for_model(model).fields
        for obj in model.objects.all():
            for field in fields:
                for language in ("en", "zh_hans"):
                    value = getattr(obj, f"{field}_{language}")
                    assert value and value.strip(), f"{model.__name__} {obj.pk} {field}_{language}"
            # The Chinese text is Chinese, not a copy of the English.
            for field in fields:
                zh = getattr(obj, f"{field}_zh_hans")
                if field != "name":  # carrier names are the same in both languages
                    assert re.search(r"[\u4e00-\u9fff]", zh), f"{model.__name__} {field}_zh_hans"


def test_the_data_file_has_both_languages_everywhere():
    def walk(value, where):
        if isinstance(value, dict):
            if set(value) == {"en", "zh_hans"}:
                for language, text in value.items():
                    assert isinstance(text, str) and text.strip(), f"{where}.{language}"
                return
            for key, inner in value.items():
                walk(inner, f"{where}.{key}")
        elif isinstance(value, list):
            for index, inner in enumerate(value):
                walk(inner, f"{where}[{index}]")

    for name in ("CARRIERS", "GUIDES", "CHECKLIST_ITEMS", "FAQS", "EMAIL_COPY"):
        walk(getattr(data, name), name)


RAW_HTML = re.compile(r"</?[a-zA-Z][^>]*>")


def markdown_texts():
    for guide in Guide.objects.all():
        for language in ("en", "zh_hans"):
            yield f"guide {guide.slug} {language}", getattr(guide, f"body_{language}")
            for step in guide.steps.all():
                yield f"step {guide.slug}/{step.order} {language}", getattr(step, f"body_{language}")
    for faq in FAQ.objects.all():
        for language in ("en", "zh_hans"):
            yield f"faq {faq.order} {language}", getattr(faq, f"answer_{language}")
    for carrier in Carrier.objects.all():
        for language in ("en", "zh_hans"):
            yield f"carrier {carrier.slug} {language}", getattr(carrier, f"notes_{language}")


def test_every_markdown_text_renders_cleanly_without_raw_html(loaded):
    for where, text in markdown_texts():
        assert not RAW_HTML.search(text), f"raw HTML in {where}"
        html = markdown.render(text)
        assert html.strip(), where
        assert "&lt;" not in html, where
        assert "**" not in html, f"bold markers left unrendered in {where}"
        assert "http" not in text or "https://www.t-mobile.com" in text, where


def test_every_guide_body_uses_headings(loaded):
    for guide in Guide.objects.all():
        for language in ("en", "zh_hans"):
            assert "<h2>" in markdown.render(getattr(guide, f"body_{language}")), guide.slug


def test_no_outside_links_anywhere(loaded):
    texts = [text for _where, text in markdown_texts()]
    for email in EmailCopy.objects.all():
        texts += [email.subject_en, email.subject_zh_hans, email.body_en, email.body_zh_hans]
    for text in texts:
        assert "http://" not in text and "https://" not in text and "www." not in text
    assert Carrier.objects.get(slug="t-mobile").website == "https://www.t-mobile.com"


def test_every_email_copy_passes_full_clean(loaded):
    for email in EmailCopy.objects.all():
        email.full_clean()
        for language in ("en", "zh_hans"):
            body = getattr(email, f"body_{language}")
            assert "{case_url}" in body, f"{email.key} {language}"
            assert "{first_name}" in body, f"{email.key} {language}"
            assert "unsubscribe" not in body.lower() and "退订" not in body


def test_email_copy_renders_with_a_full_context(loaded):
    context = {"reference": "LX-7KQ2-M9XD", "first_name": "Casey", "carrier": "T-Mobile",
               "masked_phone": "•••• 1234", "case_url": "https://lineout.example/cases/x/",
               "state": "submitted", "due_date": "5 January 2027",
               "expected_by": "1 December 2026", "message": "Please upload a bill.",
               "reason": "The ID was unreadable.", "balance": "$12.50"}
    email = EmailCopy.objects.get(key="balance_refund")
    subject, body = email.render(context)
    assert "$12.50" in body and "Hello Casey," in body and "{" not in subject + body


REQUIRED_CONDITIONS = ["bills_settled", "autopay_plan", "logins_moved",
                       "device_paid_or_returned", "backup_done", "not_porting"]


def test_a_required_checklist_item_exists_for_each_condition(loaded):
    for key in REQUIRED_CONDITIONS:
        item = ChecklistItem.objects.get(key=key)
        assert item.required and item.carrier is None, key
    unlock = ChecklistItem.objects.get(key="device_unlock_requested")
    assert not unlock.required and unlock.carrier is None
    holder = ChecklistItem.objects.get(key="tmobile_account_holder")
    assert not holder.required and holder.carrier.slug == "t-mobile"
    general = set(ChecklistItem.objects.for_carrier(None).values_list("key", flat=True))
    assert "tmobile_account_holder" not in general


def test_the_porting_and_esim_guides_exist_and_are_published(loaded):
    published = Guide.objects.published()
    assert published.filter(slug=PORTING_GUIDE_SLUG).exists()
    assert published.filter(slug=ESIM_GUIDE_SLUG).exists()
    assert published.count() == 6


def test_a_reworded_faq_is_not_added_again():
    call_command("load_guidance", stdout=StringIO())
    count = FAQ.objects.count()
    entry = FAQ.objects.order_by("order").first()
    entry.question_en = "An editor's better question?"
    entry.save()
    call_command("load_guidance", stdout=StringIO())
    assert FAQ.objects.count() == count
