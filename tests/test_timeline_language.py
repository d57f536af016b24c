"""The timeline reads in the reader's language: the portal's own lines are stored as what
happened (a code and its parameters) and worded when shown, while people's words stay as
written. Checked on the customer's page and the desk's page, and for every code."""

from __future__ import annotations

import html
import importlib
import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from cases import retention, services, timeline
from cases.models import Case, CaseEvent, Document
from cases.uploads import CleanDocument
from tests.factories import PDF_BYTES, AgentFactory, CarrierFactory, UserFactory, with_totp

pytestmark = pytest.mark.django_db

# People's words: shown as written, whatever the reader's language.
QUESTION = "Please upload page 2 of the bill."
ANSWER = "Here it is: page 2."
AGENT_MESSAGE = "Thanks, all good now."
NOTE = "Checked the bill against the ID."
FREE_TEXT = (QUESTION, ANSWER, AGENT_MESSAGE, NOTE)
FILE_NAME = "scan.pdf"

CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
LATIN = re.compile(r"[A-Za-z]")
OTHER_LANGUAGE = {"en": "zh-hans", "zh-hans": "en"}


def clean_pdf(marker: bytes) -> CleanDocument:
    content = PDF_BYTES + b"% " + marker + b"\n"
    return CleanDocument(content=content, content_type="application/pdf", extension="pdf",
                         sha256=marker.hex().ljust(64, "0")[:64])


def journey(customer, agent, other_agent, carrier) -> Case:
    """One case with every kind of event: opened, details, a document, submitted, review,
    assigned (by another agent and back), a question and its answer, a message, an
    internal note, done, and its documents deleted after retention."""
    case = services.open_case(owner=customer, case=Case(carrier=carrier,
                                                         phone_number="+12025550143"))
    services.update_details(case=case, by=customer,
                            changes=Case(carrier=carrier, phone_number="+12025550143",
                                         reason="Moving"))
    services.add_document(case=case, by=customer, kind=Document.Kind.ID_SCAN,
                          clean=clean_pdf(b"id"), original_name=FILE_NAME)
    case.submit(by=customer)
    case.start_verification(by=agent)
    services.assign_to_agent(case, agent=other_agent, by=agent)
    services.assign_to_agent(case, agent=agent)
    case.request_info(by=agent, message=QUESTION)
    case.add_message(by=customer, text=ANSWER)
    case.add_message(by=agent, text=AGENT_MESSAGE)
    case.add_note(by=agent, message=NOTE)
    case.complete(by=agent)
    retention._purge_case(case.pk, timezone.now())
    return case


def expired_draft(customer, carrier) -> Case:
    """A draft the portal withdrew, and its documents deleted at once."""
    case = services.open_case(owner=customer, case=Case(carrier=carrier,
                                                         phone_number="+12025550199"))
    services.add_document(case=case, by=customer, kind=Document.Kind.ID_SCAN,
                          clean=clean_pdf(b"draft"), original_name=FILE_NAME)
    case.expire(by=None, untouched_since=timezone.now() + timedelta(seconds=1))
    retention._purge_case(case.pk, timezone.now(), expired_draft=True)
    return case


def timeline_text(page: str) -> str:
    block = re.search(r'<ol class="timeline">(.*?)</ol>', page, re.S)
    assert block, "no timeline on the page"
    text = html.unescape(re.sub(r"<[^>]+>", " ", block.group(1)))
    return " ".join(text.split())


def without_peoples_words(text: str) -> str:
    for words in (*FREE_TEXT, FILE_NAME):
        text = text.replace(words, " ")
    return re.sub(r"\S+@\S+", " ", text)  # agents' and customers' addresses on the desk


def assert_reads_in(language: str, text: str) -> None:
    if language == "en":
        assert not CJK.findall(text), text
    else:
        assert not LATIN.findall(text), text
        assert CJK.findall(text)


@pytest.mark.parametrize("reader_language", ["en", "zh-hans"])
def test_the_timeline_reads_in_the_readers_language_on_both_pages(reader_language, settings):
    carrier = CarrierFactory(name="T-Mobile", country="US")
    customer = UserFactory(language=reader_language, email="casey@example.com")
    agent = with_totp(AgentFactory(language=reader_language, email="avery@example.com"))
    other_agent = with_totp(AgentFactory(email="blake@example.com"))
    # Everything happened while the pages were in the other language.
    with translation.override(OTHER_LANGUAGE[reader_language]):
        case = journey(customer, agent, other_agent, carrier)
        draft = expired_draft(customer, carrier)
    codes = set(CaseEvent.objects.exclude(code="").values_list("code", flat=True))
    assert codes == set(timeline.Code.values) - {timeline.Code.DOCUMENTS_PURGED_ACCOUNT}

    customer_client, agent_client = Client(), Client()
    customer_client.force_login(customer)
    agent_client.force_login(agent)
    pages = [customer_client.get(c.get_absolute_url()).content.decode() for c in (case, draft)]
    pages += [agent_client.get(reverse("desk:case", args=[case.reference])).content.decode()]
    for page in pages:
        text = timeline_text(page)
        assert_reads_in(reader_language, without_peoples_words(text))
    customer_page, _draft_page, desk_page = (timeline_text(page) for page in pages)
    for words in (QUESTION, ANSWER, AGENT_MESSAGE):
        assert words in customer_page and words in desk_page
    assert NOTE in desk_page and NOTE not in customer_page
    with translation.override(reader_language):
        assert translation.gettext("Document added: %(name)s") % {"name": FILE_NAME} \
            in customer_page


@pytest.mark.parametrize("code", timeline.Code.values)
def test_every_system_line_has_its_words_in_both_languages(code):
    params = {"name": "scan.pdf", "agent": "a@example.com", "by": "b@example.com", "days": 30}
    with translation.override("en"):
        english = timeline.wording(code, params)
    with translation.override("zh-hans"):
        chinese = timeline.wording(code, params)
    assert english and not CJK.findall(english)
    assert CJK.findall(chinese)
    assert not LATIN.findall(re.sub(r"\S+@\S+|scan\.pdf", "", chinese)), chinese


def test_an_unknown_code_or_missing_parameter_shows_nothing_rather_than_failing():
    assert CaseEvent(code="from_a_newer_release").text == ""
    assert CaseEvent(code=timeline.Code.DOCUMENT_ADDED, params={}).text == ""
    assert CaseEvent(message="As written.").text == "As written."


migration = importlib.import_module("cases.migrations.0012_case_event_code")


@pytest.mark.parametrize("kind,has_actor,message,expected", [
    ("system", True, "Case opened.", ("case_opened", {})),
    ("system", True, "申请已创建。", ("case_opened", {})),
    ("system", True, "详情已更新。", ("details_updated", {})),
    ("document", True, "已添加文件：scan.pdf", ("document_added", {"name": "scan.pdf"})),
    ("document", True, "Document added: my bill.pdf", ("document_added", {"name": "my bill.pdf"})),
    ("note", True, "Assigned the case to a@example.com.", ("assigned_self", {"agent": "a@example.com"})),
    ("note", True, "b@example.com 已将此申请分配给 a@example.com。",
     ("assigned_by", {"by": "b@example.com", "agent": "a@example.com"})),
    ("transition", False, "此草稿已自动撤回：已连续 60 天没有任何更改。", ("draft_expired", {"days": 60})),
    ("system", False, "Your documents were deleted 1 day after the case closed, as promised.",
     ("documents_purged", {"days": 1})),
    ("system", False, "您的文件已立即删除：此草稿在审核之前就已撤回。", ("documents_purged_draft", {})),
    # People's words that happen to look like a system line stay as written.
    ("message", True, "Case opened.", None),
    ("note", True, "Case opened.", None),
    ("transition", True, "The draft was withdrawn automatically: it had no changes for 3 days.",
     None),
])
def test_the_migration_recognizes_the_old_system_lines_in_either_language(
        kind, has_actor, message, expected):
    assert migration.recognize(kind, has_actor, message) == expected


def test_the_migration_turns_stored_sentences_into_codes(customer):
    from django.apps import apps

    case = services.open_case(owner=customer, case=Case(carrier=CarrierFactory(),
                                                         phone_number="+12025550143"))
    CaseEvent.objects.filter(case=case).update(code="", message="已添加文件：x.pdf",
                                               kind="document")
    case.events.create(actor=customer, kind="message", message="Case opened.")
    migration.to_codes(apps, None)
    coded, message = case.events.order_by("pk")
    assert (coded.code, coded.params, coded.message) == ("document_added", {"name": "x.pdf"}, "")
    assert (message.code, message.message) == ("", "Case opened.")
    with translation.override("en"):
        assert coded.text == "Document added: x.pdf"
