"""The customer's own settings: language, time zone and which reminders they want."""

import zoneinfo

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import User


def _timezone_choices():
    return [(name, name.replace("_", " ")) for name in sorted(zoneinfo.available_timezones())
            if "/" in name and not name.startswith(("Etc/", "SystemV/", "posix/", "right/"))]


class PreferencesForm(forms.ModelForm):
    timezone = forms.ChoiceField(label=_("Time zone"), choices=_timezone_choices)

    class Meta:
        model = User
        fields = ["first_name", "language", "timezone", "receives_follow_up_reminders",
                  "receives_final_bill_reminders"]
        labels = {"first_name": _("What should we call you?")}
        help_texts = {"first_name": _("Used to greet you in emails.")}
