"""Markdown for editors, rendered and then sanitized with an allow-list (nh3).

Editors are trusted with words, not with script: tags, attributes and URL schemes outside
the lists below are removed, so `<script>`, `onerror=` and `javascript:` links never reach a
customer's page.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

import markdown as markdown_lib
import nh3
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from markdown.inlinepatterns import InlineProcessor

ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "strong", "em", "b", "i", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "table", "thead", "tbody", "tr", "th", "td", "abbr",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto", "tel"}


# Phone numbers a customer taps to call, written as editors write them: a North American
# number ("1-800-937-8997", "(800) 937-8997", "+1 800 937 8997") or a three-digit service
# code ("611"). Not part of a longer number, an amount, a date or a word on either side.
PHONE_NUMBER = re.compile(
    r"(?<![A-Za-z0-9_$€£¥+./:,-])"
    r"(?:(?P<country>\+?1[-. ])?(?P<area>\(\d{3}\)\s?|\d{3}[-. ])\d{3}[-. ]\d{4}"
    r"|(?P<service>[2-9]11))"
    r"(?![A-Za-z0-9_/:-]|[.,]\d)"
)


def tel_href(number: str) -> str:
    """The tel: URI of a number PHONE_NUMBER found: +1 and ten digits, or the service code."""
    digits = re.sub(r"\D", "", number)
    if len(digits) == 3:
        return f"tel:{digits}"
    return f"tel:+1{digits[-10:]}"


def phone_links(text: str) -> SafeString:
    """Plain text (a carrier's support phone) escaped, with each phone number a tel: link."""
    escaped = str(escape(text or ""))
    return mark_safe(PHONE_NUMBER.sub(  # noqa: S308 - escaped above; the link is ours
        lambda match: f'<a href="{tel_href(match.group(0))}">{match.group(0)}</a>', escaped))


class _PhoneLink(InlineProcessor):
    """Turns a phone number in a guide's text into a tel: link (not inside a link or code)."""

    ANCESTOR_EXCLUDES = ("a", "code", "pre")

    def handleMatch(self, match, data):  # noqa: N802 - Markdown's name
        link = etree.Element("a", {"href": tel_href(match.group(0))})
        link.text = match.group(0)
        return link, match.start(0), match.end(0)


class PhoneLinkExtension(markdown_lib.Extension):
    def extendMarkdown(self, md):  # noqa: N802 - Markdown's name
        # After emphasis (so "**611**" links too), before anything that could split a number.
        md.inlinePatterns.register(_PhoneLink(PHONE_NUMBER.pattern, md), "phone_link", 5)


def render(text: str) -> SafeString:
    html = markdown_lib.markdown(text or "",
                                 extensions=["sane_lists", "tables", PhoneLinkExtension()],
                                 output_format="html")
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )
    return mark_safe(clean)  # noqa: S308 - sanitized just above
