"""Sign-in by an emailed code, links from emails that land where they point, "Your data"
(the JSON download and the account's deletion), signed-in sessions and the staff gate on
passkeys. Browser journeys are in test_browser_accounts_data.py."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
import time_machine
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.contrib import auth
from django.contrib.messages import get_messages
from django.core.files.storage import storages
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts_data import deletion
from accounts_data.links import came_from_email
from cases import retention
from cases.models import AccessRecord, Case, CaseEvent, Document, Reminder
from portal.models import OutboundEmail, User
from staff_invites import grants
from tests.factories import (DEFAULT_PASSWORD, AgentFactory, CaseFactory, DocumentFactory,
                             UserFactory, with_totp)

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

LOGIN_URL = reverse("account_login")
REQUEST_CODE_URL = reverse("account_request_login_code")
CONFIRM_CODE_URL = reverse("account_confirm_login_code")
DATA_URL = reverse("accounts_data:index")
EXPORT_URL = reverse("accounts_data:export")
DELETE_URL = reverse("accounts_data:delete")
REAUTH_URL = reverse("account_reauthenticate")

CODE_GONE_EN = "That sign-in code has expired or was already used."
CODE_GONE_ZH = "该登录码已过期或已被使用"
TOO_MANY_CODES_EN = "Too many sign-in codes were asked for this address or from this connection."
TOO_MANY_CODES_ZH = "此地址或此网络连接索取的登录码过多"
INCORRECT_CODE_EN = "Incorrect code."
REAUTH_FIRST_EN = "To delete your account, first confirm it is you. Nothing was deleted."
REAUTH_FIRST_ZH = "删除账户前，请先确认是您本人。没有删除任何内容。"


def is_signed_in(client: Client) -> bool:
    return auth.get_user(client).is_authenticated


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def code_in(message) -> str:
    """The sign-in code in the email's text: the line that holds only the code."""
    lines = [line.strip() for line in message.body.splitlines()]
    [code] = [line for line in lines if re.fullmatch(r"[A-Z0-9-]{6,9}", line)]
    return code


def ask_for_code(client: Client, email: str, next_url: str = "", **headers):
    url = REQUEST_CODE_URL + (f"?next={next_url}" if next_url else "")
    return client.post(url, {"email": email, "next": next_url} if next_url else {"email": email},
                       **headers)


@pytest.fixture
def case(customer, carrier):
    return CaseFactory(owner=customer, carrier=carrier, state=Case.State.VERIFYING)


# --- Sign-in by a code ----------------------------------------------------------------------


def test_customer_signs_in_with_an_emailed_code_and_lands_on_the_case_the_email_named(
        client, customer, case, deliver_outbox):
    case_link = case.get_absolute_url() + "?via=email"
    response = client.get(case_link)
    assert response.status_code == 302
    login_page = client.get(response["Location"]).content.decode()
    # From an email, the code comes first: its form stands before the password's.
    assert login_page.index('id="code-first-form"') < login_page.index('name="password"')

    response = ask_for_code(client, customer.email, next_url=case_link)
    assert response.status_code == 302
    assert response["Location"].startswith(CONFIRM_CODE_URL)
    assert not is_signed_in(client)
    row = OutboundEmail.objects.get(kind="account/email/login_code")
    assert row.recipient == customer and row.to == [customer.email]
    [message] = deliver_outbox()
    assert "Here is the code you asked for to sign in" in message.body

    response = client.post(response["Location"], {"code": code_in(message), "next": case_link})
    assert response.status_code == 302
    assert response["Location"] == case_link
    assert is_signed_in(client)
    assert client.get(case_link).status_code == 200


def test_the_code_email_is_written_in_the_customers_language(client, deliver_outbox):
    customer = UserFactory(email="mei@example.com", language="zh-hans")
    ask_for_code(client, customer.email, HTTP_ACCEPT_LANGUAGE="en")
    [message] = deliver_outbox()
    assert "登录码" in message.subject
    assert "这是您索取的登录码" in message.body


def test_a_password_sign_in_from_an_email_link_lands_on_the_case(client, customer, case):
    case_link = case.get_absolute_url() + "?via=email"
    login_url = client.get(case_link)["Location"]
    response = client.post(login_url, {"login": customer.email, "password": DEFAULT_PASSWORD,
                                       "next": case_link})
    assert response.status_code == 302 and response["Location"] == case_link


def test_login_page_offers_the_password_first_when_not_from_an_email(client):
    page = client.get(LOGIN_URL + "?next=/cases/").content.decode()
    assert 'id="code-first-form"' not in page
    assert "Email me a sign-in code" in page
    assert "Sign in with a passkey" in page


def test_links_in_case_emails_say_they_come_from_an_email(customer, carrier, deliver_outbox):
    draft = CaseFactory(owner=customer, carrier=carrier, ready_to_submit=True)
    draft.submit(by=customer)
    [message] = deliver_outbox()
    link = re.search(r"https?://\S+/cases/\S+", message.body).group(0)
    assert link.endswith(f"/cases/{draft.reference}/?via=email")
    assert came_from_email(link) and not came_from_email(f"/cases/{draft.reference}/")


def test_an_expired_code_is_refused_with_a_clear_message(client, customer, deliver_outbox):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        ask_for_code(client, customer.email)
        [message] = deliver_outbox()
        traveller.shift(timedelta(minutes=10, seconds=5))
        response = client.post(CONFIRM_CODE_URL, {"code": code_in(message)})
    assert response.status_code == 302
    assert response["Location"] == REQUEST_CODE_URL
    assert any(CODE_GONE_EN in text for text in messages_of(response))
    assert not is_signed_in(client)


def test_a_code_works_once(client, customer, deliver_outbox):
    ask_for_code(client, customer.email)
    [message] = deliver_outbox()
    code = code_in(message)
    client.post(CONFIRM_CODE_URL, {"code": code})
    assert is_signed_in(client)
    client.post(reverse("account_logout"))
    assert not is_signed_in(client)

    response = client.post(CONFIRM_CODE_URL, {"code": code}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 302
    assert any(CODE_GONE_ZH in text for text in messages_of(response))
    assert not is_signed_in(client)


def test_a_code_sent_to_another_address_does_not_sign_in(client, customer, second_customer,
                                                         deliver_outbox):
    # The attacker asks for the customer's code, then types the one sent to their own
    # address (asked for in another browser).
    other_browser = Client()
    ask_for_code(other_browser, second_customer.email)
    ask_for_code(client, customer.email)
    sent = deliver_outbox()
    [own_code] = [code_in(m) for m in sent if m.to == [second_customer.email]]
    response = client.post(CONFIRM_CODE_URL, {"code": own_code})
    assert response.status_code == 200
    assert INCORRECT_CODE_EN in response.content.decode()
    assert not is_signed_in(client)
    assert not auth.get_user(client).pk


def test_codes_for_one_address_are_limited(customer):
    # Three browsers (or a script with fresh cookies) ask for the same address.
    for _ in range(3):
        assert ask_for_code(Client(), customer.email).status_code == 302
    response = ask_for_code(Client(), customer.email, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 200
    assert TOO_MANY_CODES_ZH in response.content.decode()
    assert OutboundEmail.objects.filter(kind="account/email/login_code").count() == 3


def test_codes_from_one_client_are_limited(client):
    for n in range(20):
        UserFactory(email=f"neighbour{n}@example.com")
        assert ask_for_code(Client(), f"neighbour{n}@example.com").status_code == 302
    UserFactory(email="last@example.com")
    response = ask_for_code(client, "last@example.com")
    assert response.status_code == 200
    assert TOO_MANY_CODES_EN in response.content.decode()
    assert not OutboundEmail.objects.filter(to=["last@example.com"]).exists()


# --- Passkeys: the staff gate, the settings page ---------------------------------------------


def test_staff_cannot_add_a_passkey_without_an_enrolment_invitation(client):
    staff = AgentFactory()
    client.force_login(staff)
    response = client.get(reverse("mfa_add_webauthn"))
    assert response.status_code == 403
    assert not Authenticator.objects.filter(user=staff).exists()


def test_staff_with_an_invitation_grant_may_add_a_passkey(client):
    staff = AgentFactory()
    client.force_login(staff)
    session = client.session
    session[grants.GRANT_SESSION_KEY] = {"user": staff.pk, "until": timezone.now().timestamp()
                                         + 600}
    session.save()
    response = client.get(reverse("mfa_add_webauthn"))
    # Past the gate: allauth's own page (or its request to confirm the password first).
    assert response.status_code in (200, 302)
    if response.status_code == 302:
        assert response["Location"].startswith(REAUTH_URL)


def test_sign_in_methods_lists_passkeys_and_the_app_with_their_last_use(client, customer):
    with_totp(customer)
    Authenticator.objects.filter(user=customer).update(last_used_at=timezone.now())
    Authenticator.objects.create(user=customer, type=Authenticator.Type.WEBAUTHN,
                                 data={"name": "Work laptop", "credential": {}})
    client.force_login(customer)
    page = client.get(reverse("sign_in_methods")).content.decode()
    assert "Work laptop" in page and "not used yet" in page
    assert "last used" in page
    assert reverse("mfa_deactivate_totp") in page


# --- Sessions ---------------------------------------------------------------------------------


def test_customer_sees_sessions_and_signs_out_everywhere_else(customer):
    laptop, phone = Client(HTTP_USER_AGENT="Laptop"), Client(HTTP_USER_AGENT="Phone")
    for browser in (laptop, phone):
        browser.post(LOGIN_URL, {"login": customer.email, "password": DEFAULT_PASSWORD})
        assert is_signed_in(browser)
    page = laptop.get(reverse("usersessions_list")).content.decode()
    assert "Laptop" in page and "Phone" in page

    laptop.post(reverse("usersessions_list"))
    assert is_signed_in(laptop)
    assert not is_signed_in(phone)
    assert list(UserSession.objects.filter(user=customer).values_list("user_agent", flat=True)) \
        == ["Laptop"]


# --- Your data: the download ----------------------------------------------------------------


def _world_of(customer, carrier, cases: int):
    """``cases`` cases, each with a message, a document and an email to the customer."""
    made = CaseFactory.create_batch(cases, owner=customer, carrier=carrier)
    for case in made:
        DocumentFactory(case=case)
        case.events.create(kind=CaseEvent.Kind.MESSAGE, actor=customer, message="Hello")
        case.events.create(kind=CaseEvent.Kind.NOTE, message="internal", customer_visible=False)
    OutboundEmail.objects.bulk_create([
        OutboundEmail(kind="case/case_submitted", recipient=customer, to=[customer.email],
                      from_email="x@example.com", subject=f"Subject {n}", body_text="BODY")
        for n in range(cases)])
    return made


def test_customer_downloads_everything_held_about_them(client, customer, second_customer,
                                                       carrier):
    [case] = _world_of(customer, carrier, 1)
    _world_of(second_customer, carrier, 1)
    UserSession.objects.create(user=customer, ip="198.51.100.7", user_agent="Firefox",
                               session_key="k" * 32)
    client.force_login(customer)
    response = client.get(EXPORT_URL)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="lineout-data-')
    assert "no-store" in response["Cache-Control"]
    data = json.loads(response.content)
    assert data["account"]["email"] == customer.email
    assert data["account"]["email_addresses"] == [
        {"email": customer.email, "verified": True, "primary": True}]
    assert data["preferences"]["language"] == "en"
    [exported] = data["cases"]
    assert exported["reference"] == case.reference
    assert exported["phone_number"] == case.phone_number
    assert [e["message"] for e in exported["timeline"]] == ["Hello"]  # the note is not theirs
    [document] = exported["documents"]
    assert document["file_name"] == "passport-scan.pdf" and "file" not in document
    assert data["emails"] == [{"kind": "case/case_submitted", "subject": "Subject 0",
                               "status": "pending", "created_at": data["emails"][0]["created_at"],
                               "sent_at": None}]
    assert "BODY" not in response.content.decode()
    assert data["sign_in"]["sessions"][0]["browser"] == "Firefox"
    assert second_customer.email not in response.content.decode()


def test_the_download_costs_the_same_queries_for_150_cases_as_for_3(client, carrier):
    counts = {}
    for size in (3, 150):
        customer = UserFactory()
        _world_of(customer, carrier, size)
        client.force_login(customer)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(EXPORT_URL)
        assert len(json.loads(response.content)["cases"]) == size
        counts[size] = len(queries)
    # Session and user, then one query each: cases with carriers, events, documents,
    # addresses, emails, sessions, authenticators.
    assert counts[3] == counts[150] == 9, counts


def test_the_download_needs_a_signed_in_customer(client):
    response = client.get(EXPORT_URL)
    assert response.status_code == 302 and response["Location"].startswith(LOGIN_URL)


# --- Your data: deletion ----------------------------------------------------------------------


def reauthenticated(client: Client, user) -> Client:
    client.force_login(user)
    response = client.post(REAUTH_URL, {"password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    return client


@pytest.fixture
def full_customer(customer, carrier):
    """A customer with an open case, a done case and a draft, documents on each, a
    pending reminder, sent and unsent emails and an authenticator."""
    open_case = CaseFactory(owner=customer, carrier=carrier, state=Case.State.VERIFYING,
                            phone_number="+12025550101", reason="Moving abroad")
    done = CaseFactory(owner=customer, carrier=carrier, state=Case.State.DONE,
                       phone_number="+12025550143")
    draft = CaseFactory(owner=customer, carrier=carrier, phone_number="+12025550188")
    for case in (open_case, done, draft):
        DocumentFactory(case=case)
        case.events.create(kind=CaseEvent.Kind.MESSAGE, actor=customer, message="My account PIN")
    Reminder.objects.create(case=done, kind=Reminder.Kind.FINAL_BILL, for_state="done",
                            due_at=timezone.now() + timedelta(days=10))
    OutboundEmail.objects.create(kind="case/case_done", recipient=customer, to=[customer.email],
                                 from_email="x@example.com", subject="Your confirmation",
                                 body_text="Hello Casey", status=OutboundEmail.Status.SENT,
                                 sent_at=timezone.now())
    with_totp(customer)
    return customer


def _snapshot(user):
    user.refresh_from_db()
    return (user.email, user.first_name, user.is_active, user.has_usable_password(),
            sorted(Case.objects.filter(owner=user).values_list("state", "phone_number")),
            Document.objects.filter(case__owner=user, purged_at__isnull=True,
                                    purge_requested_at__isnull=True).count(),
            EmailAddress.objects.filter(user=user).count(),
            Authenticator.objects.filter(user=user).count())


def test_deleting_without_confirming_who_you_are_changes_nothing(client, full_customer):
    full_customer.language = "zh-hans"
    full_customer.save(update_fields=["language"])
    before = _snapshot(full_customer)
    client.force_login(full_customer)
    response = client.post(DELETE_URL, {"confirmation": "DELETE"}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 302
    assert response["Location"].startswith(REAUTH_URL)
    assert REAUTH_FIRST_ZH in messages_of(response)
    assert _snapshot(full_customer) == before
    assert is_signed_in(client)


def test_deleting_without_the_typed_confirmation_changes_nothing(client, full_customer):
    before = _snapshot(full_customer)
    response = reauthenticated(client, full_customer).post(DELETE_URL, {"confirmation": "yes"})
    assert response.status_code == 400
    assert "nothing was deleted" in response.content.decode()
    assert _snapshot(full_customer) == before


def test_a_deletion_is_a_post(client, full_customer):
    assert reauthenticated(client, full_customer).get(DELETE_URL).status_code == 405


def test_staff_cannot_delete_their_account_here(client):
    staff = with_totp(AgentFactory())
    before = _snapshot(staff)
    response = reauthenticated(client, staff).post(DELETE_URL, {"confirmation": "DELETE"})
    assert response.status_code == 302
    assert _snapshot(staff) == before


def test_customer_deletes_their_account(client, full_customer, django_capture_on_commit_callbacks):
    customer = full_customer
    old_email = customer.email
    files = [d.file.name for d in Document.objects.filter(case__owner=customer)]
    storage = storages["documents"]
    assert all(storage.exists(name) for name in files)
    other = UserFactory(email="sam@example.com")
    other_case = CaseFactory(owner=other, state=Case.State.VERIFYING)
    AccessRecord.objects.create(action=AccessRecord.Action.ACCESS_REFUSED, actor=customer,
                                case=other_case, target="/cases/x/", ip_address="203.0.113.9")
    reauthenticated(client, customer)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(DELETE_URL, {"confirmation": old_email.upper()})
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert not is_signed_in(client)

    customer.refresh_from_db()
    assert re.fullmatch(r"deleted-[0-9a-f]{32}@deleted\.invalid", customer.email)
    assert (customer.first_name, customer.last_name, customer.is_active) == ("", "", False)
    assert not customer.has_usable_password()
    assert not EmailAddress.objects.filter(user=customer).exists()
    assert not Authenticator.objects.filter(user=customer).exists()
    assert not UserSession.objects.filter(user=customer).exists()
    assert not AccessRecord.objects.filter(actor=customer, ip_address__isnull=False).exists()

    cases = {c.state: c for c in Case.objects.filter(owner=customer)}
    assert set(cases) == {Case.State.WITHDRAWN, Case.State.DONE}
    assert [c.phone_number for c in Case.objects.filter(owner=customer, state="withdrawn")] \
        == ["", ""]
    done = cases[Case.State.DONE]
    assert (done.phone_number, done.masked_phone, done.reason) == ("0143", "•••• 0143", "")
    assert done.verification_code
    # The timeline keeps its moves without words; messages are gone.
    assert not CaseEvent.objects.filter(case__owner=customer, kind=CaseEvent.Kind.MESSAGE).exists()
    assert not CaseEvent.objects.filter(case__owner=customer).exclude(message="").exclude(
        kind=CaseEvent.Kind.SYSTEM).exists()

    # Files gone at once, rows marked, names forgotten.
    assert not any(storage.exists(name) for name in files)
    assert not Document.objects.filter(case__owner=customer, purged_at__isnull=True).exists()
    assert set(Document.objects.filter(case__owner=customer)
               .values_list("original_name", flat=True)) == {""}

    # Nothing left to send them; what was sent keeps only kind, subject and dates.
    assert not OutboundEmail.objects.filter(recipient=customer).exclude(status="sent").exists()
    sent = OutboundEmail.objects.get(recipient=customer)
    assert (sent.to, sent.body_text, sent.subject) == ([], "", "Your confirmation")
    assert not Reminder.objects.filter(case__owner=customer, status="pending").exists()
    assert not OutboundEmail.objects.filter(to__contains=[old_email]).exists()

    # Sign-in is impossible, by password or by code.
    assert not Client().login(email=old_email, password=DEFAULT_PASSWORD)
    browser = Client()
    ask_for_code(browser, old_email)
    assert not OutboundEmail.objects.filter(kind="account/email/login_code",
                                            recipient=customer).exists()
    # Someone else's case is untouched.
    other_case.refresh_from_db()
    assert other_case.state == Case.State.VERIFYING and other_case.phone_number


def test_files_that_storage_fails_to_delete_stay_marked_until_the_next_purge(
        full_customer, monkeypatch):
    storage = storages["documents"]
    files = [d.file.name for d in Document.objects.filter(case__owner=full_customer)]
    real_delete = storage.delete
    calls = {"n": 0}

    def failing_once(name):
        calls["n"] += 1
        if calls["n"] == 1:
            raise OSError("storage unavailable")
        return real_delete(name)

    monkeypatch.setattr(storage, "delete", failing_once)
    report = deletion.delete_account(full_customer)
    deletion.purge_marked_documents()  # what runs after commit: the first file fails
    assert report.documents_to_purge == 3
    pending = Document.objects.filter(case__owner=full_customer, purged_at__isnull=True)
    assert pending.count() >= 1
    assert all(d.purge_requested_at for d in pending)
    assert any(storage.exists(name) for name in files)

    retention.purge_expired_documents()  # the hourly run
    assert not any(storage.exists(name) for name in files)
    assert not Document.objects.filter(case__owner=full_customer, purged_at__isnull=True).exists()


def test_a_failure_during_the_deletion_leaves_the_account_as_it_was(full_customer, monkeypatch):
    before = _snapshot(full_customer)

    def crash(user):
        raise RuntimeError("database went away")

    monkeypatch.setattr(deletion, "anonymise_account", crash)
    with pytest.raises(RuntimeError):
        deletion.delete_account(full_customer)
    assert _snapshot(full_customer) == before
    assert Case.objects.filter(owner=full_customer, state=Case.State.VERIFYING).exists()
    assert CaseEvent.objects.filter(case__owner=full_customer, kind="message").count() == 3


def test_every_data_url_sends_an_anonymous_visitor_to_sign_in(client):
    for method, url in (("get", DATA_URL), ("get", EXPORT_URL), ("post", DELETE_URL)):
        response = getattr(client, method)(url)
        assert response.status_code == 302 and response["Location"].startswith(LOGIN_URL), url


def test_what_is_left_of_a_deleted_account_is_forgotten_after_its_period(full_customer):
    from accounts_data.retention import forget_deleted_accounts

    customer = full_customer
    deletion.delete_account(customer)
    now = timezone.now()
    assert forget_deleted_accounts(now=now + timedelta(days=364)) == 0
    # After a year the withdrawn cases go; the done case stays verifiable for seven.
    assert forget_deleted_accounts(now=now + timedelta(days=400)) == 2
    assert list(Case.objects.filter(owner=customer).values_list("state", flat=True)) == ["done"]
    assert forget_deleted_accounts(now=now + timedelta(days=7 * 365 + 10)) == 1
    assert not User.objects.filter(pk=customer.pk).exists()
    # The emails sent to them stay as anonymous counts: kind, subject, dates.
    assert OutboundEmail.objects.filter(recipient__isnull=True,
                                        subject="Your confirmation").exists()


def test_an_active_customer_is_never_forgotten(customer, carrier):
    from accounts_data.retention import forget_deleted_accounts

    CaseFactory(owner=customer, carrier=carrier, state=Case.State.WITHDRAWN)
    assert forget_deleted_accounts(now=timezone.now() + timedelta(days=3650)) == 0
    assert Case.objects.filter(owner=customer).exists()


@pytest.mark.parametrize("language, words", [
    ("en", ["At once, when you delete your account.", "A done case is deleted 7 years after"]),
    ("zh-hans", ["在您删除账户时立即删除。", "已完成的申请在结束 7 年后删除"]),
])
def test_privacy_notice_says_what_a_deleted_account_leaves_and_for_how_long(client, language,
                                                                           words):
    page = client.get(reverse("content:privacy"), HTTP_ACCEPT_LANGUAGE=language)
    text = page.content.decode()
    assert all(w in text for w in words), text
    assert f'href="{DATA_URL}"' in text


def test_removing_a_passkey_asks_who_you_are_first(client, customer):
    passkey = Authenticator.objects.create(user=customer, type=Authenticator.Type.WEBAUTHN,
                                           data={"name": "Old phone", "credential": {}})
    remove_url = reverse("mfa_remove_webauthn", args=[passkey.pk])
    client.force_login(customer)
    response = client.post(remove_url)
    assert response.status_code == 302 and response["Location"].startswith(REAUTH_URL)
    assert Authenticator.objects.filter(pk=passkey.pk).exists()

    reauthenticated(client, customer).post(remove_url)
    assert not Authenticator.objects.filter(pk=passkey.pk).exists()
