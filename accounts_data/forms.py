"""Forms of sign-in by code and of the account's deletion."""

from __future__ import annotations

from allauth.account.forms import RequestLoginCodeForm as AllauthRequestLoginCodeForm
from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# allauth says "Too many failed login attempts" when codes are asked for too often, which
# is not what happened: say what did.
TOO_MANY_CODES = _("Too many sign-in codes were asked for this address or from this "
                   "connection. Wait a few minutes, then ask again; no new code was sent.")


class RequestLoginCodeForm(AllauthRequestLoginCodeForm):
    def clean_email(self) -> str:
        try:
            return super().clean_email()
        except forms.ValidationError as error:
            if getattr(error, "code", None) == "too_many_login_attempts":
                raise forms.ValidationError(TOO_MANY_CODES, code="too_many_codes") from None
            raise


# The word typed to confirm a deletion, in the page's language.
CONFIRMATION_WORD = pgettext_lazy("typed to confirm deleting an account", "DELETE")


class DeleteAccountForm(forms.Form):
    """Deleting is confirmed by typing the word DELETE (or its translation) or the
    account's email address."""

    confirmation = forms.CharField(
        label=_("Type DELETE or your email address to confirm"), max_length=254,
        strip=True)

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["confirmation"].label = _(
            "Type %(word)s or your email address to confirm") % {"word": CONFIRMATION_WORD}

    def clean_confirmation(self) -> str:
        typed = self.cleaned_data["confirmation"]
        accepted = {str(CONFIRMATION_WORD).casefold(), "delete", self.user.email.casefold()}
        if typed.casefold() not in accepted:
            raise forms.ValidationError(
                _("That is not %(word)s or your email address, so nothing was deleted.")
                % {"word": CONFIRMATION_WORD}, code="not_confirmed")
        return typed
