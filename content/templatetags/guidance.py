"""Template filters for guidance pages."""

from django import template

from content import markdown

register = template.Library()


@register.filter
def phone_links(text: str):
    """A carrier's support phone ("611 or 1-800-937-8997") with each number tappable."""
    return markdown.phone_links(text)
