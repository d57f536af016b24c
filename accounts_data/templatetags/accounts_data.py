"""``{% came_from_email %}``: whether the sign-in page was reached from a link in an email."""

from django import template
from django.contrib.auth import REDIRECT_FIELD_NAME

from accounts_data.links import came_from_email as _came_from_email

register = template.Library()


@register.simple_tag(takes_context=True)
def came_from_email(context) -> bool:
    request = context.get("request")
    if request is None:
        return False
    next_url = request.POST.get(REDIRECT_FIELD_NAME) or request.GET.get(REDIRECT_FIELD_NAME)
    return _came_from_email(next_url)


@register.inclusion_tag("accounts_data/privacy_after_deletion.html", takes_context=True)
def after_deletion_retention(context) -> dict:
    """The privacy notice's words on a deleted account, with retention.py's periods."""
    from accounts_data.retention import DONE_CASE_YEARS, OTHER_CASE_YEARS

    return {"done_years": DONE_CASE_YEARS, "other_years": OTHER_CASE_YEARS,
            "user": context.get("user")}
