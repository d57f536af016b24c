"""Reply addresses: every email about a case says where a reply goes, and the address
names the case and the person it was sent to, with a MAC nobody can forge.

    reply+7kq2m9xd.1f.5c1e0a9b3d7f26e48a10@lineout.example
          ^ reference ^ recipient's id (base 36) ^ 80-bit HMAC of both (SECRET_KEY)

Lower case throughout, because mail servers may fold the local part's case. An altered
character anywhere makes the address unknown. The Message-ID of each email is made here
too, on the same domain.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from email.utils import make_msgid

__all__ = ["ReplyTarget", "headers_for", "make_msgid", "read_address", "reply_address"]

from django.conf import settings
from django.utils.crypto import constant_time_compare, salted_hmac

from .reference import REFERENCE_PREFIX

LOCAL_PREFIX = "reply"
_SALT = "lineout.cases.replies"
_MAC_LENGTH = 20  # hex digits: 80 bits
_ADDRESS = re.compile(
    rf"^{LOCAL_PREFIX}\+(?P<ref>[a-z0-9]{{8}})\.(?P<uid>[a-z0-9]{{1,13}})\.(?P<mac>[0-9a-f]{{{_MAC_LENGTH}}})@(?P<domain>[^@\s]+)$"
)


@dataclass(frozen=True)
class ReplyTarget:
    reference: str
    recipient_id: int


def _mac(reference: str, recipient_id: int) -> str:
    return salted_hmac(_SALT, f"{reference}:{recipient_id}", algorithm="sha256").hexdigest()[
        :_MAC_LENGTH]


def _base36(number: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    text = ""
    while True:
        number, rest = divmod(number, 36)
        text = digits[rest] + text
        if not number:
            return text


def reply_address(reference: str, recipient_id: int) -> str:
    compact = reference.replace("-", "")[len(REFERENCE_PREFIX):].lower()
    return (f"{LOCAL_PREFIX}+{compact}.{_base36(recipient_id)}."
            f"{_mac(reference, recipient_id)}@{settings.REPLY_EMAIL_DOMAIN}")


def read_address(address: str) -> ReplyTarget | None:
    """The case and recipient a reply address names, or None when it is not one of ours
    or was altered."""
    match = _ADDRESS.match(address.strip().lower())
    if not match or match["domain"] != settings.REPLY_EMAIL_DOMAIN:
        return None
    ref = match["ref"].upper()
    reference = f"{REFERENCE_PREFIX}-{ref[:4]}-{ref[4:]}"
    recipient_id = int(match["uid"], 36)
    if not constant_time_compare(match["mac"], _mac(reference, recipient_id)):
        return None
    return ReplyTarget(reference, recipient_id)


def headers_for(reference: str, recipient_id: int) -> dict[str, str]:
    """Reply-To and Message-ID for an email about case ``reference`` to that person."""
    return {"Reply-To": reply_address(reference, recipient_id),
            "Message-ID": make_msgid(domain=settings.REPLY_EMAIL_DOMAIN)}
