"""Where django-allauth is adapted to Lineout: emails through the outbox, language on sign-up."""

from __future__ import annotations

from urllib.parse import quote

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.contrib.sites.shortcuts import get_current_site
from django.urls import reverse
from django.utils import translation

from . import outbox


def _with_branded_html(message, language: str) -> EmailMultiAlternatives:
    """allauth's emails are plain text; add the same words in Lineout's HTML layout."""
    branded = EmailMultiAlternatives(message.subject, message.body, message.from_email,
                                     message.to, headers=message.extra_headers)
    branded.attach_alternative(render_to_string("email/account_body.html", {
        "subject": message.subject, "body": message.body, "language": language,
        "site_name": settings.SITE_NAME,
    }), "text/html")
    return branded


def _on_site_url(value, request):
    """A link allauth built from the request's host, moved to SITE_URL: every email's links
    start with the one configured address, whichever host the request came in on."""
    if not isinstance(value, str) or request is None:
        return value
    origin = request.build_absolute_uri("/").rstrip("/")
    if value == origin or value.startswith(origin + "/") or value.startswith(origin + "?"):
        return settings.SITE_URL + value[len(origin):]
    return value


class AccountAdapter(DefaultAccountAdapter):
    def get_email_confirmation_url(self, request, emailconfirmation) -> str:
        return settings.SITE_URL + reverse("account_confirm_email",
                                           args=[emailconfirmation.key])

    def get_reset_password_from_key_url(self, key: str) -> str:
        # allauth's URL takes the key as "<uidb36>-<key>" in one path segment.
        path = reverse("account_reset_password_from_key",
                       kwargs={"uidb36": "UID", "key": "KEY"})
        return settings.SITE_URL + path.replace("UID-KEY", quote(key))

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Render the account email and write it to the outbox instead of calling SMTP.

        A known account gets the email in its saved language, whatever language the
        request that caused it was made in (a reset asked for from a borrowed phone).
        """
        request = allauth_context.request
        recipient = get_user_model().objects.filter(email__iexact=email).first()
        language = recipient.language if recipient else translation.get_language()
        ctx = {"request": request, "email": email, "current_site": get_current_site(request),
               "site_name": settings.SITE_NAME, "site_url": settings.SITE_URL,
               "operator_name": settings.OPERATOR_NAME}
        ctx.update({key: _on_site_url(value, request) for key, value in context.items()})
        with translation.override(language):
            message = self.render_mail(template_prefix, email, ctx)
            if not getattr(message, "alternatives", None) and message.content_subtype == "plain":
                message = _with_branded_html(message, language)
        outbox.enqueue(message, kind=template_prefix, recipient=recipient)

    def save_user(self, request, user, form, commit=True):
        """A new account starts in the language the visitor signed up in, and in their
        browser's time zone when the sign-up page could read it (else the default)."""
        user = super().save_user(request, user, form, commit=False)
        user.language = translation.get_language() or user.language
        if user.language not in {code for code, _name in user._meta.get_field("language").choices}:
            user.language = "en"
        browser_timezone = getattr(form, "cleaned_data", {}).get("timezone")
        if browser_timezone:
            user.timezone = browser_timezone
        if commit:
            user.save()
        return user
