"""Every email the portal writes links to one address, SITE_URL, whichever host a request
came in on: status emails, reminders, messages, the agents' emails, staff invitations and
allauth's account emails."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cases import drafts, reminder_delivery
from cases.models import Reminder
from portal.models import OutboundEmail
from staff_invites import services as staff_invites
from tests.factories import AgentFactory, CarrierFactory, CaseFactory, UserFactory, with_totp

pytestmark = pytest.mark.django_db

SITE_URL = "http://127.0.0.1:18400"
PASSWORD = "amber-canyon-whistle-77"
LINK = re.compile(r"""https?://[^\s"'<>)]+""")


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE_URL
    settings.ALLOWED_HOSTS = ["localhost", "testserver"]


def account_emails() -> None:
    """The account emails, asked for on another host than SITE_URL's (``make run`` behind
    a name, or a proxy)."""
    visitor = Client(HTTP_HOST="localhost:8000")
    visitor.post(reverse("account_signup"), {"email": "new@example.com",
                                             "password1": PASSWORD, "password2": PASSWORD})
    owner = UserFactory(email="owner@example.com")
    visitor.post(reverse("account_signup"), {"email": owner.email, "password1": PASSWORD,
                                             "password2": PASSWORD})
    visitor.post(reverse("account_reset_password"), {"email": owner.email})
    visitor.post(reverse("account_reset_password"), {"email": "nobody@example.com"})


def case_emails() -> None:
    """Every move's status email, messages both ways, and the agents' emails."""
    carrier = CarrierFactory(country="US")
    agent = with_totp(AgentFactory())
    customer = UserFactory()
    case = CaseFactory(owner=customer, carrier=carrier, ready_to_submit=True,
                       prepaid_balance=Decimal("12.50"), billing_cycle_day=5)
    case.submit(by=customer)
    case.start_verification(by=agent)
    case.request_info(by=agent, message="Please upload page 2.")
    case.add_message(by=customer, text="Here it is.")       # the answer, to the agent
    case.add_message(by=agent, text="Thanks.")              # to the customer
    case.add_message(by=customer, text="Anything else?")    # to the agent
    case.complete(by=agent)
    rejected = CaseFactory(owner=customer, carrier=carrier, state="verifying")
    rejected.reject(by=agent, reason="The name does not match.")
    CaseFactory(owner=customer, carrier=carrier, state="submitted").withdraw(by=customer)
    stale = CaseFactory(owner=customer, carrier=carrier)
    stale.expire(by=None, untouched_since=timezone.now() + timedelta(seconds=1))


def reminder_emails() -> None:
    """One of each reminder kind, sent when due (the overdue one also tells the agents)."""
    carrier = CarrierFactory(country="US")
    agent = with_totp(AgentFactory())
    customer = UserFactory()
    review = CaseFactory(owner=customer, carrier=carrier, state="submitted")
    review.start_verification(by=agent)
    asked = CaseFactory(owner=customer, carrier=carrier, state="verifying")
    asked.request_info(by=agent, message="Which line?")
    done = CaseFactory(owner=customer, carrier=carrier, state="verifying",
                       prepaid_balance=Decimal("5.00"))
    done.complete(by=agent)
    draft = CaseFactory(owner=customer, carrier=carrier)
    drafts.sweep(now=timezone.now() + timedelta(days=31))
    kinds = set()
    for reminder in Reminder.objects.filter(status=Reminder.Status.PENDING).order_by("due_at"):
        assert reminder_delivery.send(reminder.pk, now=reminder.due_at) == "sent", reminder.kind
        kinds.add(reminder.kind)
    assert kinds == set(Reminder.Kind.values), kinds
    assert draft.reminders.exists()


def staff_emails() -> None:
    user, _created = staff_invites.prepare_staff_account(email="new-agent@example.com",
                                                         groups=["Agents"])
    staff_invites.invite(user=user)


def test_every_email_links_only_to_the_site_url():
    account_emails()
    case_emails()
    reminder_emails()
    staff_emails()
    emails = list(OutboundEmail.objects.all())
    kinds = {email.kind for email in emails}
    assert {"account/email/email_confirmation_signup", "account/email/account_already_exists",
            "account/email/password_reset_key", "account/email/unknown_account",
            "case/case_submitted", "case/case_done", "case/message_to_customer",
            "case/message_to_agent", "reminder/review_overdue_agent",
            "reminder/final_bill"} <= kinds, kinds
    checked = 0
    for email in emails:
        links = LINK.findall(email.body_text) + LINK.findall(email.body_html)
        links += [value.strip("<>") for name, value in email.headers.items()
                  if name == "List-Unsubscribe"]
        assert links, email.kind  # every email leads somewhere
        for link in links:
            assert link.startswith(SITE_URL + "/"), (email.kind, link)
            checked += 1
    assert checked > len(emails)


def test_allauths_links_leave_the_requests_host_behind():
    account_emails()
    bodies = " ".join(OutboundEmail.objects.values_list("body_text", flat=True))
    assert "localhost:8000" not in bodies and "testserver" not in bodies
    assert f"{SITE_URL}/accounts/confirm-email/" in bodies
    assert f"{SITE_URL}/accounts/password/reset/key/" in bodies
    assert f"{SITE_URL}/accounts/signup/" in bodies
