"""The page bench's people: 10,000 customers (by COPY), two agents with TOTP, and Casey,
whose pages are measured; and the World the case seeding fills in."""

from __future__ import annotations

import random
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from .pages_copy import copy_rows

CUSTOMERS = 10_000
YEARS = 3
FIRST_NAMES = ["casey", "alex", "jordan", "taylor", "morgan", "riley", "jamie", "avery",
               "quinn", "drew", "sam", "robin", "maria", "wei", "li", "ana", "james", "mary",
               "john", "linda", "david", "susan", "kim", "chen", "fatima", "omar", "noah",
               "emma", "liam", "olivia", "mia", "lucas", "zoe", "ethan", "ava", "leo"]
LAST_NAMES = ["smith", "johnson", "lee", "garcia", "brown", "nguyen", "wang", "lopez",
              "miller", "davis", "wilson", "clark", "lewis", "walker", "young", "king",
              "zhang", "liu", "patel", "khan", "martin", "moore", "hall", "allen"]
DOMAINS = ["example.com", "mail.example", "example.net", "inbox.example.org"]
ZONES = {"America/New_York": 40, "America/Chicago": 22, "America/Denver": 6,
         "America/Los_Angeles": 25, "America/Phoenix": 2, "Asia/Shanghai": 3,
         "Europe/London": 2}


@dataclass
class Customer:
    pk: int
    email: str
    zone: str
    numbers: list[str]


@dataclass
class World:
    now: datetime
    rng: random.Random
    carrier: object
    checklist_keys: list[str]
    customers: list[Customer] = field(default_factory=list)
    customer_weights: list[float] = field(default_factory=list)
    agents: list = field(default_factory=list)
    casey: Customer | None = None
    references: set[str] = field(default_factory=set)
    codes: set[str] = field(default_factory=set)
    cases_seeded: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    # What the bench measures, found while seeding (casey's cases, documents, terms).
    targets: dict = field(default_factory=dict)


def valid_us_numbers(rng: random.Random, count: int) -> list[str]:
    """``count`` E.164 US numbers that ``phonenumbers`` calls valid (as the case form
    requires): area codes found valid once, then random exchanges checked one by one."""
    import phonenumbers

    def valid(e164: str) -> bool:
        number = phonenumbers.parse(e164)
        return (phonenumbers.is_valid_number(number)
                and phonenumbers.region_code_for_number(number) == "US")

    area_codes = [npa for npa in range(201, 990)
                  if any(valid(f"+1{npa}{rng.randint(200, 999)}{rng.randint(0, 9999):04d}")
                         for _ in range(3))]
    numbers = []
    while len(numbers) < count:
        e164 = f"+1{rng.choice(area_codes)}{rng.randint(200, 999)}{rng.randint(0, 9999):04d}"
        if valid(e164):
            numbers.append(e164)
    return numbers


def seed_people(now: datetime, rng: random.Random) -> World:
    """10,000 customers (COPY), two agents with TOTP in the Agents group, and Casey, the
    customer whose pages are measured."""
    from allauth.account.models import EmailAddress
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from cases.workflow import AGENTS_GROUP
    from content.models import Carrier, ChecklistItem

    User = get_user_model()
    carrier = Carrier.objects.published().order_by("order", "pk").first()
    if carrier is None:
        raise RuntimeError("no published carrier: load_guidance did not run")
    keys = list(ChecklistItem.objects.for_carrier(carrier).values_list("key", flat=True))
    world = World(now=now, rng=rng, carrier=carrier, checklist_keys=keys)

    zones, zone_weights = list(ZONES), list(ZONES.values())
    rows = []
    for i in range(CUSTOMERS):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        email = f"{first}.{last}{i}@{rng.choice(DOMAINS)}"  # lower case, as the form stores
        joined = now - timedelta(days=YEARS * 365 + rng.randint(0, 60))
        rows.append((email, "!" + secrets.token_hex(20), first.title(), last.title(),
                     "zh-hans" if rng.random() < 0.1 else "en",
                     rng.choices(zones, zone_weights)[0], joined))
    copy_rows(User, ["email", "password", "first_name", "last_name", "language",
                     "timezone", "date_joined"], rows)
    customers = list(User.objects.order_by("pk").values_list("pk", "email", "timezone"))
    copy_rows(EmailAddress, ["user_id", "email", "verified", "primary"],
              [(pk, email, True, True) for pk, email, _zone in customers])
    numbers = iter(valid_us_numbers(rng, int(CUSTOMERS * 2.2)))
    for pk, email, zone in customers:
        # A customer has one to three lines; their cases are about those numbers.
        world.customers.append(Customer(pk, email, zone,
                                        [next(numbers) for _ in range(rng.randint(1, 3))]))
    # Some customers open many cases (a small business), most a few.
    world.customer_weights = [rng.paretovariate(2.0) for _ in world.customers]

    agents_group = Group.objects.get_or_create(name=AGENTS_GROUP)[0]
    for email, first in [("avery.agent@lineout.example", "Avery"),
                         ("blake.agent@lineout.example", "Blake")]:
        agent = User.objects.create_user(email=email, password=None, first_name=first,
                                         is_staff=True, timezone="America/New_York")
        agent.groups.add(agents_group)
        EmailAddress.objects.create(user=agent, email=email, verified=True, primary=True)
        TOTP.activate(agent, generate_totp_secret())
        world.agents.append(agent)

    casey = User.objects.create_user(email="casey@example.com", password=None,
                                     first_name="Casey", last_name="Rivera",
                                     timezone="America/New_York")
    EmailAddress.objects.create(user=casey, email=casey.email, verified=True, primary=True)
    world.casey = Customer(casey.pk, casey.email, casey.timezone, valid_us_numbers(rng, 2))
    return world
