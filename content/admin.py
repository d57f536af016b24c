"""The editors' admin: both languages in tabs, what still lacks Chinese, a rendered preview."""

from __future__ import annotations

from django.conf import settings
from django.contrib import admin
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin, TranslationStackedInline
from modeltranslation.translator import translator

from . import markdown
from .models import FAQ, Carrier, ChecklistItem, EmailCopy, Guide, GuideStep

SECOND_LANGUAGE_SUFFIX = "zh_hans"


def missing_translations(obj) -> list[str]:
    """Translated fields that have English text but no Chinese yet."""
    options = translator.get_options_for_model(type(obj))
    missing = []
    for field in options.fields:
        english = getattr(obj, f"{field}_en", "") or ""
        chinese = getattr(obj, f"{field}_{SECOND_LANGUAGE_SUFFIX}", "") or ""
        if english.strip() and not chinese.strip():
            missing.append(str(type(obj)._meta.get_field(field).verbose_name))
    return missing


class ContentAdmin(TabbedTranslationAdmin):
    """Shared by every content model: the translation-status column and publish actions."""

    @admin.display(description=_("Chinese"))
    def translation_status(self, obj) -> str:
        missing = missing_translations(obj)
        if not missing:
            return format_html('<span title="{}">✓</span>', _("Translated"))
        return format_html('<span class="missing-translation">{}: {}</span>',
                           _("Missing"), ", ".join(missing))

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


@admin.register(Carrier)
class CarrierAdmin(ContentAdmin):
    list_display = ["name", "slug", "country", "order", "published", "translation_status"]
    list_editable = ["order", "published"]
    prepopulated_fields = {"slug": ["name_en"]}
    actions = ["publish", "unpublish"]


class GuideStepInline(TranslationStackedInline):
    model = GuideStep
    extra = 0
    fields = ["order", "title", "body"]


@admin.register(Guide)
class GuideAdmin(ContentAdmin):
    list_display = ["title", "carrier", "order", "published", "translation_status", "updated_at"]
    list_editable = ["order", "published"]
    list_filter = ["published", "carrier"]
    search_fields = ["title_en", "title_zh_hans", "slug"]
    prepopulated_fields = {"slug": ["title_en"]}
    inlines = [GuideStepInline]
    readonly_fields = ["preview"]
    fields = ["title", "slug", "summary", "body", "carrier", "order", "published", "preview"]
    actions = ["publish", "unpublish"]
    list_select_related = ["carrier"]

    @admin.display(description=_("Preview"))
    def preview(self, guide: Guide) -> str:
        """The body as customers will see it (sanitized), both languages side by side."""
        if not guide.pk:
            return _("Save to see a preview.")
        columns = format_html_join(
            "", '<div class="guide-preview" lang="{}"><h3>{}</h3>{}</div>',
            ((code, name, markdown.render(getattr(guide, f"body_{code.replace('-', '_')}") or ""))
             for code, name in settings.LANGUAGES),
        )
        return format_html('<div style="display:flex;gap:2rem;flex-wrap:wrap">{}</div>', columns)


@admin.register(ChecklistItem)
class ChecklistItemAdmin(ContentAdmin):
    list_display = ["label", "key", "required", "carrier", "order", "translation_status"]
    list_editable = ["order", "required"]
    list_filter = ["required", "carrier"]
    list_select_related = ["carrier"]


@admin.register(FAQ)
class FAQAdmin(ContentAdmin):
    list_display = ["question", "order", "published", "translation_status"]
    list_editable = ["order", "published"]
    actions = ["publish", "unpublish"]


@admin.register(EmailCopy)
class EmailCopyAdmin(ContentAdmin):
    list_display = ["key", "subject", "translation_status", "updated_at"]
    readonly_fields = ["placeholders"]
    fields = ["key", "subject", "body", "placeholders"]

    @admin.display(description=_("Placeholders you can use"))
    def placeholders(self, _obj) -> str:
        from .models import EMAIL_PLACEHOLDERS

        return format_html(
            "<ul>{}</ul>",
            format_html_join("", "<li><code>{{{}}}</code> — {}</li>",
                             ((name, help_text) for name, help_text in EMAIL_PLACEHOLDERS.items())),
        )
