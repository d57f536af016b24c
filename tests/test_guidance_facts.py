"""T-Mobile's facts as T-Mobile's support pages state them ("Cancel service", "Cancel a line
of service", "Billing Responsible Party and Authorized Users"), in both languages, in every
text we ship: the initial guidance, the email copy and the built-in fallback emails. And the
operator: who runs Lineout and issues the closing confirmation, named in the footer, the
emails and the PDF, which says it is not a carrier's document.

Each check names the wrong claim the guidance once made, so it fails on that text."""

from __future__ import annotations

import io
import re
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from cases import emails
from cases.confirmation import find_font, render_confirmation, CJK_FONT_CANDIDATES
from content import initial_guidance as data
from content.initial_guidance.superseded import texts_of
from content.models import FAQ, ChecklistItem, EmailCopy, Guide
from portal.models import OutboundEmail

from .factories import CarrierFactory, CaseFactory, UserFactory

LANGUAGES = ("en", "zh_hans")
OPERATOR = "Acme Phone Help LLC"


def shipped(language: str) -> dict[str, str]:
    """Every text of the initial guidance in ``language``, by where it is."""
    return {where: text for where, text in texts_of(data).items()
            if where.endswith(f"_{language}")}


def fallback_emails(language: str) -> dict[str, str]:
    """The built-in emails (used while no EmailCopy row exists), in ``language``."""
    with translation.override("zh-hans" if language == "zh_hans" else "en"):
        return {f"fallback:{key}": f"{subject!s}\n{body!s}" for key, (subject, body)
                in {**emails.FALLBACK_COPY, **emails.REMINDER_COPY}.items()}


def everything(language: str) -> dict[str, str]:
    return {**shipped(language), **fallback_emails(language)}


def offenders(texts: dict[str, str], pattern: str) -> list[str]:
    return [where for where, text in texts.items() if re.search(pattern, text)]


def tmobile_texts(language: str) -> dict[str, str]:
    """The T-Mobile carrier notes and the T-Mobile guide with its steps."""
    return {where: text for where, text in shipped(language).items()
            if where.startswith(("carrier:t-mobile:", "guide:closing-with-t-mobile:",
                                 "step:closing-with-t-mobile:"))}


# --- How a T-Mobile line is canceled ---------------------------------------------------

OFFERS_ONLINE = {
    # "- **Online:** sign in to your account on the T-Mobile website or in the app."
    "en": r"(?i)\*\*online:\*\*|sign in or call|sign in to your (t-mobile )?account "
          r"(online|on the t-mobile website|in the (t-mobile )?app)",
    # "- **网上：**在 T-Mobile 官网或应用中登录您的账户。"
    "zh_hans": r"\*\*网上：\*\*|登录账户或致电|在.{0,12}(官网|网上).{0,12}登录",
}
SAYS_NOT_ONLINE = {
    "en": r"cannot be completed online or in the T-Mobile app",
    "zh_hans": r"无法在官网或 T-Mobile 应用中完成",
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_text_offers_to_cancel_online_or_in_the_app(language):
    assert offenders(everything(language), OFFERS_ONLINE[language]) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_tmobile_guidance_says_it_cannot_be_done_online_and_gives_the_numbers(language):
    for where in ("carrier:t-mobile:notes", "guide:closing-with-t-mobile:body"):
        text = shipped(language)[f"{where}_{language}"]
        assert re.search(SAYS_NOT_ONLINE[language], text), where
        assert "611" in text and "1-800-937-8997" in text, where
        assert ("cancel account" in text) if language == "en" else ("注销账户" in text), where


# --- When it takes effect, and the final bill -------------------------------------------

SAME_DAY_STOP = {
    # "Service stops on the closing date.", "It may include charges for part of a month.",
    # "Check that it covers only the days until closing"
    "en": r"(?i)service stops on the (closing|day)|part of a month|only the days until|"
          r"bill only runs to",
    # "服务在注销当天停止", "可能包含不足一个月的费用"
    "zh_hans": r"注销当天停止|不足一个月",
}
END_OF_CYCLE = {"en": r"end of the (current )?bill cycle", "zh_hans": r"账单周期结束"}


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_text_claims_service_and_billing_stop_on_the_day_of_closing(language):
    assert offenders(everything(language), SAME_DAY_STOP[language]) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_final_bill_guidance_says_end_of_the_bill_cycle(language):
    texts = shipped(language)
    final_bill_faq = next(where for where in texts
                          if where.startswith("faq:what-about-my-final-bill:answer"))
    for where in (final_bill_faq, f"guide:after-closing:body_{language}",
                  f"guide:closing-with-t-mobile:body_{language}",
                  f"carrier:t-mobile:notes_{language}", f"email:final_bill:body_{language}"):
        assert re.search(END_OF_CYCLE[language], texts[where]), where


# --- Who may cancel ---------------------------------------------------------------------

BRP_RULE = {
    "en": (r"Only the (\*\*)?Billing Responsible Party", r"authorized user cannot"),
    "zh_hans": (r"只有(\*\*)?主账户持有人", r"授权用户(（authorized user）)?不能"),
}
HOLDER_OR_AUTHORIZED = {
    # "I am the account holder or an authorized user on the T-Mobile account."
    "en": r"(?i)holder or an authori[sz]ed user|some authori[sz]ed users may",
    "zh_hans": r"持有人或授权用户|部分授权用户",
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_only_the_billing_responsible_party_may_cancel(language):
    texts = shipped(language)
    for where in (f"carrier:t-mobile:notes_{language}",
                  f"guide:closing-with-t-mobile:body_{language}",
                  f"checklist:tmobile_account_holder:help_{language}"):
        for pattern in BRP_RULE[language]:
            assert re.search(pattern, texts[where]), (where, pattern)
    assert offenders(texts, HOLDER_OR_AUTHORIZED[language]) == []


# --- Device payments, AutoPay, prepaid balances, unlocking ------------------------------

DUE_AT_CLOSING = {
    # "A remaining installment balance usually becomes due when the line closes"
    "en": r"(?i)becomes? due when the line (closes|is canceled)|"
          r"remaining device balance\*\* usually",
    "zh_hans": r"注销时一次性到期|在注销时.{0,6}到期",
}
EIP_KEEPS_BILLING = {"en": r"keep billing every month", "zh_hans": r"仍会按月照常收取"}


@pytest.mark.parametrize("language", LANGUAGES)
def test_device_payments_fall_due_only_when_the_whole_account_closes(language):
    texts = shipped(language)
    assert offenders(texts, DUE_AT_CLOSING[language]) == []
    for where in (f"carrier:t-mobile:notes_{language}",
                  f"guide:closing-with-t-mobile:body_{language}",
                  f"guide:before-you-close:body_{language}"):
        assert re.search(EIP_KEEPS_BILLING[language], texts[where]), where


TURN_AUTOPAY_OFF = {"en": r"(?i)turn (off AutoPay|AutoPay off)", "zh_hans": r"(再|才|然后)关闭自动扣款"}
NO_OTHER_LINE = {"en": r"no other line", "zh_hans": r"不再有其他号码|其他号码"}


@pytest.mark.parametrize("language", LANGUAGES)
def test_autopay_is_turned_off_only_when_no_other_line_remains(language):
    """Old: "Once the final bill is paid, turn off AutoPay and remove your saved card." On a
    family plan that leaves the other lines unpaid."""
    texts = shipped(language) if language == "zh_hans" else everything(language)
    for where, text in texts.items():
        for paragraph in re.split(r"\n", text):
            if re.search(TURN_AUTOPAY_OFF[language], paragraph):
                assert re.search(NO_OTHER_LINE[language], paragraph), (where, paragraph)


UNSUPPORTED = {
    # "Often, yes": prepaid refunds; "an unlock needs an **active line**"
    "en": r"(?i)often, yes|unlock[^.\n]*active line|unlock a device while the line",
    "zh_hans": r"很多情况下可以|仍在使用[^。\n]*解锁|解锁[^。\n]*仍在使用",
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_unsupported_promise_about_refunds_or_unlocking(language):
    assert offenders(shipped(language), UNSUPPORTED[language]) == []


# --- The PIN ------------------------------------------------------------------------------

TMOBILE_ASKS_PIN = {
    "en": r"T-Mobile asks the account holder for the \*\*account PIN/passcode\*\*",
    "zh_hans": r"T-Mobile 会要求账户持有人提供\*\*账户 PIN 码/密码\*\*",
}
LINEOUT_NEVER_ASKS = {"en": r"Lineout (\*\*)?never(\*\*)? asks", "zh_hans": r"Lineout (\*\*)?绝不会"}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_pin_advice_says_tmobile_asks_for_it_and_lineout_never_does(language):
    """Old: only "never give your PIN to anyone", yet T-Mobile asks for it on the call."""
    texts = shipped(language)
    pin_faq = f"faq:will-you-ask-for-my-carrier-password-or-pin:answer_{language}"
    tmobile = (f"carrier:t-mobile:notes_{language}",
               f"guide:closing-with-t-mobile:body_{language}")
    for where in (pin_faq, *tmobile):
        assert re.search(TMOBILE_ASKS_PIN[language], texts[where]), where
    for where in tmobile:
        assert re.search(LINEOUT_NEVER_ASKS[language], texts[where]), where


# --- Who does what -----------------------------------------------------------------------

AGENT_CLOSES_THE_LINE = {
    # "An agent will check your identity and your account", "We could not close the line"
    "en": r"(?i)check your identity and your account|will check your account|"
          r"could not close the|has not been closed through Lineout",
    "zh_hans": r"并未通过 Lineout 注销",
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_emails_do_not_claim_that_lineout_closes_the_line(language):
    assert offenders(everything(language), AGENT_CLOSES_THE_LINE[language]) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_guide_and_the_first_email_say_who_does_what(language):
    texts = shipped(language)
    guide = texts[f"guide:closing-with-t-mobile:body_{language}"]
    submitted = texts[f"email:case_submitted:body_{language}"]
    if language == "en":
        assert "## Who does what" in guide and "do not call T-Mobile for you" in guide
        assert "Who does what" in submitted and "they do not call {carrier} for you" in submitted
    else:
        assert "## 谁做什么" in guide and "不会替您致电 T-Mobile" in guide
        assert "谁做什么" in submitted and "不会替您致电 {carrier}" in submitted
    fallback = fallback_emails(language)["fallback:case_submitted"]
    assert "{carrier}" in fallback.split("\n", 1)[1]


# --- load_guidance brings rows nobody edited up to date ------------------------------------

OLD_FINAL_BILL_ANSWER = (
    "The carrier sends a **final bill** after the last billing cycle ends, often a few weeks "
    "after closing. It may include part of a month and any remaining device balance. Keep "
    "AutoPay on until it is paid. We send you a reminder when it is due.")
OLD_HOLDER_LABEL_ZH = "我是该 T-Mobile 账户的持有人或授权用户。"


@pytest.mark.django_db
def test_load_guidance_corrects_old_shipped_text_and_keeps_editors_text():
    call_command("load_guidance", stdout=StringIO())
    faq = FAQ.objects.get(key="what-about-my-final-bill")
    faq.answer_en = OLD_FINAL_BILL_ANSWER
    faq.save()
    item = ChecklistItem.objects.get(key="tmobile_account_holder")
    item.label_zh_hans = OLD_HOLDER_LABEL_ZH
    item.label_en = "An editor's own label."
    item.save()
    guide = Guide.objects.get(slug="after-closing")
    guide.body_en = "## Edited\n\nService stops on the closing date, an editor wrote."
    guide.save()

    out = StringIO()
    call_command("load_guidance", stdout=out)

    assert "0 rows created" in out.getvalue() and "2 rows updated" in out.getvalue()
    faq.refresh_from_db()
    assert faq.answer_en == data.FAQS[4]["answer"]["en"]
    item.refresh_from_db()
    assert item.label_zh_hans == data.CHECKLIST_ITEMS[7]["label"]["zh_hans"]
    assert item.label_en == "An editor's own label."  # an editor's text is theirs
    guide.refresh_from_db()
    assert guide.body_en.startswith("## Edited")

    again = StringIO()
    call_command("load_guidance", stdout=again)
    assert "0 rows created" in again.getvalue() and "0 rows updated" in again.getvalue()


# --- The operator: footer, emails, PDF ----------------------------------------------------

@pytest.mark.django_db
@override_settings(OPERATOR_NAME=OPERATOR)
@pytest.mark.parametrize("accept,expected", [
    ("en", f"Operator: {OPERATOR}. Lineout is not part of T-Mobile or any other carrier."),
    ("zh-hans", f"运营方：{OPERATOR}。Lineout 不隶属于 T-Mobile 或任何其他运营商。"),
])
def test_the_footer_names_the_operator_and_links_the_privacy_notice(client, accept, expected):
    page = client.get(reverse("content:faq"), HTTP_ACCEPT_LANGUAGE=accept).content.decode()
    footer = page.split('<footer class="site-footer">', 1)[1]
    assert expected in footer
    assert f'href="{reverse("content:privacy")}"' in footer


@pytest.mark.django_db
@override_settings(OPERATOR_NAME=OPERATOR)
@pytest.mark.parametrize("language,line", [("en", f"Operator: {OPERATOR}"),
                                           ("zh-hans", f"运营方：{OPERATOR}")])
def test_every_email_is_signed_with_the_operator(language, line):
    case = CaseFactory(owner=UserFactory(language=language), carrier=CarrierFactory(),
                       state="submitted")
    emails.queue_status_email(case, EmailCopy.Key.CASE_SUBMITTED)  # the built-in copy
    call_command("load_guidance", stdout=StringIO())
    emails.queue_status_email(case, EmailCopy.Key.CASE_SUBMITTED)  # the editors' copy
    sent = list(OutboundEmail.objects.order_by("pk"))
    assert len(sent) == 2
    for email in sent:
        assert email.body_text.rstrip().endswith(line), email.body_text
        assert line in email.body_html


def pdf_text(pdf: bytes) -> str:
    """The PDF's text as a reader sees it (fpdf2's ToUnicode map pads each character with a
    NUL, which pypdf keeps)."""
    pages = PdfReader(io.BytesIO(pdf)).pages
    return " ".join((page.extract_text() or "") for page in pages).replace("\x00", "")


@pytest.mark.django_db
@override_settings(OPERATOR_NAME=OPERATOR)
@pytest.mark.parametrize("language,expected", [
    ("en", [f"Issued by {OPERATOR}", "it is not a T-Mobile document.",
            "Also keep T-Mobile's own confirmation number, text or email."]),
    ("zh-hans", [f"出具方：{OPERATOR}", "不是 T-Mobile 的文件",
                 "请同时保留 T-Mobile 自己的受理编号、短信或邮件"]),
])
def test_the_confirmation_pdf_names_the_operator_and_is_not_a_carrier_document(language,
                                                                               expected):
    if language != "en" and not find_font(CJK_FONT_CANDIDATES).embedded:
        pytest.skip("no CJK font installed: the confirmation falls back to English")
    case = CaseFactory(owner=UserFactory(language=language),
                       carrier=CarrierFactory(name_en="T-Mobile", name_zh_hans="T-Mobile"),
                       state="done")
    # Compared without white space: where a line wraps depends on the font and the name.
    text = "".join(pdf_text(render_confirmation(case)).split())
    for phrase in expected:
        assert "".join(phrase.split()) in text, (phrase, text)
    assert case.reference in text


# --- The privacy notice and the money in emails --------------------------------------------

@pytest.mark.django_db
@override_settings(DOCUMENT_RETENTION_DAYS=45, OPERATOR_NAME=OPERATOR)
@pytest.mark.parametrize("accept,expected", [
    ("en", ["Why we ask for an ID scan", "Only you and the agents verifying your case",
            "45 days after your case is closed", "draft", OPERATOR]),
    ("zh-hans", ["我们为什么需要身份证件扫描件", "只有您本人和核实您申请的客服专员",
                 "45 天后", "草稿", OPERATOR]),
])
def test_the_privacy_notice_says_why_who_and_when(client, accept, expected):
    page = client.get(reverse("content:privacy"), HTTP_ACCEPT_LANGUAGE=accept)
    assert page.status_code == 200
    text = page.content.decode()
    for phrase in expected:
        assert phrase in text, phrase


@pytest.mark.django_db
def test_the_upload_field_links_the_privacy_notice(client):
    case = CaseFactory()
    client.force_login(case.owner)
    page = client.get(case.get_absolute_url()).content.decode()
    upload = page.split('id="upload-privacy"', 1)[1].split("</p>", 1)[0]
    assert f'href="{reverse("content:privacy")}"' in upload


@pytest.mark.django_db
@pytest.mark.parametrize("language,expected", [("en", "$25.00"), ("zh-hans", "25.00 美元")])
def test_the_balance_in_emails_carries_its_currency(language, expected):
    case = CaseFactory(owner=UserFactory(language=language), prepaid_balance=Decimal("25"))
    with translation.override(language):
        assert emails.status_context(case)["balance"] == expected


@pytest.mark.django_db
@pytest.mark.parametrize("state,expected", [
    ("verifying", "You cancel the line yourself by calling T-Mobile"),
    ("done", "We have recorded the cancellation of the line."),
])
def test_the_case_page_says_the_customer_cancels_with_the_carrier(client, state, expected):
    """Old: "An agent is checking your identity and your account. We email you as soon as
    the line is closed", as if Lineout closed it."""
    case = CaseFactory(carrier=CarrierFactory(name_en="T-Mobile", name_zh_hans="T-Mobile"),
                       state=state)
    client.force_login(case.owner)
    page = client.get(case.get_absolute_url()).content.decode()
    assert expected in page
    assert "your identity and your account" not in page
