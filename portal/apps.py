from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class PortalConfig(AppConfig):
    default = True
    name = "portal"
    verbose_name = "Lineout"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in
        from django.db.models.signals import post_migrate

        from .staff_groups import sync_staff_groups
        from .staff_sessions import record_staff_sign_in

        # After every app's post_migrate (permissions are created per app), idempotent.
        post_migrate.connect(sync_staff_groups, dispatch_uid="portal-sync-staff-groups")
        user_logged_in.connect(record_staff_sign_in, dispatch_uid="portal-staff-sign-in")

        from .observability import init_sentry

        init_sentry()


class PortalAdminConfig(admin_apps.AdminConfig):
    default = False
    """The Django admin, with Lineout's site: allauth login and two-factor required for staff."""

    default_site = "portal.admin_site.LineoutAdminSite"
