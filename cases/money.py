"""Amounts of money in the reader's language, in the currency of a carrier's country.

A prepaid balance is credit with the carrier, so it is in the currency of the carrier's
country: "$12.50" / "12.50 美元" for a US carrier. A country without a known currency
shows the bare amount rather than a wrong symbol.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils import formats
from django.utils.translation import gettext_lazy as _

# How each currency is written around its amount, by the ISO 4217 code.
CURRENCY_FORMATS = {
    "USD": _("$%(amount)s"),
    "CAD": _("CA$%(amount)s"),
}

# The currency of a carrier's country (Carrier.country, ISO 3166 two letters).
CURRENCY_OF_COUNTRY = {
    "US": "USD", "PR": "USD", "GU": "USD", "VI": "USD", "AS": "USD", "MP": "USD",
    "CA": "CAD",
}


def format_money(amount: Decimal | int | float, country: str) -> str:
    """``amount`` with two decimals in the active language, in ``country``'s currency."""
    number = formats.number_format(amount, 2)
    pattern = CURRENCY_FORMATS.get(CURRENCY_OF_COUNTRY.get((country or "").upper(), ""))
    return str(pattern) % {"amount": number} if pattern else number
