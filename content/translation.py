"""Which content fields are translated (django-modeltranslation): English and Chinese."""

from modeltranslation.translator import TranslationOptions, register

from .models import FAQ, Carrier, ChecklistItem, EmailCopy, Guide, GuideStep


@register(Carrier)
class CarrierTranslation(TranslationOptions):
    fields = ("name", "notes")
    required_languages = ("en",)


@register(Guide)
class GuideTranslation(TranslationOptions):
    fields = ("title", "summary", "body")
    required_languages = ("en",)


@register(GuideStep)
class GuideStepTranslation(TranslationOptions):
    fields = ("title", "body")
    required_languages = ("en",)


@register(ChecklistItem)
class ChecklistItemTranslation(TranslationOptions):
    fields = ("label", "help")
    required_languages = ("en",)


@register(FAQ)
class FAQTranslation(TranslationOptions):
    fields = ("question", "answer")
    required_languages = ("en",)


@register(EmailCopy)
class EmailCopyTranslation(TranslationOptions):
    fields = ("subject", "body")
    required_languages = ("en",)
