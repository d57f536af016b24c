"""Who reaches the desk: agents with two-factor only. Every desk URL is walked for an
anonymous visitor, a customer, an editor and an agent without two-factor."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import URLPattern, reverse

from cases.desk import urls as desk_urls
from tests.factories import AgentFactory, CaseFactory, EditorFactory, UserFactory, with_totp


pytestmark = pytest.mark.django_db


def desk_paths(reference: str) -> list[str]:
    """Every URL the desk has, filled in with ``reference`` where it takes one."""
    paths = []
    for pattern in desk_urls.urlpatterns:
        assert isinstance(pattern, URLPattern)
        kwargs = {"reference": reference} if "reference" in pattern.pattern.converters else {}
        paths.append(reverse(f"desk:{pattern.name}", kwargs=kwargs))
    return paths


@pytest.fixture
def case(customer, carrier):
    return CaseFactory(owner=customer, carrier=carrier, state="verifying")


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_walk_covers_every_desk_url(case):
    assert len(desk_paths(case.reference)) == len(desk_urls.urlpatterns) >= 8


@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_visitor_is_asked_to_sign_in_everywhere(case, method):
    for path in desk_paths(case.reference):
        response = getattr(Client(), method)(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith(reverse("account_login")), path


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("who", ["customer", "editor", "staff without the Agents group"])
def test_people_who_are_not_agents_get_404_everywhere(case, customer, method, who):
    user = {"customer": lambda: customer,
            "editor": lambda: with_totp(EditorFactory()),
            "staff without the Agents group": lambda: with_totp(UserFactory(is_staff=True))}[who]()
    client = client_for(user)
    before = case.__class__.objects.values().get(pk=case.pk)
    for path in desk_paths(case.reference):
        assert getattr(client, method)(path).status_code == 404, path
    assert case.__class__.objects.values().get(pk=case.pk) == before


@pytest.mark.parametrize("method", ["get", "post"])
def test_agent_without_two_factor_is_sent_to_ask_for_an_invitation_everywhere(case, method):
    client = client_for(AgentFactory())  # no authenticator, no enrolment invitation
    before = case.__class__.objects.values().get(pk=case.pk)
    for path in desk_paths(case.reference):
        response = getattr(client, method)(path)
        assert response.status_code == 302, path
        assert response["Location"] == reverse("staff_enrolment_required"), path
    assert case.__class__.objects.values().get(pk=case.pk) == before


def test_inactive_agent_is_kept_out(case):
    agent = with_totp(AgentFactory())
    client = client_for(agent)
    agent.is_active = False
    agent.save()
    response = client.get(reverse("desk:queue"))
    assert response.status_code == 302  # signed out: an inactive user has no session


def test_agent_with_two_factor_reaches_the_queue_and_the_case(agent_client, case):
    assert agent_client.get(reverse("desk:queue")).status_code == 200
    assert agent_client.get(reverse("desk:case", args=[case.reference])).status_code == 200


def test_unknown_reference_is_404_for_agents(agent_client):
    assert agent_client.get(reverse("desk:case", args=["LX-2222-2222"])).status_code == 404


def test_moves_answer_only_to_post(agent_client, case):
    for name in ["start", "ask", "reject", "message", "assign"]:
        response = agent_client.get(reverse(f"desk:{name}", args=[case.reference]))
        assert response.status_code == 405, name


def test_the_desks_one_query_access_check_agrees_with_the_definitions(customer):
    from allauth.mfa.utils import is_mfa_enabled

    from cases.desk.views import desk_access
    from cases.workflow import is_agent

    inactive = with_totp(AgentFactory())
    inactive.is_active = False
    inactive.save()
    people = [
        customer, with_totp(UserFactory()), AgentFactory(), with_totp(AgentFactory()),
        with_totp(EditorFactory()), UserFactory(is_staff=True), inactive,
        UserFactory(is_staff=True, is_superuser=True),
        with_totp(UserFactory(is_staff=True, is_superuser=True)),
        with_totp(UserFactory(is_staff=False, is_superuser=True)),  # not staff: not an agent
    ]
    for person in people:
        expected = (is_agent(person), is_mfa_enabled(person) and person.is_active)
        assert desk_access(person) == expected, person
