"""One-click unsubscribe from reminder emails (RFC 8058), with a signed token.

A token names the account and the kind of reminders; it needs no sign-in, never expires
(an old email's link keeps working) and cannot be forged or pointed at another account.
"""

from __future__ import annotations

from django.core import signing

SALT = "lineout.reminders.unsubscribe"

# Which preference a reminder kind answers to.
TOPIC_OF_KIND = {
    "review_follow_up": "follow_up",
    "review_overdue": "follow_up",
    "info_nudge": "follow_up",
    "draft_nudge": "follow_up",
    "final_bill": "final_bill",
    "balance_refund": "final_bill",
}
PREFERENCE_OF_TOPIC = {
    "follow_up": "receives_follow_up_reminders",
    "final_bill": "receives_final_bill_reminders",
}


def make_token(user, topic: str) -> str:
    return signing.dumps({"u": user.pk, "t": topic}, salt=SALT, compress=True)


def read_token(token: str) -> tuple[int, str] | None:
    """``(user id, topic)``, or ``None`` for a token that was tampered with."""
    try:
        data = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("t") not in PREFERENCE_OF_TOPIC:
        return None
    return data.get("u"), data["t"]


def wants(user, kind: str) -> bool:
    """Does the customer still want reminders of this kind?"""
    return bool(getattr(user, PREFERENCE_OF_TOPIC[TOPIC_OF_KIND[kind]]))
