"""The public check of a closing confirmation: ``/verify/<verification code>/``.

Anyone holding the paper (a landlord, an employer, a carrier) scans its QR code or types the
short address and sees the few facts the paper states, read from our records: enough to tell
a genuine confirmation from a forged one, nothing more (no email, documents or timeline).
The code is 10 characters from a 30-letter alphabet (about 6 × 10¹⁴ codes), and lookups are
limited per address, so the page cannot be used to list cases.
"""

from __future__ import annotations

import ipaddress
import re
import time
from dataclasses import dataclass
from datetime import date

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from .models import Case, State
from .reference import ALPHABET, VERIFICATION_CODE_LENGTH

CODE_PATTERN = re.compile(rf"^[{ALPHABET}]{{{VERIFICATION_CODE_LENGTH}}}$")
# Printed as two groups of five (``ABCDE-23456``): easier to read out and to type.
GROUP = 5

# Lookups per client address and minute: a person checks one paper; a script guessing codes
# is stopped long before it could find one.
LOOKUPS_PER_MINUTE = 30
WINDOW_SECONDS = 60
# IPv6 clients usually hold a whole /64: count per network, not per address.
IPV6_PREFIX = 64


def normalize_code(text: str) -> str | None:
    """The stored code for what was typed or scanned (``abcde-23456``, spaces), or None when
    it cannot be a code at all."""
    compact = re.sub(r"[\s\-‐‑–—]", "", text or "").upper()
    return compact if CODE_PATTERN.match(compact) else None


def grouped(code: str) -> str:
    return f"{code[:GROUP]}-{code[GROUP:]}"


def verify_path(code: str) -> str:
    return reverse("verify", args=[code])


def verify_url(code: str) -> str:
    """What the QR code holds: the full address of the code's page."""
    return settings.SITE_URL + verify_path(code)


def short_url(code: str) -> str:
    """What the paper prints for typing: the same address without the scheme."""
    return re.sub(r"^https?://", "", verify_url(code))


def confirmed_case(code: str) -> Case | None:
    """The done case with this (normalized) code, with what its page shows, in one query."""
    return (Case.objects.filter(verification_code=code, state=State.DONE)
            .select_related("carrier", "owner")
            .only("reference", "phone_number", "closed_at", "line_closed_on",
                  "carrier_confirmation_number", "verification_code", "state",
                  "carrier",
                  "owner__first_name", "owner__last_name", "owner__timezone")
            .first())


@dataclass(frozen=True)
class ClosingDate:
    """The date the paper states: when the carrier's cancellation takes effect if the agent
    recorded it (it may be ahead: carriers cancel at the end of the bill cycle), else the
    day the case was completed, in the customer's calendar."""

    day: date | None
    takes_effect: bool


def closing_date(case: Case) -> ClosingDate:
    if case.line_closed_on:
        return ClosingDate(case.line_closed_on, takes_effect=True)
    if case.closed_at is None:
        return ClosingDate(None, takes_effect=False)
    return ClosingDate(timezone.localtime(case.closed_at, case.owner.zone).date(),
                       takes_effect=False)


def customer_name(case: Case) -> str:
    """The name on the customer's account as they gave it, or "" when they gave none."""
    return " ".join(f"{case.owner.first_name} {case.owner.last_name}".split())


def _client_key(request) -> str:
    ip = get_adapter().get_client_ip(request)  # honours TRUSTED_PROXY_COUNT
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return ip
    if address.version == 6:
        return str(ipaddress.IPv6Network(f"{address}/{IPV6_PREFIX}", strict=False)
                   .network_address)
    return str(address)


def lookup_allowed(request) -> bool:
    """Count this lookup against the client's address; False once over the minute's limit.

    A counter per address and minute in the shared cache (Redis, or the database while
    Redis is down), so every process counts together.
    """
    window = int(time.time() // WINDOW_SECONDS)
    key = f"verify:lookups:{_client_key(request)}:{window}"
    cache.add(key, 0, timeout=WINDOW_SECONDS * 2)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=WINDOW_SECONDS * 2)
        count = 1
    return count <= LOOKUPS_PER_MINUTE
