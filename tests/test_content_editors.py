"""The editors' admin: carrier facts carry their source and check date (and the admin lists
those due a check), Chinese texts missing or older than their English are marked, every
translated field is labelled with its language, the preview is the public page, and the
admin header switches language like the site does."""

from __future__ import annotations

import datetime
from io import StringIO
from urllib.parse import urlparse

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from content import initial_guidance as data
from content.initial_guidance import sources
from content.models import FAQ, Carrier, ChecklistItem, EmailCopy, Guide, GuideStep

from .factories import AgentFactory, EditorFactory, with_totp

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def days_ago(days: int) -> datetime.date:
    return TODAY - datetime.timedelta(days=days)


@pytest.fixture
def editor_client(client):
    client.force_login(with_totp(EditorFactory()))
    return client


@pytest.fixture
def guide():
    guide = Guide.objects.create(
        slug="closing", published=True, title_en="Closing", title_zh_hans="注销",
        body_en="## Bills\n\nPay them.", body_zh_hans="## 账单\n\n付清。",
    )
    GuideStep.objects.create(guide=guide, order=1, title_en="Call", title_zh_hans="致电",
                             body_en="Dial 611.", body_zh_hans="拨打 611。")
    return guide


def listed(client, url_name: str, query: str = "") -> set[str]:
    response = client.get(reverse(url_name) + query)
    assert response.status_code == 200
    return {str(obj) for obj in response.context["cl"].result_list}


# --- 1. Carrier facts: source, check date, the list of facts due a check ----------------

def test_the_stale_facts_filter_lists_exactly_the_rows_not_checked_for_180_days(
        editor_client, guide):
    url = "https://www.t-mobile.com/support/account/cancel-service"
    for title, source, checked_on in [
        ("fresh", url, days_ago(10)),
        ("just fresh", url, days_ago(180)),
        ("stale", url, days_ago(181)),
        ("never checked", url, None),
        ("no carrier fact", "", None),
    ]:
        GuideStep.objects.create(guide=guide, title_en=title, source_url=source,
                                 checked_on=checked_on)
        FAQ.objects.create(question_en=title, answer_en="A", source_url=source,
                           checked_on=checked_on)

    expected = {"stale", "never checked"}
    assert listed(editor_client, "admin:content_guidestep_changelist", "?facts=stale") == expected
    assert listed(editor_client, "admin:content_faq_changelist", "?facts=stale") == expected
    page = editor_client.get(reverse("admin:content_guidestep_changelist")).content.decode()
    assert "Facts not checked for 180 days" in page


def test_source_and_check_date_are_shown_and_edited_in_the_admin(editor_client, guide):
    faq = FAQ.objects.create(question_en="Q", question_zh_hans="问", answer_en="A",
                             answer_zh_hans="答")
    url = reverse("admin:content_faq_change", args=[faq.pk])
    response = editor_client.post(url, {
        "key": "", "question_en": "Q", "question_zh_hans": "问", "answer_en": "A",
        "answer_zh_hans": "答", "order": 0, "published": "on",
        "source_url": "https://www.t-mobile.com/support/account/cancel-service",
        "checked_on": "2026-12-06",
    })
    assert response.status_code == 302, response.content.decode()[:3000]
    faq.refresh_from_db()
    assert faq.source_url.endswith("/cancel-service")
    assert faq.checked_on == datetime.date(2026, 12, 6)

    changelist = editor_client.get(reverse("admin:content_faq_changelist")).content.decode()
    assert "https://www.t-mobile.com/support/account/cancel-service" in changelist
    assert "2026-12-06" in changelist
    guide_page = editor_client.get(reverse("admin:content_guide_change", args=[guide.pk]))
    assert 'name="steps-0-source_url"' in guide_page.content.decode()
    assert 'name="steps-0-checked_on"' in guide_page.content.decode()


def test_a_check_date_without_a_source_is_refused():
    faq = FAQ(question_en="Q", answer_en="A", checked_on=TODAY)
    with pytest.raises(ValidationError) as error:
        faq.full_clean()
    assert "source_url" in error.value.message_dict


# Steps that name T-Mobile but state only what Lineout does, or only what T-Mobile calls
# a thing (no page of the three states it).
NO_TMOBILE_FACT = {"step:closing-with-t-mobile:4", "step:keep-your-number:2"}


def shipped_tmobile_facts() -> dict[str, dict]:
    """Every shipped step and FAQ entry that states something about T-Mobile, by where."""
    found = {}
    for guide in data.GUIDES:
        for order, step in enumerate(guide["steps"], start=1):
            where = f"step:{guide['slug']}:{order}"
            if "T-Mobile" in step["body"]["en"] and where not in NO_TMOBILE_FACT:
                found[where] = step
    for item in data.FAQS:
        if "T-Mobile" in item["answer"]["en"]:
            found[f"faq:{item['order']}"] = item
    return found


def test_every_shipped_tmobile_fact_names_a_tmobile_page():
    facts = shipped_tmobile_facts()
    assert len(facts) >= 6, facts.keys()
    for where, item in facts.items():
        assert "source" in item, where
        assert urlparse(item["source"]["url"]).hostname.endswith("t-mobile.com"), where
    checked = {where for where, item in facts.items()
               if item["source"]["checked_on"] == datetime.date(2026, 12, 6)}
    # The PIN, the phone/store/not online call, the bill cycle, EIP and AutoPay facts.
    assert {"step:closing-with-t-mobile:2", "step:closing-with-t-mobile:3",
            "step:closing-with-t-mobile:5", "faq:3", "faq:5"} <= checked


def test_load_guidance_stores_the_sources_and_dates():
    call_command("load_guidance", stdout=StringIO())
    steps = {step.order: step for step in
             GuideStep.objects.filter(guide__slug="closing-with-t-mobile")}
    assert steps[2].source_url == sources.TMOBILE_CANCEL_A_LINE
    assert steps[2].checked_on == datetime.date(2026, 12, 6)
    assert steps[3].source_url == sources.TMOBILE_BILLING_RESPONSIBLE_PARTY
    assert steps[5].source_url == sources.TMOBILE_CANCEL_SERVICE
    assert steps[1].source_url == "" and steps[1].checked_on is None  # Lineout's own facts
    refunds = FAQ.objects.get(source_url=sources.TMOBILE_ADJUSTMENTS_AND_REFUNDS)
    assert refunds.checked_on is None  # not checked yet: the admin lists it
    assert FAQ.objects.filter(source_url=sources.TMOBILE_CANCEL_SERVICE,
                              checked_on=datetime.date(2026, 12, 6)).exists()


def test_load_guidance_gives_sources_to_rows_loaded_before_and_keeps_editors_own():
    call_command("load_guidance", stdout=StringIO())
    steps = {step.order: step for step in
             GuideStep.objects.filter(guide__slug="closing-with-t-mobile")}
    # As rows loaded before sources existed: no source.
    GuideStep.objects.filter(pk__in=[steps[2].pk, steps[3].pk]).update(source_url="",
                                                                        checked_on=None)
    # An editor rewrote step 3: the shipped source does not vouch for the new text.
    GuideStep.objects.filter(pk=steps[3].pk).update(body_en="An editor's own words.")
    # An older check of the same page gets the newer date; an editor's own source stays.
    GuideStep.objects.filter(pk=steps[5].pk).update(checked_on=datetime.date(2026, 1, 1))
    pin = FAQ.objects.get(source_url=sources.TMOBILE_BILLING_RESPONSIBLE_PARTY)
    FAQ.objects.filter(pk=pin.pk).update(source_url="https://example.com/editor", checked_on=None)

    out = StringIO()
    call_command("load_guidance", stdout=out)

    for step in steps.values():
        step.refresh_from_db()
    pin.refresh_from_db()
    assert (steps[2].source_url, steps[2].checked_on) == (
        sources.TMOBILE_CANCEL_A_LINE, datetime.date(2026, 12, 6))
    assert steps[3].source_url == "" and steps[3].body_en == "An editor's own words."
    assert steps[5].checked_on == datetime.date(2026, 12, 6)
    assert pin.source_url == "https://example.com/editor"
    assert "2 rows updated" in out.getvalue()
    again = StringIO()
    call_command("load_guidance", stdout=again)
    assert "0 rows updated" in again.getvalue()


# --- 2. Chinese missing or older than the English ---------------------------------------

def make_each_model():
    carrier = Carrier.objects.create(slug="c", name_en="Carrier", name_zh_hans="运营商")
    guide = Guide.objects.create(slug="g", title_en="Guide", title_zh_hans="指南")
    return {
        "carrier": (carrier, "name"),
        "guide": (guide, "title"),
        "step": (GuideStep.objects.create(guide=guide, title_en="Step", title_zh_hans="步骤"),
                 "title"),
        "checklist": (ChecklistItem.objects.create(key="k", label_en="Label",
                                                   label_zh_hans="标签"), "label"),
        "faq": (FAQ.objects.create(question_en="Q", question_zh_hans="问", answer_en="A",
                                   answer_zh_hans="答"), "question"),
        "email": (EmailCopy.objects.create(key="case_done", subject_en="Done",
                                           subject_zh_hans="完成", body_en="B",
                                           body_zh_hans="正文"), "subject"),
    }


@pytest.mark.parametrize("which", ["carrier", "guide", "step", "checklist", "faq", "email"])
def test_every_translated_model_knows_when_its_chinese_is_out_of_date(which):
    obj, field = make_each_model()[which]
    obj = type(obj).objects.get(pk=obj.pk)
    assert obj.translation_states()[field] == "current" and not obj.chinese_needs_update

    setattr(obj, f"{field}_en", "Changed English")
    obj.save()
    obj = type(obj).objects.get(pk=obj.pk)
    assert obj.translation_states()[field] == "out_of_date" and obj.chinese_needs_update

    setattr(obj, f"{field}_zh_hans", "新的中文")
    obj.save()
    obj = type(obj).objects.get(pk=obj.pk)
    assert obj.translation_states()[field] == "current" and not obj.chinese_needs_update

    setattr(obj, f"{field}_zh_hans", "")
    obj.save()
    assert type(obj).objects.get(pk=obj.pk).translation_states()[field] == "missing"


def faq_form(faq: FAQ, **changes) -> dict:
    values = {"key": "", "question_en": faq.question_en, "question_zh_hans": faq.question_zh_hans,
              "answer_en": faq.answer_en, "answer_zh_hans": faq.answer_zh_hans, "order": 0,
              "published": "on", "source_url": "", "checked_on": ""}
    return values | changes


def test_needs_update_appears_when_the_english_changes_and_goes_when_the_chinese_is_saved(
        editor_client):
    faq = FAQ.objects.create(question_en="How long?", question_zh_hans="多久？",
                             answer_en="1–3 business days.", answer_zh_hans="1–3 个工作日。")
    changelist = reverse("admin:content_faq_changelist")
    change = reverse("admin:content_faq_change", args=[faq.pk])
    assert "Needs update" not in editor_client.get(changelist).content.decode()
    assert listed(editor_client, "admin:content_faq_changelist", "?chinese=needs_update") == set()

    response = editor_client.post(change, faq_form(faq, answer_en="2–4 business days."),
                                  follow=True)
    assert "missing or out of date in: Needs update: answer" in response.content.decode()
    assert "Needs update: answer" in editor_client.get(changelist).content.decode()
    assert listed(editor_client, "admin:content_faq_changelist",
                  "?chinese=needs_update") == {"How long?"}
    form_page = editor_client.get(change).content.decode()
    assert "the English changed after this Chinese text was saved" in form_page

    faq.refresh_from_db()
    editor_client.post(change, faq_form(faq, answer_zh_hans="2–4 个工作日。"))
    assert "Needs update" not in editor_client.get(changelist).content.decode()
    assert listed(editor_client, "admin:content_faq_changelist", "?chinese=needs_update") == set()


def test_an_emptied_chinese_step_is_shown_missing_not_silently_english(editor_client, guide):
    step = guide.steps.get()
    response = editor_client.post(reverse("admin:content_guide_change", args=[guide.pk]), {
        "title_en": "Closing", "title_zh_hans": "注销", "slug": guide.slug,
        "summary_en": "", "summary_zh_hans": "", "body_en": guide.body_en,
        "body_zh_hans": guide.body_zh_hans, "carrier": "", "order": 0, "published": "on",
        "steps-TOTAL_FORMS": 1, "steps-INITIAL_FORMS": 1, "steps-MIN_NUM_FORMS": 0,
        "steps-MAX_NUM_FORMS": 1000, "steps-0-id": step.pk, "steps-0-guide": guide.pk,
        "steps-0-order": 1, "steps-0-title_en": "Call", "steps-0-title_zh_hans": "致电",
        "steps-0-body_en": "Dial 611.", "steps-0-body_zh_hans": "",
        "steps-0-source_url": "", "steps-0-checked_on": "",
    }, follow=True)
    assert "Step 1: Missing: body" in response.content.decode()  # the warning after saving

    changelist = editor_client.get(reverse("admin:content_guide_changelist")).content.decode()
    assert "Step 1: Missing: body" in changelist
    assert listed(editor_client, "admin:content_guide_changelist",
                  "?chinese=needs_update") == {"Closing"}
    form_page = editor_client.get(reverse("admin:content_guide_change", args=[guide.pk]))
    assert "customers reading Chinese see the English text" in form_page.content.decode()


def test_marking_the_chinese_current_clears_the_mark(editor_client):
    faq = FAQ.objects.create(question_en="Q", question_zh_hans="问", answer_en="A",
                             answer_zh_hans="答")
    faq.answer_en = "A, with a typo fixed"
    faq.save()
    assert FAQ.objects.get(pk=faq.pk).chinese_needs_update
    editor_client.post(reverse("admin:content_faq_changelist"), {
        "action": "mark_chinese_current", "_selected_action": [faq.pk]})
    assert not FAQ.objects.get(pk=faq.pk).chinese_needs_update


# --- 3. Every translated field labelled with its language -------------------------------

def test_each_language_field_is_labelled_with_its_language(editor_client, guide):
    url = reverse("admin:content_guide_change", args=[guide.pk])
    page = editor_client.get(url).content.decode()
    assert ">Title [English]:</label>" in page
    assert ">Title [Simplified Chinese]:</label>" in page
    assert ">Body [Simplified Chinese]:</label>" in page  # the steps inline too
    # The tabbed script takes the language out of the labels (and needs a CDN's jQuery UI).
    assert "tabbed_translation_fields.js" not in page

    editor = EditorFactory(language="zh-hans")
    editor_client.force_login(with_totp(editor))
    page = editor_client.get(url).content.decode()
    assert ">标题 [简体中文]:</label>" in page and ">标题 [English]:</label>" in page


# --- 4. The preview is the public page ----------------------------------------------------

def test_the_preview_is_the_public_page_with_its_stylesheet(editor_client, guide):
    Guide.objects.filter(pk=guide.pk).update(published=False)  # drafts can be previewed
    change = editor_client.get(reverse("admin:content_guide_change", args=[guide.pk]))
    preview_url = reverse("admin:content_guide_preview", args=[guide.pk, "zh-hans"])
    assert preview_url in change.content.decode()

    page = editor_client.get(preview_url).content.decode()
    assert "/static/css/lineout.css" in page
    assert "admin/css/base.css" not in page
    assert '<html lang="zh-hans">' in page and 'class="site-header"' in page
    assert '<article class="guide">' in page and "<h3>致电</h3>" in page
    assert '<meta name="robots" content="noindex">' in page

    step = editor_client.get(reverse("admin:content_guidestep_change",
                                     args=[guide.steps.get().pk]))
    assert reverse("admin:content_guide_preview", args=[guide.pk, "en"]) in step.content.decode()


def test_the_preview_is_for_editors_only(client, guide):
    url = reverse("admin:content_guide_preview", args=[guide.pk, "en"])
    assert client.get(url).status_code == 302  # to sign in
    client.force_login(with_totp(AgentFactory()))
    assert client.get(url).status_code == 403


def test_an_unknown_preview_language_is_not_found(editor_client, guide):
    url = reverse("admin:content_guide_preview", args=[guide.pk, "fr"])
    assert editor_client.get(url).status_code == 404


# --- 5. The admin's language switch -------------------------------------------------------

def test_the_admin_header_switches_the_admin_language(editor_client):
    index = editor_client.get(reverse("admin:index")).content.decode()
    header = index[index.index('id="user-tools"'):index.index("</header>")]
    assert f'action="{reverse("set_language")}"' in header
    assert 'value="zh-hans"' in header and "简体中文" in header
    assert '<html lang="en"' in index

    response = editor_client.post(reverse("set_language"),
                                  {"language": "zh-hans", "next": reverse("admin:index")},
                                  follow=True)
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("admin:index")
    assert '<html lang="zh-hans"' in page
    assert "Lineout 管理" in page and "Lineout administration" not in page
    header = page[page.index('id="user-tools"'):page.index("</header>")]
    assert 'value="en"' in header and ">English<" in header


# --- Query counts of the changed admin lists ----------------------------------------------

def admin_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len([q for q in context.captured_queries
                if "lineout_cache" not in q["sql"] and "SAVEPOINT" not in q["sql"]])


def add_content(n: int, prefix: str) -> None:
    carrier = Carrier.objects.create(slug=f"{prefix}-carrier", name_en=f"{prefix} carrier")
    for i in range(n):
        guide = Guide.objects.create(slug=f"{prefix}-{i}", title_en=f"{prefix} {i}",
                                     carrier=carrier)
        GuideStep.objects.create(guide=guide, title_en="Step", source_url="https://x.example",
                                 body_en="English only")
        GuideStep.objects.create(guide=guide, title_en="Step 2", title_zh_hans="二")
        ChecklistItem.objects.create(key=f"{prefix}-{i}", label_en="Label", carrier=carrier)
        FAQ.objects.create(question_en=f"{prefix} Q{i}", answer_en="A",
                           source_url="https://x.example", checked_on=days_ago(300))


TRANSLATED_LISTS = ["guide", "guidestep", "faq", "carrier", "checklistitem", "emailcopy"]
FACT_LISTS = ["guidestep", "faq"]  # only steps and FAQ entries state carrier facts


@pytest.mark.parametrize(("model", "query"), [
    *[(model, "") for model in TRANSLATED_LISTS],
    *[(model, "?chinese=needs_update") for model in TRANSLATED_LISTS],
    *[(model, "?facts=stale") for model in FACT_LISTS],
])
def test_admin_lists_cost_the_same_queries_at_two_sizes(editor_client, model, query):
    url_name = f"admin:content_{model}_changelist"
    add_content(2, "small")
    url = reverse(url_name) + query
    small = admin_queries(editor_client, url)
    add_content(25, "large")
    assert admin_queries(editor_client, url) == small
