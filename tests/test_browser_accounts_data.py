"""Sign-in and "Your data" in Chromium: a code read from the SMTP server, a passkey through
Chromium's virtual authenticator (the DevTools protocol's WebAuthn domain), the JSON
download, and the account's deletion with its documents gone from storage."""

from __future__ import annotations

import base64
import json
import re

import pytest
from allauth.account.utils import user_pk_to_url_str
from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model
from django.core.files.storage import storages
from playwright.sync_api import expect

from cases.models import Case, Document
from tests.factories import (DEFAULT_PASSWORD, CarrierFactory, CaseFactory, DocumentFactory,
                             UserFactory)

from .support.browser import screenshot, submit_login
from .support.smtp import body_text

pytestmark = [pytest.mark.browser, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def case_link(case) -> str:
    """The link every email about ``case`` carries."""
    return f"{case.get_absolute_url()}?via=email"


def test_customer_signs_in_from_a_reminder_link_with_a_code_read_from_the_smtp_server(
        chromium, live_server, smtp_server):
    customer = UserFactory(email="lin@example.com", language="zh-hans")
    case = CaseFactory(owner=customer, carrier=CarrierFactory(), state=Case.State.VERIFYING)
    context = chromium.new_context(base_url=live_server.url, locale="zh-CN",
                                   extra_http_headers={"Accept-Language": "zh-hans"})
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        page.goto(case_link(case))
        page.wait_for_url(re.compile(r"/accounts/login/\?next="))
        # From an email, the code is offered first.
        code_form = page.locator("#code-first-form")
        expect(code_form).to_be_visible()
        screenshot(page, "login-code-first-zh-hans-1280")
        code_form.locator("input[name=email]").fill(customer.email)
        code_form.get_by_role("button", name="通过电子邮件发送登录码").click()
        page.wait_for_url("**/accounts/login/code/confirm/**")

        [message] = smtp_server.inbox.wait_for(1)
        assert message["To"] == customer.email
        assert "登录码" in message["Subject"]
        text = body_text(message)
        code = next(line.strip() for line in text.splitlines()
                    if re.fullmatch(r"[A-Z0-9-]{6,9}", line.strip()))
        page.fill("input[name=code]", code)
        page.locator("main form button[type=submit]").first.click()
        page.wait_for_url(f"**/cases/{case.reference}/**")
        expect(page.locator("h1")).to_contain_text(case.reference)
    finally:
        context.close()


def _virtual_authenticator(page):
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    authenticator = cdp.send("WebAuthn.addVirtualAuthenticator", {"options": {
        "protocol": "ctap2", "transport": "internal", "hasResidentKey": True,
        "hasUserVerification": True, "isUserVerified": True,
        "automaticPresenceSimulation": True}})
    return cdp, authenticator["authenticatorId"]


def _add_passkey(page, name: str, *, passwordless: bool = True) -> None:
    page.goto("/accounts/2fa/webauthn/add/")
    if "/reauthenticate/" in page.url:  # allauth asks for the password again first
        page.fill("input[name=password]", DEFAULT_PASSWORD)
        page.click("main form button[type=submit]")
        page.wait_for_url("**/2fa/webauthn/add/")
    page.fill("input[name=name]", name)
    if passwordless:
        page.check("input[name=passwordless]")
    page.click("#mfa_webauthn_add")
    page.wait_for_url(re.compile(r"/accounts/2fa/(recovery-codes/)?$"))


def test_customer_adds_a_passkey_and_signs_in_with_it_alone(page):
    customer = UserFactory(email="rowan@example.com")
    case = CaseFactory(owner=customer, carrier=CarrierFactory(), state=Case.State.NEEDS_INFO)
    cdp, authenticator_id = _virtual_authenticator(page)
    page.goto("/accounts/login/")
    submit_login(page, customer.email)
    page.wait_for_url(re.compile(r"^http://[^/]+/$"))

    _add_passkey(page, "Rowan's laptop")
    [passkey] = Authenticator.objects.filter(user=customer, type=Authenticator.Type.WEBAUTHN)
    assert passkey.data["name"] == "Rowan's laptop" and passkey.last_used_at is None
    page.goto("/accounts/sign-in-methods/")
    expect(page.locator("main strong", has_text="Rowan's laptop")).to_be_visible()
    screenshot(page, "sign-in-methods-en-1280")
    page.get_by_role("button", name="Sign out").click()

    # From an email link, signed out: the passkey alone signs in, and lands on the case.
    page.goto(case_link(case))
    page.wait_for_url(re.compile(r"/accounts/login/\?next="))
    page.get_by_role("button", name="Sign in with a passkey").click()
    page.wait_for_url(f"**/cases/{case.reference}/**")
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    passkey.refresh_from_db()
    assert passkey.last_used_at is not None
    assert len(cdp.send("WebAuthn.getCredentials",
                        {"authenticatorId": authenticator_id})["credentials"]) == 1


def test_staff_use_a_passkey_as_their_second_factor(page):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from tests.factories import AgentFactory

    secret = generate_totp_secret()
    agent = AgentFactory(email="oak@lineout.example")
    TOTP.activate(agent, secret)
    _virtual_authenticator(page)
    page.goto("/accounts/login/")
    submit_login(page, agent.email, totp_secret=secret)
    page.wait_for_url(re.compile(r"^http://[^/]+/$"))
    _add_passkey(page, "Oak's key", passwordless=False)
    assert Authenticator.objects.filter(user=agent, type=Authenticator.Type.WEBAUTHN).exists()
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(re.compile(r"^http://[^/]+/$"))

    # The password first, then the passkey instead of the app's code.
    page.goto("/desk/")
    submit_login(page, agent.email)
    page.wait_for_url("**/2fa/authenticate/**")
    page.click("#mfa_webauthn_authenticate")
    page.wait_for_url("**/desk/")
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def test_a_passkey_assertion_naming_another_user_signs_nobody_in(page):
    """The key of one account, made to claim (by its user handle) to be another's."""
    owner = UserFactory(email="ash@example.com")
    victim = UserFactory(email="birch@example.com")
    cdp, authenticator_id = _virtual_authenticator(page)
    page.goto("/accounts/login/")
    submit_login(page, owner.email)
    page.wait_for_url(re.compile(r"^http://[^/]+/$"))
    _add_passkey(page, "Ash's key")
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(re.compile(r"^http://[^/]+/$"))

    [credential] = cdp.send("WebAuthn.getCredentials",
                            {"authenticatorId": authenticator_id})["credentials"]
    cdp.send("WebAuthn.clearCredentials", {"authenticatorId": authenticator_id})
    forged = {**credential, "userHandle": base64.b64encode(
        user_pk_to_url_str(victim).encode()).decode()}
    cdp.send("WebAuthn.addCredential", {"authenticatorId": authenticator_id,
                                        "credential": forged})

    page.goto("/accounts/login/")
    page.get_by_role("button", name="Sign in with a passkey").click()
    expect(page.locator(".messages")).to_contain_text("That passkey did not sign you in")
    assert "/accounts/login/" in page.url
    Authenticator.objects.get(user=owner, type=Authenticator.Type.WEBAUTHN)
    assert not Authenticator.objects.filter(user=victim).exists()


def test_customer_downloads_their_data_as_json(page):
    customer = UserFactory(email="hazel@example.com")
    case = CaseFactory(owner=customer, carrier=CarrierFactory(), state=Case.State.SUBMITTED)
    DocumentFactory(case=case)
    page.goto("/accounts/login/")
    submit_login(page, customer.email)
    page.wait_for_url(re.compile(r"^http://[^/]+/$"))
    page.goto("/accounts/data/")
    screenshot(page, "your-data-en-1280")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download your data").click()
    assert download.value.suggested_filename.startswith("lineout-data-")
    data = json.loads(open(download.value.path(), encoding="utf-8").read())
    assert data["account"]["email"] == customer.email
    assert [c["reference"] for c in data["cases"]] == [case.reference]
    assert data["cases"][0]["documents"][0]["file_name"] == "passport-scan.pdf"


def test_customer_deletes_their_account_and_its_documents_leave_storage(page):
    customer = UserFactory(email="juniper@example.com")
    carrier = CarrierFactory()
    open_case = CaseFactory(owner=customer, carrier=carrier, state=Case.State.VERIFYING)
    done_case = CaseFactory(owner=customer, carrier=carrier, state=Case.State.DONE)
    for case in (open_case, done_case):
        DocumentFactory(case=case)
    storage = storages["documents"]
    files = [d.file.name for d in Document.objects.filter(case__owner=customer)]
    assert all(storage.exists(name) for name in files)

    page.goto("/accounts/login/")
    submit_login(page, customer.email)
    page.wait_for_url(re.compile(r"^http://[^/]+/$"))
    page.goto("/accounts/data/")
    page.fill("input[name=confirmation]", "DELETE")
    page.get_by_role("button", name="Delete my account").click()
    # Not confirmed recently: allauth asks for the password, nothing is deleted yet.
    page.wait_for_url("**/accounts/reauthenticate/**")
    expect(page.locator(".messages")).to_contain_text("first confirm it is you")
    assert Case.objects.get(pk=open_case.pk).state == Case.State.VERIFYING
    page.fill("input[name=password]", DEFAULT_PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url("**/accounts/data/")
    page.fill("input[name=confirmation]", "DELETE")
    page.get_by_role("button", name="Delete my account").click()
    page.wait_for_url(re.compile(r"^http://[^/]+/$"))
    expect(page.locator(".messages")).to_contain_text("Your account is deleted")
    expect(page.get_by_role("navigation", name="Account")
           .get_by_role("link", name="Sign in")).to_be_visible()

    assert not any(storage.exists(name) for name in files)
    user = get_user_model().objects.get(pk=customer.pk)
    assert user.email.endswith("@deleted.invalid") and not user.is_active
    states = dict(Case.objects.filter(owner=user).values_list("pk", "state"))
    assert states == {open_case.pk: Case.State.WITHDRAWN, done_case.pk: Case.State.DONE}
    assert set(Case.objects.filter(owner=user).values_list("phone_number", flat=True)) \
        == {"", "0143"}

    # The old address and password sign nobody in.
    page.goto("/accounts/login/")
    submit_login(page, "juniper@example.com")
    expect(page.locator("main")).to_contain_text("not correct")


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize("width", [360, 1280])
def test_sign_in_and_data_pages_have_no_serious_violations(chromium, live_server, language,
                                                           width):
    from .support.axe import AXE_PATH, describe, serious_violations

    if not AXE_PATH.exists():
        pytest.skip(f"axe-core is not installed ({AXE_PATH})")
    customer = UserFactory(language=language)
    case = CaseFactory(owner=customer, carrier=CarrierFactory(), state=Case.State.VERIFYING)
    context = chromium.new_context(base_url=live_server.url,
                                   viewport={"width": width, "height": 900},
                                   extra_http_headers={"Accept-Language": language})
    page = context.new_page()
    try:
        pages = [("login-from-email", case_link(case)), ("login-code", "/accounts/login/code/")]
        for name, path in pages:
            page.goto(path)
            violations = serious_violations(page)
            screenshot(page, f"a11y-{name}-{language}-{width}")
            assert not violations, f"{name}: {describe(violations)}"
        page.goto("/accounts/login/")
        submit_login(page, customer.email)
        page.wait_for_url(re.compile(r"^http://[^/]+/$"))
        for name, path in [("your-data", "/accounts/data/"),
                           ("sign-in-methods", "/accounts/sign-in-methods/"),
                           ("sessions", "/accounts/sessions/")]:
            page.goto(path)
            assert page.evaluate("document.documentElement.scrollWidth") <= width + 1, name
            violations = serious_violations(page)
            screenshot(page, f"a11y-{name}-{language}-{width}")
            assert not violations, f"{name}: {describe(violations)}"
        if language == "zh-hans":
            page.goto("/accounts/data/")
            expect(page.locator("h1")).to_have_text("您的数据")
    finally:
        context.close()
