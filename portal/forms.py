"""The customer's own settings: language, time zone and which reminders they want."""

from django import forms
from django.utils.translation import gettext_lazy as _

from . import timezones
from .models import User


class TimezoneSelect(forms.Select):
    """The zones grouped by region; each option carries its country and current offset so
    the page's script can offer the zones like the browser's first."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        option["attrs"].update(timezones.option_attributes(str(value)))
        return option


class TimezoneField(forms.ChoiceField):
    """A canonical zone from the menu, or the value the account already has (an alias
    stored before the menu lost them keeps validating)."""

    def __init__(self, *args, stored: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.stored = stored

    def valid_value(self, value) -> bool:
        return bool(value) and value == self.stored or super().valid_value(value)


class PreferencesForm(forms.ModelForm):
    timezone = TimezoneField(
        label=_("Time zone"), choices=timezones.menu_choices,
        widget=TimezoneSelect(attrs={"data-timezone-menu": "",
                                     "data-suggested-label": _("Suggested for this device")}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        stored = self.instance.timezone
        shown = timezones.canonical_name(stored) or stored
        field = self.fields["timezone"]
        field.stored = stored
        self.initial["timezone"] = shown
        if shown and timezones.canonical_name(shown) is None:
            # Not a menu zone (say Etc/GMT+5, set by staff): shown as is, so saving the
            # other settings does not change it.
            field.choices = [*field.choices, (shown, shown)]

    class Meta:
        model = User
        fields = ["first_name", "language", "timezone", "receives_follow_up_reminders",
                  "receives_final_bill_reminders"]
        labels = {"first_name": _("Your name")}
        help_texts = {"first_name": _("Used to greet you in emails.")}


class SignupNameForm(forms.Form):
    """The name asked at sign-up (ACCOUNT_SIGNUP_FORM_CLASS, beside allauth's own fields):
    optional and one field, kept as typed in ``first_name``; emails greet with it."""

    # Shown before the email address; allauth keeps its own fields' order after it.
    field_order = ["first_name", "email", "password1", "password2"]

    first_name = forms.CharField(
        label=_("Your name (optional)"), required=False, max_length=150,
        help_text=_("We greet you with it in emails. You can change it in your settings."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )

    # Filled by the page's script with the browser's zone (Intl), so a new account starts
    # in the customer's own time zone; empty or unknown keeps the site's default.
    timezone = forms.CharField(required=False, max_length=64,
                               widget=forms.HiddenInput(attrs={"data-browser-timezone": ""}))

    def clean_first_name(self) -> str:
        return " ".join(self.cleaned_data["first_name"].split())

    def clean_timezone(self) -> str:
        return timezones.canonical_name(self.cleaned_data["timezone"]) or ""

    def signup(self, request, user) -> None:
        """Nothing more to do: allauth's save_user already copied ``first_name`` from the
        cleaned data onto the new account (allauth requires the method)."""
