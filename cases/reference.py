"""Random, unguessable codes shown to people: case references and closing-confirmation codes.

The alphabet leaves out characters that are easy to misread or mistype when a customer
reads a code over the phone (0/O, 1/I/L) and U (so codes never spell common words).
"""

from __future__ import annotations

import re
import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
REFERENCE_PREFIX = "LX"
REFERENCE_PATTERN = re.compile(rf"^{REFERENCE_PREFIX}-[{ALPHABET}]{{4}}-[{ALPHABET}]{{4}}$")
VERIFICATION_CODE_LENGTH = 10


def random_code(length: int) -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


def new_reference() -> str:
    """``LX-XXXX-XXXX``: 30⁸ (about 6.5 × 10¹¹) possibilities, so references cannot be guessed."""
    return f"{REFERENCE_PREFIX}-{random_code(4)}-{random_code(4)}"


def new_verification_code() -> str:
    """The code printed on a closing confirmation, by which a carrier can check it is ours."""
    return random_code(VERIFICATION_CODE_LENGTH)


def normalize_reference(text: str) -> str:
    """What a customer typed (``lx-7kq2-m9xd``, spaces) as a stored reference."""
    return "".join(text.split()).upper()


def is_reference(text: str) -> bool:
    return bool(REFERENCE_PATTERN.match(text))
