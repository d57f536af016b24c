"""The editors' admin: each translated field labelled with its language, which Chinese texts
are missing or older than their English, which carrier facts are due a check at their
source, and a preview that is the public page itself."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q
from django.http import Http404
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils import translation
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import capfirst, format_lazy
from django.utils.translation import gettext, gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline

from .models import (
    CHINESE_SUFFIX, FACT_CHECK_MAX_AGE_DAYS, FAQ, Carrier, ChecklistItem, EmailCopy, Guide,
    GuideStep, TranslationState, facts_to_check,
)

STATE_EXPLANATIONS = {
    TranslationState.MISSING: _("Missing: customers reading Chinese see the English text."),
    TranslationState.OUT_OF_DATE: _(
        "Needs update: the English changed after this Chinese text was saved."),
}


def language_name(code: str):
    return dict(settings.LANGUAGES)[code]


def field_label(obj, name: str) -> str:
    return str(type(obj)._meta.get_field(name).verbose_name)


def translation_problems(obj) -> dict[str, list[str]]:
    """``{"Missing": ["body"], "Needs update": ["title"]}`` for one row, without queries."""
    problems: dict[str, list[str]] = {}
    for name, state in obj.translation_states().items():
        if state != TranslationState.CURRENT:
            problems.setdefault(str(state.label), []).append(field_label(obj, name))
    return problems


def describe_problems(problems: dict[str, list[str]]) -> str:
    return "; ".join(f"{state}: {', '.join(fields)}" for state, fields in problems.items())


def step_problems(step: GuideStep, problems: dict[str, list[str]]) -> str:
    return gettext("Step %(order)s: %(problems)s") % {
        "order": step.order, "problems": describe_problems(problems)}


class LanguageLabelsMixin:
    """Label each language's field "Title [English]", "Title [Simplified Chinese]".

    modeltranslation's tabbed admin took the language out of the labels for its tabs, and
    its tabs need a jQuery UI from a CDN that the Content-Security-Policy refuses: editors
    saw two fields both labelled "Title". Fields are listed one under the other instead."""

    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        language = getattr(db_field, "language", None)
        original = getattr(db_field, "translated_field", None)
        if field is not None and language and original is not None:
            field.label = format_lazy("{} [{}]", capfirst(original.verbose_name),
                                      language_name(language))
        return field


class TranslationStateForm(forms.ModelForm):
    """Tells the editor, at the Chinese field itself, that it is missing or out of date."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            return
        for name, state in self.instance.translation_states().items():
            field = self.fields.get(f"{name}_{CHINESE_SUFFIX}")
            if field is not None and state in STATE_EXPLANATIONS:
                field.help_text = STATE_EXPLANATIONS[state]
                field.widget.attrs["aria-invalid"] = "true"


class ChineseFreshnessFilter(admin.SimpleListFilter):
    title = _("Chinese translation")
    parameter_name = "chinese"

    def lookups(self, request, model_admin):
        return [("needs_update", _("Chinese missing or out of date"))]

    def queryset(self, request, queryset):
        if self.value() != "needs_update":
            return queryset
        related = getattr(self, "related_name", None)
        if related is None:
            return queryset.filter(chinese_needs_update=True)
        condition = Q(chinese_needs_update=True) | Q(**{f"{related}__chinese_needs_update": True})
        return queryset.filter(pk__in=queryset.model.objects.filter(condition).values("pk"))


class GuideChineseFreshnessFilter(ChineseFreshnessFilter):
    """A guide needs work when its own texts or any of its steps' texts do."""

    related_name = "steps"


class StaleFactsFilter(admin.SimpleListFilter):
    title = _("Carrier facts")
    parameter_name = "facts"

    def lookups(self, request, model_admin):
        return [("stale", gettext("Facts not checked for %(days)s days")
                 % {"days": FACT_CHECK_MAX_AGE_DAYS})]

    def queryset(self, request, queryset):
        if self.value() == "stale":
            return queryset.filter(facts_to_check())
        return queryset


class ContentAdmin(LanguageLabelsMixin, TranslationAdmin):
    """Shared by every content model: the translation-status column, filter and actions."""

    form = TranslationStateForm
    list_filter = [ChineseFreshnessFilter]

    @admin.display(description=_("Chinese"))
    def translation_status(self, obj) -> str:
        problems = translation_problems(obj)
        if not problems:
            return format_html('<span title="{}">✓</span>', _("Translated"))
        return format_html('<span class="missing-translation">{}</span>',
                           describe_problems(problems))

    def save_related(self, request, form, formsets, change):
        """Emptying a Chinese text falls back to English on the site: say so at once."""
        super().save_related(request, form, formsets, change)
        problems = self.problems_after_save(form.instance)
        if problems:
            messages.warning(request, gettext(
                "The Chinese text is missing or out of date in: %(fields)s. Customers "
                "reading Chinese see the English text until it is translated."
            ) % {"fields": problems})

    def problems_after_save(self, obj) -> str:
        return describe_problems(translation_problems(obj))

    @admin.action(description=_("Mark the Chinese as up to date with the English"),
                  permissions=["change"])
    def mark_chinese_current(self, request, queryset):
        for obj in queryset:
            obj.mark_chinese_current()
            obj.save(update_fields=["english_at_translation", "chinese_needs_update"])

    @admin.action(description=_("Publish selected"), permissions=["change"])
    def publish(self, request, queryset):
        for obj in queryset:  # save() per row, so the page cache is cleared
            obj.published = True
            obj.save(update_fields=["published"])

    @admin.action(description=_("Unpublish selected"), permissions=["change"])
    def unpublish(self, request, queryset):
        for obj in queryset:
            obj.published = False
            obj.save(update_fields=["published"])


class SourcedFactsAdmin(ContentAdmin):
    """For texts that state a carrier's facts: the source, its check date and the filter."""

    list_filter = [StaleFactsFilter, ChineseFreshnessFilter]

    @admin.display(description=_("source"), ordering="source_url")
    def source_link(self, obj) -> str:
        if not obj.source_url:
            return "—"
        return format_html('<a href="{}" rel="noopener noreferrer" target="_blank">{}</a>',
                           obj.source_url, obj.source_url)

    @admin.display(description=_("checked on"), ordering="checked_on")
    def checked(self, obj) -> str:
        if not obj.source_url:
            return "—"
        label = obj.checked_on.isoformat() if obj.checked_on else gettext("never")
        if obj.facts_need_checking():
            return format_html('<strong class="facts-to-check">{} · {}</strong>', label,
                               gettext("check again"))
        return label


@admin.register(Carrier)
class CarrierAdmin(ContentAdmin):
    list_display = ["name", "slug", "country", "order", "published", "translation_status"]
    list_editable = ["order", "published"]
    prepopulated_fields = {"slug": ["name_en"]}
    actions = ["publish", "unpublish", "mark_chinese_current"]


class GuideStepInline(LanguageLabelsMixin, TranslationStackedInline):
    model = GuideStep
    form = TranslationStateForm
    extra = 0
    fields = ["order", "title", "body", "source_url", "checked_on"]


def preview_links(guide: Guide) -> str:
    return format_html_join(
        " · ", '<a href="{}" target="_blank" rel="noopener">{}</a>',
        ((reverse("admin:content_guide_preview", args=[guide.pk, code]),
          gettext("Preview in %(language)s") % {"language": name})
         for code, name in settings.LANGUAGES),
    )


@admin.register(Guide)
class GuideAdmin(ContentAdmin):
    list_display = ["title", "carrier", "order", "published", "translation_status", "updated_at"]
    list_editable = ["order", "published"]
    list_filter = [GuideChineseFreshnessFilter, "published", "carrier"]
    search_fields = ["title_en", "title_zh_hans", "slug"]
    prepopulated_fields = {"slug": ["title_en"]}
    inlines = [GuideStepInline]
    readonly_fields = ["preview"]
    fields = ["title", "slug", "summary", "body", "carrier", "order", "published", "preview"]
    actions = ["publish", "unpublish", "mark_chinese_current"]
    list_select_related = ["carrier"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("steps")

    @admin.display(description=_("Chinese"))
    def translation_status(self, guide: Guide) -> str:
        """The guide's own texts and its steps' (edited on the same page)."""
        parts = []
        own = translation_problems(guide)
        if own:
            parts.append(describe_problems(own))
        for step in guide.steps.all():
            problems = translation_problems(step)
            if problems:
                parts.append(step_problems(step, problems))
        if not parts:
            return format_html('<span title="{}">✓</span>', _("Translated"))
        return format_html('<span class="missing-translation">{}</span>',
                           format_html_join(mark_safe("<br>"), "{}", ((p,) for p in parts)))

    def problems_after_save(self, guide: Guide) -> str:
        parts = [describe_problems(translation_problems(guide))]
        parts += [step_problems(step, problems)
                  for step in guide.steps.all() if (problems := translation_problems(step))]
        return "; ".join(part for part in parts if part)

    @admin.display(description=_("Preview"))
    def preview(self, guide: Guide) -> str:
        """Links to the saved guide as customers will see it, in each language."""
        if not guide.pk:
            return _("Save to see a preview.")
        return preview_links(guide)

    def get_urls(self):
        preview = self.admin_site.admin_view(self.preview_view)
        return [path("<path:object_id>/preview/<str:language>/", preview,
                     name="content_guide_preview"), *super().get_urls()]

    def preview_view(self, request, object_id: str, language: str):
        """The public guide page (its stylesheet, header and markup), published or not."""
        guide = self.get_object(request, unquote(object_id))
        if guide is None or language not in dict(settings.LANGUAGES):
            raise Http404
        if not self.has_view_or_change_permission(request, guide):
            raise PermissionDenied
        with translation.override(language):
            guide = (Guide.objects.select_related("carrier").prefetch_related("steps")
                     .get(pk=guide.pk))
            parts = {"title": guide.title, "description": guide.summary,
                     "html": render_to_string("content/_guide.html",
                                              {"guide": guide, "related": []})}
            return render(request, "admin/content/guide/preview.html", {
                "parts": parts, "page_name": "guide", "guide": guide,
                "change_url": reverse("admin:content_guide_change", args=[guide.pk]),
            })


@admin.register(GuideStep)
class GuideStepAdmin(SourcedFactsAdmin):
    list_display = ["title", "guide", "order", "source_link", "checked", "translation_status"]
    list_filter = [StaleFactsFilter, ChineseFreshnessFilter, "guide"]
    list_select_related = ["guide"]
    search_fields = ["title_en", "title_zh_hans", "guide__slug"]
    fields = ["guide", "order", "title", "body", "source_url", "checked_on", "preview"]
    readonly_fields = ["preview"]
    actions = ["mark_chinese_current"]

    @admin.display(description=_("Preview"))
    def preview(self, step: GuideStep) -> str:
        if not step.pk:
            return _("Save to see a preview.")
        return preview_links(step.guide)


@admin.register(ChecklistItem)
class ChecklistItemAdmin(ContentAdmin):
    list_display = ["label", "key", "required", "carrier", "order", "translation_status"]
    list_editable = ["order", "required"]
    list_filter = [ChineseFreshnessFilter, "required", "carrier"]
    list_select_related = ["carrier"]
    actions = ["mark_chinese_current"]


@admin.register(FAQ)
class FAQAdmin(SourcedFactsAdmin):
    list_display = ["question", "order", "published", "source_link", "checked",
                    "translation_status"]
    list_editable = ["order", "published"]
    list_filter = [StaleFactsFilter, ChineseFreshnessFilter, "published"]
    fields = ["key", "question", "answer", "order", "published", "source_url", "checked_on"]
    actions = ["publish", "unpublish", "mark_chinese_current"]


@admin.register(EmailCopy)
class EmailCopyAdmin(ContentAdmin):
    list_display = ["key", "subject", "translation_status", "updated_at"]
    readonly_fields = ["placeholders"]
    fields = ["key", "subject", "body", "placeholders"]
    actions = ["mark_chinese_current"]

    @admin.display(description=_("Placeholders you can use"))
    def placeholders(self, _obj) -> str:
        from .models import EMAIL_PLACEHOLDERS

        return format_html(
            "<ul>{}</ul>",
            format_html_join("", "<li><code>{{{}}}</code> — {}</li>",
                             ((name, help_text) for name, help_text in EMAIL_PLACEHOLDERS.items())),
        )
