from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsDataConfig(AppConfig):
    name = "accounts_data"
    verbose_name = _("Your data and sign-in")
