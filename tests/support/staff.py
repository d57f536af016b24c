"""Fixtures for the agents' tests (the desk, the admin): two agents with two-factor, a
signed-in agent client, and a carrier."""

import pytest
from django.test import Client

from tests.factories import AgentFactory, CarrierFactory, with_totp


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
