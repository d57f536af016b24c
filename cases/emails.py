"""The customer's status email for each move, written to the outbox in the move's transaction.

Words come from the editors' ``EmailCopy`` row for the key, in the customer's language;
while no row exists, the built-in copy below is used. The text body is that copy; the HTML
body wraps the same words in templates/email/case_status_body.html.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from accounts_data import links
from content.models import EmailCopy, fill_placeholders, placeholder_names
from portal import outbox

from . import replies
from .money import format_money


if TYPE_CHECKING:
    from .models import Case

Key = EmailCopy.Key


GREETING = _("Hello {first_name},")
SIGN_OFF = _("The %(site_name)s team")
# Under every sign-off, whatever copy the editors wrote: who runs this Lineout.
OPERATOR_LINE = _("Operator: %(operator)s")

FALLBACK_COPY: dict[str, tuple[Promise, Promise]] = {
    Key.CASE_SUBMITTED: (
        _("We have your request {reference}"),
        _("We have your request to close the {carrier} line {masked_phone}. An agent will "
          "verify your identity and your documents; review takes 1–3 business days. You "
          "cancel the line yourself by calling {carrier} as the account holder; then write "
          "{carrier}'s confirmation number on your case page, and we record it.\n\n"
          "Follow your case here: {case_url}"),
    ),
    Key.CASE_VERIFYING: (
        _("Your case {reference} is under review"),
        _("An agent has started checking your request to close the {carrier} line "
          "{masked_phone}. We expect to finish by {expected_by} and will email you if we "
          "need anything.\n\nFollow your case here: {case_url}"),
    ),
    Key.CASE_NEEDS_INFO: (
        _("We need your answer for {reference}"),
        _("To go on with your case for the {carrier} line {masked_phone}, our agent needs "
          "something from you:\n\n{message}\n\nPlease answer on your case page: {case_url}"),
    ),
    Key.CASE_INFO_PROVIDED: (
        _("Thank you, we have your answer for {reference}"),
        _("Your answer is with the agent, who goes on with the review of your request to "
          "close the {carrier} line {masked_phone}.\n\nYou wrote:\n{message}\n\n"
          "Follow your case here: {case_url}"),
    ),
    Key.CASE_DONE: (
        _("Your closing confirmation is ready ({reference})"),
        _("We have recorded the cancellation of the {carrier} line {masked_phone}. Your "
          "closing confirmation is ready on your case page: {case_url}\n\nIt is issued by "
          "Lineout's operator, not by {carrier}: keep it with {carrier}'s own confirmation "
          "number, text or email, check your final bill, and ask the carrier whether any "
          "prepaid balance can be refunded."),
    ),
    Key.CASE_REJECTED: (
        _("We could not complete your case {reference}"),
        _("We could not complete your case for the {carrier} line {masked_phone}, for this "
          "reason:\n\n"
          "{reason}\n\nYou can open a new case once this is sorted out. "
          "Your case: {case_url}"),
    ),
    Key.CASE_WITHDRAWN: (
        _("You withdrew case {reference}"),
        _("You withdrew your request to close the {carrier} line {masked_phone}. Nothing "
          "more will happen on this case. It does not undo a cancellation you may already "
          "have asked {carrier} for.\n\nYour case: {case_url}"),
    ),
    Key.CASE_EXPIRED: (
        _("We withdrew your draft {reference}"),
        _("Your request to close the {carrier} line {masked_phone} was never submitted. "
          "{message} Nothing more will happen on this case, "
          "and the documents you uploaded are being deleted now.\n\nYou can open a new case "
          "at any time. Your case: {case_url}"),
    ),
}


REMINDER_COPY: dict[str, tuple[Promise, Promise]] = {
    Key.REVIEW_FOLLOW_UP: (
        _("Your case {reference} is being reviewed"),
        _("We are checking your request to close the {carrier} line {masked_phone}. Review "
          "takes 1–3 business days; we expect to finish by {expected_by}. You do not need "
          "to do anything now.\n\nFollow your case here: {case_url}"),
    ),
    Key.REVIEW_OVERDUE: (
        _("Your case {reference} is taking longer than expected"),
        _("The review of your request to close the {carrier} line {masked_phone} is taking "
          "longer than 3 business days. We are on it, and our agents have been told. You do "
          "not need to do anything.\n\nFollow your case here: {case_url}"),
    ),
    Key.INFO_NUDGE: (
        _("We still need your answer for {reference}"),
        _("Our agent is waiting for your reply before going on with your case for the "
          "{carrier} line {masked_phone}. Please reply on your case page: {case_url}"),
    ),
    Key.FINAL_BILL: (
        _("Check your final bill for {masked_phone}"),
        _("Your {carrier} line {masked_phone} was closed, and the final bill should be issued "
          "around {due_date}. It may run to the end of the bill cycle rather than to the day "
          "you closed. Check each charge and any device balance. Turn off AutoPay only once "
          "it is paid and no other line on the account still uses it. Keep your closing "
          "confirmation: {case_url}"),
    ),
    Key.BALANCE_REFUND: (
        _("Ask {carrier} about your prepaid balance"),
        _("The line {masked_phone} was closed with a prepaid balance of {balance}. If it has "
          "not come back yet, ask {carrier} whether it can be refunded, and keep their "
          "answer with your closing confirmation: {case_url}"),
    ),
    Key.DRAFT_NUDGE: (
        _("Your draft {reference} is waiting for you"),
        _("You started a request to close the {carrier} line {masked_phone}, but it has not "
          "been submitted and has not changed for a while. To go on, finish the checklist, "
          "upload your documents and submit it: {case_url}\n\nIf it stays unchanged, we "
          "will withdraw it on {withdraw_date} and delete its documents. If you no longer "
          "need it, you can withdraw it yourself on the same page."),
    ),
}

AGENT_OVERDUE_COPY = (
    _("Overdue: case {reference} has waited 3 business days"),
    _("Case {reference} ({carrier}) has been under review for 3 business days. Please "
      "finish it or ask the customer for what is missing."),
)


def queue_status_email(case: Case, key: str, *, message: str = "") -> None:
    """Write the status email ``key`` for ``case`` to the outbox, in the owner's language.
    ``message`` is the agent's question or the customer's answer, where the move has one."""
    owner = case.owner
    with translation.override(owner.language):
        context = status_context(case, message=message)
        subject, body = _words(key, context)
        html = render_to_string("email/case_status_body.html", {
            **context,
            "subject": subject,
            "body": body,
            "language": translation.get_language(),
            "site_name": settings.SITE_NAME,
        })
    email = EmailMultiAlternatives(subject=subject, body=body, to=[owner.email],
                                   headers=replies.headers_for(case.reference, owner.pk))
    email.attach_alternative(html, "text/html")
    outbox.enqueue(email, kind=f"case/{key}", recipient=owner)


MESSAGE_TO_CUSTOMER_COPY = (
    _("New message about your case {reference}"),
    _("Our agent wrote about your request to close the {carrier} line {masked_phone}:\n\n"
      "{message}\n\nReply to this email, or answer on your case page: {case_url}"),
)
MESSAGE_TO_AGENT_COPY = (
    _("Customer wrote on {reference}"),
    _("The customer wrote on case {reference} ({carrier}, {state}):\n\n{message}\n\n"
      "Reply to this email, or answer in the desk: {case_url}"),
)


def queue_message_to_customer(case: Case, event) -> None:
    """An agent's message, emailed to the customer in their language, with a reply
    address for this case."""
    owner = case.owner
    with translation.override(owner.language):
        context = status_context(case, message=event.message)
        subject, body = _copy(MESSAGE_TO_CUSTOMER_COPY, context)
        html = render_to_string("email/case_status_body.html", {
            **context, "subject": subject, "body": body,
            "language": translation.get_language(), "site_name": settings.SITE_NAME,
        })
    email = EmailMultiAlternatives(subject=subject, body=body, to=[owner.email],
                                   headers=replies.headers_for(case.reference, owner.pk))
    email.attach_alternative(html, "text/html")
    outbox.enqueue(email, kind="case/message_to_customer", recipient=owner)


def queue_message_to_agents(case: Case, event) -> None:
    """A customer's message, emailed to the case's agent; with none assigned, to the
    shared agents' address (AGENTS_EMAIL) or else to every agent. Never to its author."""
    from django.contrib.auth import get_user_model

    from .workflow import AGENTS_GROUP

    if case.assigned_agent_id and case.assigned_agent.is_active:
        recipients = [case.assigned_agent]
    elif settings.AGENTS_EMAIL:
        recipients = [None]
    else:
        recipients = list(get_user_model().objects.filter(
            is_active=True, is_staff=True, groups__name=AGENTS_GROUP,
        ).exclude(pk=event.actor_id).order_by("pk")[:MAX_AGENTS_TOLD])
    for agent in recipients:
        with translation.override(agent.language if agent else settings.LANGUAGE_CODE):
            # The agent's link to the case is the desk's page.
            context = {**status_context(case, message=event.message),
                       "case_url": settings.SITE_URL + reverse("desk:case",
                                                               args=[case.reference])}
            subject, body = _copy(MESSAGE_TO_AGENT_COPY, context)
        # A shared inbox has no account: its replies are refused (the sender must be an
        # agent replying to their own address), so it gets no Reply-To of ours.
        headers = (replies.headers_for(case.reference, agent.pk) if agent
                   else {"Message-ID": replies.make_msgid(domain=settings.REPLY_EMAIL_DOMAIN)})
        email = EmailMultiAlternatives(subject=subject, body=body,
                                       to=[agent.email if agent else settings.AGENTS_EMAIL],
                                       headers=headers)
        outbox.enqueue(email, kind="case/message_to_agent", recipient=agent)


# At most this many agents are emailed about one event on an unassigned case.
MAX_AGENTS_TOLD = 20


def _copy(copy: tuple[Promise, Promise], context: dict[str, str]) -> tuple[str, str]:
    subject = fill_placeholders(str(copy[0]), context)
    sign_off = str(SIGN_OFF) % {"site_name": settings.SITE_NAME}
    body = fill_placeholders(f"{GREETING!s}\n\n{copy[1]!s}\n\n{sign_off}", context)
    return " ".join(subject.split()), _with_operator(body)


def _with_operator(body: str) -> str:
    return body.rstrip("\n") + "\n" + str(OPERATOR_LINE) % {"operator": settings.OPERATOR_NAME}


def status_context(case: Case, *, message: str = "", today=None) -> dict[str, str]:
    """The placeholders of EMAIL_PLACEHOLDERS for ``case``, in the active language.
    ``today`` is the customer's local date the email is written on (now by default): an
    expected review date before it is never promised, so ``expected_by`` is then empty."""
    balance = case.prepaid_balance
    expected = case.expected_review_end()
    if expected is not None and expected < (today or _local_today(case)):
        expected = None
    return {
        "reference": case.reference,
        "first_name": case.owner.first_name.strip()
        or pgettext("greeting when the first name is unknown", "there"),
        "carrier": case.carrier.name,
        "masked_phone": case.masked_phone,
        "state": str(case.get_state_display()),
        # Marked as from an email: signed out, the visitor is offered a sign-in code first.
        "case_url": links.from_email(settings.SITE_URL + case.get_absolute_url()),
        "expected_by": _date(expected),
        "message": message,
        "reason": case.rejection_reason,
        "balance": format_money(balance, case.carrier.country) if balance is not None else "",
        "withdraw_date": _date(_draft_withdraw_day(case)),
    }


def _local_today(case: Case):
    return timezone.now().astimezone(case.owner.zone).date()


def review_is_late(case: Case, today) -> bool:
    """The review's expected end (business day 3) is a day before ``today``."""
    expected = case.expected_review_end()
    return expected is not None and expected < today


def _draft_withdraw_day(case: Case):
    """The customer's local date on which the draft sweep withdraws an unchanged draft."""
    if case.state != case.State.DRAFT or case.updated_at is None:
        return None
    withdraw_at = case.updated_at + timedelta(days=settings.DRAFT_WITHDRAW_AFTER_DAYS)
    return withdraw_at.astimezone(case.owner.zone).date()


def build_reminder_email(reminder, *, unsubscribe_url: str,
                         now=None) -> EmailMultiAlternatives:
    """The customer's reminder, in their language and time zone, with a one-click
    unsubscribe (List-Unsubscribe and List-Unsubscribe-Post, RFC 8058).

    Written on ``now`` (the send time): once the expected end of the review has passed,
    a review follow-up says that review is taking longer (the overdue words) and no
    reminder names the past date."""
    case, owner = reminder.case, reminder.case.owner
    today = (now or timezone.now()).astimezone(owner.zone).date()
    late = reminder.kind in LATE_REVIEW_KINDS and review_is_late(case, today)
    key = Key.REVIEW_OVERDUE if late else reminder.kind
    with translation.override(owner.language):
        context = status_context(case, today=today)
        context["due_date"] = formats.date_format(
            reminder.due_at.astimezone(owner.zone).date(), "DATE_FORMAT")
        if not context["expected_by"] and case.entered_state_at and not late:
            context["expected_by"] = context["due_date"]
        subject, body = _words(key, context, without_placeholder="expected_by" if late else "")
        html = render_to_string("email/case_status_body.html", {
            **context, "subject": subject, "body": body,
            "language": translation.get_language(), "site_name": settings.SITE_NAME,
            "unsubscribe_url": unsubscribe_url,
        })
        body += "\n\n-- \n" + str(_("Stop these reminders: %(url)s") % {"url": unsubscribe_url})
    email = EmailMultiAlternatives(subject=subject, body=body, to=[owner.email], headers={
        "List-Unsubscribe": f"<{unsubscribe_url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        **replies.headers_for(case.reference, owner.pk),
    })
    email.attach_alternative(html, "text/html")
    return email


# The reminders of a review in progress: written after its expected end, they must not
# promise that end.
LATE_REVIEW_KINDS = frozenset({Key.REVIEW_FOLLOW_UP, Key.REVIEW_OVERDUE})


def build_agent_overdue_email(case, agent) -> EmailMultiAlternatives:
    """Tell an agent a case has waited too long (in the agent's language)."""
    with translation.override(agent.language):
        context = status_context(case)
        subject = fill_placeholders(str(AGENT_OVERDUE_COPY[0]), context)
        body = fill_placeholders(str(AGENT_OVERDUE_COPY[1]), context)
        body += "\n\n" + settings.SITE_URL + reverse("desk:case", args=[case.reference])
    return EmailMultiAlternatives(subject=" ".join(subject.split()), body=body, to=[agent.email],
                                  headers=replies.headers_for(case.reference, agent.pk))


def _words(key: str, context: dict[str, str], *,
           without_placeholder: str = "") -> tuple[str, str]:
    """Subject and body of ``key``: the editors' copy, else the built-in words. With
    ``without_placeholder``, editors' copy that uses it gives way to the built-in words
    (which do not), so a value that must not be shown is never asked for."""
    copy = EmailCopy.objects.filter(key=key).first()
    if copy is not None and without_placeholder and without_placeholder in (
            placeholder_names(copy.subject) + placeholder_names(copy.body)):
        copy = None
    if copy is not None:
        subject, body = copy.render(context)
    else:
        fallback_subject, fallback_body = {**FALLBACK_COPY, **REMINDER_COPY}[key]
        subject = fill_placeholders(str(fallback_subject), context)
        sign_off = str(SIGN_OFF) % {"site_name": settings.SITE_NAME}
        body = fill_placeholders(f"{GREETING!s}\n\n{fallback_body!s}\n\n{sign_off}", context)
    # A header injection guard: editors' copy is one line, but never trust it to be.
    return " ".join(subject.split()), _with_operator(body)


def _date(day) -> str:
    return formats.date_format(day, "DATE_FORMAT") if day else ""
