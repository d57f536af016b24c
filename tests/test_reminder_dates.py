"""A review reminder never promises a date that has passed: time travelled over the whole
review window, every day, with holidays, in both languages, with the built-in words and
with the editors' copy."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import formats, timezone, translation

from cases import emails, reminder_delivery
from cases.models import Case, Reminder
from content.initial_guidance import EMAIL_COPY
from content.models import EmailCopy

from .factories import AgentFactory, CarrierFactory, CaseFactory, UserFactory

pytestmark = pytest.mark.django_db

NEW_YORK = ZoneInfo("America/New_York")
REVIEW_KINDS = (Reminder.Kind.REVIEW_FOLLOW_UP, Reminder.Kind.REVIEW_OVERDUE)


def load_editors_copy() -> None:
    for item in EMAIL_COPY:
        EmailCopy.objects.create(
            key=item["key"],
            **{f"subject_{lang}": text for lang, text in item["subject"].items()},
            **{f"body_{lang}": text for lang, text in item["body"].items()})


def case_entering_review(language: str, moment: datetime) -> Case:
    owner = UserFactory(language=language, timezone="America/New_York")
    case = CaseFactory(owner=owner, carrier=CarrierFactory(country="US"), state="submitted")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(timezone, "now", lambda: moment)
        case.start_verification(by=AgentFactory())
    return case


def date_words(day: date, language: str) -> set[str]:
    """How ``day`` can read in an email in ``language``."""
    with translation.override(language):
        return {formats.date_format(day, "DATE_FORMAT"),
                formats.date_format(day, "SHORT_DATE_FORMAT")}


def rendered(reminder: Reminder, now: datetime) -> str:
    message = emails.build_reminder_email(reminder, unsubscribe_url="http://x/u/", now=now)
    return "\n".join([message.subject, message.body, message.alternatives[0][0]])


@pytest.mark.parametrize("copy", ["built-in", "editors"])
@pytest.mark.parametrize("language", ["en", "zh-hans"])
# Before Thanksgiving (Thu 26 Nov 2026, then a Friday) and before Christmas.
@pytest.mark.parametrize("entered", [datetime(2026, 11, 24, 15, 0, tzinfo=NEW_YORK),
                                     datetime(2026, 12, 23, 10, 0, tzinfo=NEW_YORK)])
def test_review_reminders_never_name_a_past_date(language, copy, entered):
    if copy == "editors":
        load_editors_copy()
    case = case_entering_review(language, entered)
    expected_end = case.expected_review_end()
    reminders = list(case.reminders.filter(kind__in=REVIEW_KINDS))
    assert len(reminders) == 2
    first_day = entered.date()
    promised_on_time = 0
    for offset in range(0, 21):  # from day 0 to well past overdue, every day
        send_day = first_day + timedelta(days=offset)
        for hour in (time(0, 5), time(9, 0), time(23, 55)):
            now = datetime.combine(send_day, hour, tzinfo=NEW_YORK)
            past = set().union(*(date_words(first_day + timedelta(days=back), language)
                                 for back in range(-5, offset)))
            for reminder in reminders:
                text = rendered(reminder, now)
                named = sorted(word for word in past if word in text)
                assert not named, (reminder.kind, send_day, named)
                if send_day <= expected_end and reminder.kind == "review_follow_up":
                    # Until the expected end, the follow-up still names it.
                    assert any(word in text for word in date_words(expected_end, language))
                    promised_on_time += 1
    assert promised_on_time > 0


@pytest.mark.parametrize("language,late_words", [
    ("en", "taking longer"), ("zh-hans", "比预期长")])
def test_a_follow_up_written_after_the_expected_end_says_review_is_taking_longer(
        language, late_words):
    load_editors_copy()
    case = case_entering_review(language, datetime(2026, 12, 1, 10, 0, tzinfo=NEW_YORK))
    follow_up = case.reminders.get(kind="review_follow_up")
    # The expected end is Fri 4 December; written on Mon 7 December.
    assert case.expected_review_end() == date(2026, 12, 4)
    text = rendered(follow_up, datetime(2026, 12, 7, 9, 0, tzinfo=NEW_YORK))
    assert late_words in text
    assert not any(word in text for word in date_words(date(2026, 12, 4), language))


def test_editors_overdue_copy_naming_the_expected_date_gives_way_to_the_built_in_words():
    EmailCopy.objects.create(key="review_overdue", subject_en="Late: {reference}",
                             body_en="We said {expected_by}. Sorry.")
    case = case_entering_review("en", datetime(2026, 12, 1, 10, 0, tzinfo=NEW_YORK))
    overdue = case.reminders.get(kind="review_overdue")
    text = rendered(overdue, datetime(2026, 12, 8, 9, 0, tzinfo=NEW_YORK))
    assert "We said" not in text
    assert "taking longer than 3 business days" in text


def test_a_follow_up_sent_late_beside_the_overdue_reminder_is_not_sent(mailoutbox):
    """The 7 December email: beat was down from 1 to 7 December, so both review reminders
    fell due together. The customer gets one email, and it says review is taking longer."""
    case = case_entering_review("en", datetime(2026, 12, 1, 10, 0, tzinfo=NEW_YORK))
    now = datetime(2026, 12, 7, 9, 0, tzinfo=NEW_YORK)
    reminder_delivery.send_in_process(
        case.reminders.order_by("due_at").values_list("pk", flat=True), now=now)
    follow_up = case.reminders.get(kind="review_follow_up")
    assert follow_up.status == Reminder.Status.CANCELLED
    assert "superseded" in follow_up.last_error
    assert case.reminders.get(kind="review_overdue").status == Reminder.Status.SENT


def test_a_follow_up_on_time_is_sent_and_names_the_expected_end(mailoutbox):
    case = case_entering_review("en", datetime(2026, 12, 1, 10, 0, tzinfo=NEW_YORK))
    follow_up = case.reminders.get(kind="review_follow_up")
    assert reminder_delivery.send(follow_up.pk, now=follow_up.due_at) == "sent"
    follow_up.refresh_from_db()
    assert formats.date_format(date(2026, 12, 4), "DATE_FORMAT") in follow_up.email.body_text


@pytest.mark.parametrize("language,late_words", [
    ("en", "taking longer"), ("zh-hans", "审核时间已超过")])
def test_the_case_page_after_the_expected_end_shows_no_past_date(client, language, late_words):
    case = case_entering_review(language, datetime(2026, 12, 1, 10, 0, tzinfo=NEW_YORK))
    client.force_login(case.owner)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(timezone, "now", lambda: datetime(2026, 12, 7, 9, 0, tzinfo=NEW_YORK))
        page = client.get(case.get_absolute_url()).content.decode()
    assert late_words in page
    assert not any(word in page for word in date_words(date(2026, 12, 4), language))
