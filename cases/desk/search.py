"""The desk's search: the shape of the term picks the one indexed column it looks in.

    term looks like                        looks in                          index
    LX-7KQ2-M9XD, lx7kq2, LX-7K            the reference, exact or prefix    case_reference_prefix_idx
    ten letters/digits of the code         the confirmation's code           unique
    +1 202 555 0143, 2025550143            the whole number, as E.164        case_phone_idx
    0143                                   the last four digits              case_phone_last_four_idx
    casey@example.com, casey@, casey       the customer's email (prefix)     user_email_prefix_idx,
                                           then their cases                  the owner index

Nothing is ever ORed across tables, so every shape is one index lookup.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import phonenumbers
from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from content.models import Carrier

from ..reference import ALPHABET, REFERENCE_PREFIX, VERIFICATION_CODE_LENGTH

REFERENCE_TERM = re.compile(rf"^{REFERENCE_PREFIX}-?[{ALPHABET}]{{0,4}}(-?[{ALPHABET}]{{0,4}})?$")
CODE_TERM = re.compile(rf"^[{ALPHABET}]{{{VERIFICATION_CODE_LENGTH}}}$")
PHONE_TERM = re.compile(r"^\+?[\d\s().-]+$")
# An email prefix looks at the cases of at most this many customers.
MAX_CUSTOMERS = 50
EMAIL_TERM = re.compile(r"^[a-z0-9.!#$%&'*+/=?^_`{|}~-]+(@[a-z0-9.-]*)?$")


@dataclass(frozen=True)
class Search:
    term: str
    shape: Promise  # what the term was taken for, shown to the agent
    cases: QuerySet | None  # None: the term has no shape we can look up
    order: tuple[str, str] = ("-created_at", "-reference")


def search(queryset: QuerySet, term: str) -> Search:
    text = term.strip()
    compact = re.sub(r"\s+", "", text).upper()
    if REFERENCE_TERM.match(compact):
        return Search(text, _("reference"),
                      queryset.filter(reference__startswith=reference_prefix(compact)),
                      order=("reference", "reference"))
    # A code has letters (an all-digit one, a one-in-two-million draw, reads as a number).
    code = compact.replace("-", "")
    if CODE_TERM.match(code) and not code.isdigit():
        return Search(text, _("verification code"),
                      queryset.filter(verification_code=code))
    if PHONE_TERM.match(text):
        digits = re.sub(r"\D", "", text)
        if len(digits) == 4:
            return Search(text, _("last four digits"), queryset.filter(phone_last_four=digits))
        numbers = phone_candidates(text)
        if numbers:
            return Search(text, _("phone number"), queryset.filter(phone_number__in=numbers))
        return Search(text, _("phone number"), None)
    lowered = text.lower()
    if EMAIL_TERM.match(lowered):
        # The customers first, then their cases by the owner index: as one subquery the
        # planner scans all cases once a prefix (``casey``) matches many customers.
        # No ORDER BY: the prefix index (pattern operators) finds them but cannot sort.
        owners = list(get_user_model().objects.filter(email__startswith=lowered)
                      .values_list("pk", flat=True)[:MAX_CUSTOMERS])
        return Search(text, _("customer's email"), queryset.filter(owner__in=owners))
    return Search(text, _("nothing we can look up"), None)


def reference_prefix(compact: str) -> str:
    """``LX7KQ2M9`` or ``LX-7KQ2-M9`` as the stored prefix ``LX-7KQ2-M9``."""
    chars = compact[len(REFERENCE_PREFIX):].replace("-", "")
    prefix = f"{REFERENCE_PREFIX}-{chars[:4]}"
    return f"{prefix}-{chars[4:]}" if len(chars) > 4 else prefix


def phone_candidates(text: str) -> list[str]:
    """The E.164 numbers an agent may mean: as typed with its ``+``, or read in the
    country of each carrier we serve (``2025550143`` and ``12025550143`` are US numbers)."""
    regions = [None] if text.startswith("+") else sorted(
        set(Carrier.objects.values_list("country", flat=True)))
    numbers = set()
    for region in regions:
        try:
            number = phonenumbers.parse(text, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_possible_number(number):
            numbers.add(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))
    return sorted(numbers)
