"""Cases in the admin, read-only: a list with filters and a case page that sends agents to
the desk (cases/desk/), where cases are worked. Nothing here changes a case. Editors and
customers never get here; access records and reminders are for operators.
"""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import phonenumbers
from django.conf import settings
from django.contrib import admin, messages
from django.db import models
from django.db.models import Prefetch, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from content.models import ChecklistItem
from portal.staff_sessions import authenticated_recently

from .business_days import business_days_before, business_days_between
from . import reminder_delivery
from .models import AccessRecord, Case, CaseEvent, Document, Reminder
from .workflow import OPEN_STATES, OVERDUE_AFTER_BUSINESS_DAYS, State, is_agent

OVERDUE_STATES = (State.SUBMITTED, State.VERIFYING, State.NEEDS_INFO)

# Image types a browser shows in an <img> (HEIC is listed as a link only).
PREVIEWABLE_TYPES = frozenset({"image/jpeg", "image/png"})

LAST_FOUR_DIGITS = re.compile(r"\d{4}")


# --- Business-day arithmetic for the queue -----------------------------------------------


def overdue_before(now: datetime, zone: ZoneInfo, country: str) -> datetime:
    """Cases that entered their state before this moment have been in it for more than
    ``OVERDUE_AFTER_BUSINESS_DAYS`` business days, counted in the customer's local calendar
    (the same count as the queue's "business days in status" column)."""
    today = now.astimezone(zone).date()
    last_overdue_day = business_days_before(today, OVERDUE_AFTER_BUSINESS_DAYS + 1, country)
    return datetime.combine(last_overdue_day + timedelta(days=1), time.min, tzinfo=zone)


def business_days_in_state(case: Case, now: datetime | None = None) -> int:
    """Business days since the case entered its state, in the customer's local dates and
    the carrier's calendar. Reads only the case, its owner and its carrier."""
    zone = case.owner.zone
    now = now or timezone.now()
    entered = case.entered_state_at.astimezone(zone).date()
    return business_days_between(entered, now.astimezone(zone).date(), case.carrier.country)


def _is_agent(request) -> bool:
    """``is_agent`` asked once per request: the admin checks permissions many times."""
    if not hasattr(request, "_lineout_is_agent"):
        request._lineout_is_agent = is_agent(request.user)
    return request._lineout_is_agent


# --- The queue's filters -----------------------------------------------------------------


class AssignedFilter(admin.SimpleListFilter):
    title = _("assigned")
    parameter_name = "assigned"

    def lookups(self, request, model_admin):
        return [("me", _("Assigned to me")), ("nobody", _("Unassigned"))]

    def choices(self, changelist):
        choices = list(super().choices(changelist))
        choices[0]["display"] = _("Anyone")
        return choices

    def queryset(self, request, queryset):
        if self.value() == "me":
            return queryset.filter(assigned_agent=request.user)
        if self.value() == "nobody":
            return queryset.filter(assigned_agent__isnull=True)
        return queryset


class OverdueFilter(admin.SimpleListFilter):
    title = _("overdue")
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", _("Waiting more than %(days)d business days")
                 % {"days": OVERDUE_AFTER_BUSINESS_DAYS})]

    def queryset(self, request, queryset):
        if self.value() != "yes":
            return queryset
        waiting = queryset.filter(state__in=OVERDUE_STATES)
        # One cutoff per calendar in use: the carrier's country and the customer's zone.
        calendars = waiting.order_by().values_list("carrier__country", "owner__timezone")
        now = timezone.now()
        overdue = Q(pk__in=[])
        for country, zone_name in calendars.distinct():
            cutoff = overdue_before(now, ZoneInfo(zone_name), country)
            overdue |= Q(carrier__country=country, owner__timezone=zone_name,
                         entered_state_at__lt=cutoff)
        return waiting.filter(overdue)


# --- The case admin ----------------------------------------------------------------------


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    list_display = [
        "reference", "status", "carrier", "owner_email", "assigned_agent_email",
        "entered_state_at", "business_days", "submitted_at",
    ]
    list_filter = ["state", "carrier", AssignedFilter, OverdueFilter]
    list_select_related = ["carrier", "owner", "assigned_agent"]
    search_fields = ["=reference", "=verification_code", "owner__email"]
    search_help_text = _("A reference, a confirmation's verification code, the customer's "
                         "email, or the last four digits of the phone number.")
    # Open cases first, the longest waiting at the top.
    ordering = [
        models.Case(When(state__in=sorted(OPEN_STATES), then=Value(0)), default=Value(1)).asc(),
        "entered_state_at",
    ]
    actions = None
    view_on_site = False  # the customer's page: agents would get a 404 there
    fieldsets = [
        (_("Case"), {"fields": ["reference", "status", "assigned_agent_email"]}),
        (_("Customer and line"), {"fields": [
            "owner_email", "carrier_name", "full_phone_number", "line_type", "reason",
            "desired_end_date", "billing_cycle_day", "prepaid_balance", "checklist",
        ]}),
        (_("Dates"), {"fields": [
            "created_at", "submitted_at", "entered_state_at", "business_days", "closed_at",
            "updated_at",
        ]}),
        (_("Outcome"), {"fields": ["verification_code", "rejection_reason"]}),
    ]
    readonly_fields = [name for _title, options in fieldsets for name in options["fields"]]

    class Media:
        css = {"all": ["admin-lineout/cases.css"]}

    # --- Who may do what --------------------------------------------------------------

    def has_view_permission(self, request, obj=None) -> bool:
        return _is_agent(request) and super().has_view_permission(request, obj)

    def has_add_permission(self, request) -> bool:
        return False  # customers open cases

    def has_change_permission(self, request, obj=None) -> bool:
        return False  # cases change through the move buttons only, never through a form

    def has_delete_permission(self, request, obj=None) -> bool:
        return request.user.is_active and request.user.is_superuser

    # --- The queue --------------------------------------------------------------------

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("carrier", "owner", "assigned_agent")

    def get_search_results(self, request, queryset, search_term):
        results, may_have_duplicates = super().get_search_results(
            request, queryset, search_term
        )
        term = search_term.strip()
        if LAST_FOUR_DIGITS.fullmatch(term):
            results |= queryset.filter(phone_number__endswith=term)
        return results, may_have_duplicates

    @admin.display(description=_("status"), ordering="state")
    def status(self, case: Case) -> str:
        return format_html('<span class="case-status case-status--{}">{}</span>',
                           case.state, case.get_state_display())

    @admin.display(description=_("customer"), ordering="owner__email")
    def owner_email(self, case: Case) -> str:
        return case.owner.email

    @admin.display(description=_("agent"), ordering="assigned_agent__email")
    def assigned_agent_email(self, case: Case) -> str:
        return case.assigned_agent.email if case.assigned_agent else "—"

    @admin.display(description=_("business days in status"))
    def business_days(self, case: Case) -> str:
        if not case.is_open:
            return "—"
        days = business_days_in_state(case)
        if case.state in OVERDUE_STATES and days > OVERDUE_AFTER_BUSINESS_DAYS:
            return format_html('<span class="case-overdue" title="{}">{}</span>',
                               _("Overdue"), days)
        return str(days)

    # --- The case page ----------------------------------------------------------------

    @admin.display(description=_("carrier"))
    def carrier_name(self, case: Case) -> str:
        return f"{case.carrier.name} ({case.carrier.country})"

    @admin.display(description=_("phone number"))
    def full_phone_number(self, case: Case) -> str:
        try:
            number = phonenumbers.parse(case.phone_number)
        except phonenumbers.NumberParseException:
            return case.phone_number
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)

    @admin.display(description=_("checklist answers"))
    def checklist(self, case: Case) -> str:
        answers = case.checklist_answers or {}
        if not answers:
            return _("No answers yet.")
        labels = {item.key: item.label for item in ChecklistItem.objects.filter(key__in=answers)}
        return format_html(
            '<ul class="case-checklist">{}</ul>',
            format_html_join("", '<li class="{}">{} {}</li>', (
                ("ticked" if ticked else "unticked", "✓" if ticked else "✗",
                 labels.get(key, key))
                for key, ticked in answers.items()
            )),
        )

    def render_change_form(self, request, context, add=False, change=False, form_url="",
                           obj=None):
        if obj is not None:
            context.update(self._case_page_context(request, obj))
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _case_page_context(self, request, case: Case) -> dict:
        """Documents and timeline, fetched here so the template asks nothing."""
        models.prefetch_related_objects(
            [case],
            Prefetch("events", queryset=CaseEvent.objects.select_related("actor")),
            Prefetch("documents", queryset=Document.objects.select_related("uploaded_by")),
        )
        previews_open = authenticated_recently(
            request, within=settings.STAFF_REAUTHENTICATE_DOCUMENTS_AFTER)
        return {
            "case": case,
            "documents": [
                {"document": document, "url": document.get_absolute_url(),
                 # After 15 minutes the link asks who you are; an <img> could not.
                 "preview": previews_open and document.content_type in PREVIEWABLE_TYPES
                 and not document.purged_at}
                for document in case.documents.all()
            ],
            "events": case.events.all(),
            "desk_url": reverse("desk:case", args=[case.reference]),
        }


# --- Who looked at what ------------------------------------------------------------------


@admin.register(AccessRecord)
class AccessRecordAdmin(admin.ModelAdmin):
    """Read-only, and for superusers only: the record of agents' looks at documents and of
    refused attempts."""

    list_display = ["at", "action", "actor", "case", "target", "ip_address"]
    list_filter = ["action"]
    list_select_related = ["actor", "case"]
    search_fields = ["=case__reference", "actor__email", "target"]
    date_hierarchy = "at"
    actions = None

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_module_permission(self, request) -> bool:
        return self.has_view_permission(request)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    """For operators: what is owed, what was sent, what failed, and a way to retry."""

    list_display = ["case_reference", "kind", "sequence", "due_at", "status", "attempts",
                    "email_status", "short_error"]
    list_filter = ["status", "kind"]
    search_fields = ["case__reference"]
    list_select_related = ["case", "email"]
    date_hierarchy = "due_at"
    actions = ["retry_now"]
    fields = ["case_reference", "kind", "sequence", "for_state", "due_at", "status", "attempts",
              "queued_at", "sent_at", "email_status", "last_error"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("case"), ordering="case__reference")
    def case_reference(self, reminder: Reminder) -> str:
        return reminder.case.reference

    @admin.display(description=_("email"))
    def email_status(self, reminder: Reminder) -> str:
        return reminder.email.get_status_display() if reminder.email else "—"

    @admin.display(description=_("last error"))
    def short_error(self, reminder: Reminder) -> str:
        return reminder.last_error[:80]

    @admin.action(description=_("Retry now"), permissions=["view"])
    def retry_now(self, request, queryset):
        count = reminder_delivery.retry_now(queryset)
        self.message_user(request, ngettext(
            "%(count)d failed reminder will be tried again within a minute.",
            "%(count)d failed reminders will be tried again within a minute.", count,
        ) % {"count": count}, messages.SUCCESS)
