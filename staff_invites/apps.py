from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StaffInvitesConfig(AppConfig):
    """Staff set up two-factor only through an emailed, one-time enrolment invitation."""

    name = "staff_invites"
    verbose_name = _("Staff enrolment")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from allauth.mfa.signals import authenticator_added

        from .grants import end_grant_on_enrolment

        authenticator_added.connect(end_grant_on_enrolment,
                                    dispatch_uid="staff-invites-end-grant")
