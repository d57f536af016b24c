"""Phone numbers: validated with ``phonenumbers``, stored as E.164, shown masked."""

from __future__ import annotations

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MASK = "••••"


def to_e164(value: str, *, region: str | None = None) -> str:
    """``value`` as E.164 (``+12025550143``). Without a ``region`` the number must start
    with ``+`` and its country code. Raises ValidationError when it is not a valid number."""
    try:
        number = phonenumbers.parse(value, region)
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise ValidationError(
            _("Enter the phone number with its country code, for example +1 202 555 0143."),
            code="invalid_phone_number",
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def validate_phone_number(value: str) -> None:
    to_e164(value)


def last_four(e164: str) -> str:
    return "".join(ch for ch in e164 if ch.isdigit())[-4:]


def mask(e164: str) -> str:
    """Only the last four digits: ``•••• 0143``."""
    digits = "".join(ch for ch in e164 if ch.isdigit())
    return f"{MASK} {digits[-4:]}" if digits else ""
