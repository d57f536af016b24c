"""Fixtures for the agents' admin tests: two agents with two-factor, a client, a carrier."""

import pytest
from django.test import Client

from tests.factories import AgentFactory, CarrierFactory

from .world import with_totp


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
