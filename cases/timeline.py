"""What the portal itself writes on a case's timeline, in the reader's language.

A system line is stored as what happened (``CaseEvent.code`` and its ``params``), never
as a sentence, and worded here when a page is shown: a Chinese reader reads Chinese and an
English reader English, whoever was looking when it happened. People's own words (the
agent's question, the customer's answer, messages and notes) stay in ``message`` as
written.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext, gettext_lazy as _, ngettext


class Code(models.TextChoices):
    CASE_OPENED = "case_opened", _("Case opened")
    DETAILS_UPDATED = "details_updated", _("Details updated")
    DOCUMENT_ADDED = "document_added", _("Document added")
    ASSIGNED_SELF = "assigned_self", _("Agent took the case")
    ASSIGNED_BY = "assigned_by", _("Case assigned by an agent")
    DRAFT_EXPIRED = "draft_expired", _("Unchanged draft withdrawn")
    DOCUMENTS_PURGED = "documents_purged", _("Documents deleted after retention")
    DOCUMENTS_PURGED_DRAFT = "documents_purged_draft", _("Documents of a withdrawn draft deleted")
    DOCUMENTS_PURGED_ACCOUNT = "documents_purged_account", _("Documents deleted with the account")


def _days(params: dict) -> int:
    return int(params["days"])


# The msgids are the sentences the portal used to store, so their translations carry over.
# Each is a literal gettext/ngettext call, so makemessages finds it.
WORDING = {
    Code.CASE_OPENED: lambda p: gettext("Case opened."),
    Code.DETAILS_UPDATED: lambda p: gettext("Details updated."),
    Code.DOCUMENT_ADDED: lambda p: gettext("Document added: %(name)s") % {"name": p["name"]},
    Code.ASSIGNED_SELF: lambda p: gettext("Assigned the case to %(agent)s.") % {
        "agent": p["agent"]},
    Code.ASSIGNED_BY: lambda p: gettext("%(by)s assigned the case to %(agent)s.") % {
        "by": p["by"], "agent": p["agent"]},
    Code.DRAFT_EXPIRED: lambda p: ngettext(
        "The draft was withdrawn automatically: it had no changes for %(days)d day.",
        "The draft was withdrawn automatically: it had no changes for %(days)d days.",
        _days(p)) % {"days": _days(p)},
    Code.DOCUMENTS_PURGED: lambda p: ngettext(
        "Your documents were deleted %(days)d day after the case closed, as promised.",
        "Your documents were deleted %(days)d days after the case closed, as promised.",
        _days(p)) % {"days": _days(p)},
    Code.DOCUMENTS_PURGED_DRAFT: lambda p: gettext(
        "Your documents were deleted right away: the draft was withdrawn before anyone "
        "reviewed them."),
    Code.DOCUMENTS_PURGED_ACCOUNT: lambda p: gettext(
        "The documents were deleted with the account."),
}


def wording(code: str, params: dict | None) -> str:
    """The sentence for ``code`` in the active language; "" for a code this version does
    not know (a row written by a newer release), so the page still renders."""
    word = WORDING.get(code)
    if word is None:
        return ""
    try:
        return word(params or {})
    except (KeyError, TypeError, ValueError):  # a row with missing or odd parameters
        return ""
