"""The admin's side: the invitations (read only, never a token) and the action on users."""

from __future__ import annotations

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _, ngettext

from . import services
from .models import StaffInvitation


@admin.action(description=_("Send a two-factor enrolment invitation"), permissions=["change"])
def send_enrolment_invitation(modeladmin, request, queryset):
    """For each selected staff account without two-factor, a new emailed invitation."""
    sent = 0
    for user in queryset:
        try:
            services.invite(user=user, by=request.user)
        except services.InvitationRefused as refusal:
            modeladmin.message_user(request, f"{user.email}: {refusal.message}", messages.WARNING)
        else:
            sent += 1
    if sent:
        modeladmin.message_user(
            request,
            ngettext("%(count)d enrolment invitation was sent.",
                     "%(count)d enrolment invitations were sent.", sent) % {"count": sent},
            messages.SUCCESS,
        )


@admin.register(StaffInvitation)
class StaffInvitationAdmin(admin.ModelAdmin):
    list_display = ["user", "created_at", "expires_at", "used_at", "created_by"]
    list_filter = ["used_at"]
    search_fields = ["user__email"]
    fields = list_display
    readonly_fields = fields
    list_select_related = ["user", "created_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
