"""Admin for accounts and the outbox. Email bodies are never shown: they may hold links."""

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _, ngettext

from staff_invites.admin import send_enrolment_invitation

from . import outbox
from .models import OutboundEmail, User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "language", "is_staff", "is_active", "date_joined"]
    list_filter = ["is_staff", "is_active", "language", "groups"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Personal info"), {"fields": ["first_name", "last_name", "language", "timezone"]}),
        (_("Reminders"), {"fields": ["receives_follow_up_reminders",
                                     "receives_final_bill_reminders"]}),
        (_("Permissions"), {"fields": ["is_active", "is_staff", "is_superuser", "groups",
                                       "user_permissions"]}),
        (_("Important dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]
    actions = [send_enrolment_invitation]


@admin.register(OutboundEmail)
class OutboundEmailAdmin(admin.ModelAdmin):
    list_display = ["created_at", "kind", "recipient_addresses", "status", "attempts",
                    "next_attempt_at", "sent_at", "short_error"]
    list_filter = ["status", "kind"]
    search_fields = ["to", "subject"]
    date_hierarchy = "created_at"
    fields = ["kind", "to", "subject", "status", "attempts", "created_at", "next_attempt_at",
              "sent_at", "last_error"]
    readonly_fields = fields
    actions = ["retry_now"]
    list_per_page = 100

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("to"))
    def recipient_addresses(self, email: OutboundEmail) -> str:
        return ", ".join(email.to)

    @admin.display(description=_("last error"))
    def short_error(self, email: OutboundEmail) -> str:
        return email.last_error[:80]

    @admin.action(description=_("Retry now"), permissions=["view"])
    def retry_now(self, request, queryset):
        count = outbox.retry_now(queryset)
        outbox.dispatch()
        self.message_user(
            request,
            ngettext("%(count)d failed email will be sent again.",
                     "%(count)d failed emails will be sent again.", count) % {"count": count},
            messages.SUCCESS,
        )
