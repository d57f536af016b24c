"""Where the carrier facts in the initial guidance come from, and when they were checked.

A guide step or FAQ answer that states a carrier's fact carries ``"source": fact(...)``;
``load_guidance`` stores it as the row's source URL and check date, and the admin lists the
rows not checked for 180 days. When you check a fact again at its page, update its date here
(and the text, if the page changed).
"""

from __future__ import annotations

import datetime

# T-Mobile's own support pages.
TMOBILE_CANCEL_SERVICE = "https://www.t-mobile.com/support/account/cancel-service"
TMOBILE_CANCEL_A_LINE = "https://support.t-mobile.com/docs/DOC-22931"
TMOBILE_BILLING_RESPONSIBLE_PARTY = (
    "https://www.t-mobile.com/support/account/billing-responsible-party-and-authorized-users"
)
TMOBILE_ADJUSTMENTS_AND_REFUNDS = "https://www.t-mobile.com/support/account/adjustments-and-refunds"

# The T-Mobile facts (cancel by phone or in a store, never online or in the app; future
# dated to the end of the bill cycle; the Billing Responsible Party only; EIP; AutoPay;
# the PIN) were checked against "Cancel service", "Cancel a line of service" and "Billing
# Responsible Party and Authorized Users" on this day.
CHECKED_AGAINST_TMOBILE_PAGES = datetime.date(2026, 12, 6)


def fact(url: str, checked_on: datetime.date | None) -> dict:
    """A source; ``checked_on=None`` for one no one has compared the text with yet."""
    return {"url": url, "checked_on": checked_on}
