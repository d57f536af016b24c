from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class PortalConfig(AppConfig):
    default = True
    name = "portal"
    verbose_name = "Lineout"
    default_auto_field = "django.db.models.BigAutoField"


class PortalAdminConfig(admin_apps.AdminConfig):
    default = False
    """The Django admin, with Lineout's site: allauth login and two-factor required for staff."""

    default_site = "portal.admin_site.LineoutAdminSite"
