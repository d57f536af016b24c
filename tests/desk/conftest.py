"""The desk's world: two agents with two-factor, a signed-in agent client, a carrier."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.test import Client

from tests.factories import AgentFactory, CarrierFactory


def with_totp(user):
    TOTP.activate(user, generate_totp_secret())
    return user


@pytest.fixture
def agent(db):
    return with_totp(AgentFactory(email="avery@lineout.example"))


@pytest.fixture
def second_agent(db):
    return with_totp(AgentFactory(email="blake@lineout.example"))


@pytest.fixture
def agent_client(agent):
    client = Client()
    client.force_login(agent)
    return client


@pytest.fixture
def carrier(db):
    return CarrierFactory(name="T-Mobile", country="US")
