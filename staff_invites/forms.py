"""What accepting an invitation asks of someone not signed in: a new password when the
account has none, otherwise the account's password (the link alone is not enough)."""

from __future__ import annotations

from allauth.core import ratelimit
from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _


class ChoosePasswordForm(forms.Form):
    password1 = forms.CharField(label=_("New password"), strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    password2 = forms.CharField(label=_("New password (again)"), strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def __init__(self, user, *args, request=None, **kwargs) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned_data = super().clean()
        password1, password2 = cleaned_data.get("password1"), cleaned_data.get("password2")
        if password1 and password2:
            if password1 != password2:
                self.add_error("password2", _("The two passwords are not the same."))
            else:
                try:
                    password_validation.validate_password(password1, self.user)
                except forms.ValidationError as error:
                    self.add_error("password1", error)
        return cleaned_data

    @property
    def new_password(self) -> str | None:
        return self.cleaned_data["password1"]


class ConfirmPasswordForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"), strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))

    def __init__(self, user, *args, request=None, **kwargs) -> None:
        self.user = user
        self.request = request
        super().__init__(*args, **kwargs)

    def clean_password(self) -> str:
        # The same failed-login budget as allauth's sign-in form, per address.
        key = self.user.email.lower()
        if not ratelimit.consume(self.request, action="login_failed", key=key, dry_run=True):
            raise forms.ValidationError(
                _("Too many wrong passwords. Wait a few minutes and try again."))
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            ratelimit.consume(self.request, action="login_failed", key=key)
            raise forms.ValidationError(_("That is not this account's password."))
        return password

    @property
    def new_password(self) -> None:
        return None
