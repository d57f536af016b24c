"""Links in emails carry ``?via=email``, so a visitor who arrives signed out is offered a
sign-in code first (they have their inbox open), and lands on the page the link named."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

VIA_PARAMETER = "via"
VIA_EMAIL = "email"


def from_email(url: str) -> str:
    """``url`` marked as followed from an email."""
    separator = "&" if urlsplit(url).query else "?"
    return f"{url}{separator}{VIA_PARAMETER}={VIA_EMAIL}"


def came_from_email(next_url: str | None) -> bool:
    """Whether the page a visitor is signing in for was reached from an email link."""
    if not next_url:
        return False
    return VIA_EMAIL in parse_qs(urlsplit(next_url).query).get(VIA_PARAMETER, [])
