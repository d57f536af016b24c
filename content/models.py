"""Guidance that editors keep in the admin, in English and Simplified Chinese.

Translated fields (see content/translation.py) get ``_en`` and ``_zh_hans`` columns from
django-modeltranslation; reading ``guide.title`` gives the active language, falling back
to English when the Chinese text is blank. So that editors see what customers would get in
English instead, every translated row remembers, per field, a hash of the English its
Chinese was written against (``TranslatedContent``). Guide steps and FAQ answers that state
a carrier's facts name their source and when it was last checked (``SourcedFacts``).
"""

from __future__ import annotations

import datetime
import hashlib
import string

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import markdown

# Guides the code links to by slug.
PORTING_GUIDE_SLUG = "keep-your-number"
ESIM_GUIDE_SLUG = "esim-instead-of-closing"

country_code = RegexValidator(r"^[A-Z]{2}$", _("Use a two-letter country code such as US."))


# The language every text is written in first, and the one translated from it.
ENGLISH_SUFFIX = "en"
CHINESE_SUFFIX = "zh_hans"


def english_fingerprint(text: str | None) -> str:
    return hashlib.sha256((text or "").strip().encode()).hexdigest()


class TranslationState(models.TextChoices):
    CURRENT = "current", _("Translated")
    MISSING = "missing", _("Missing")
    OUT_OF_DATE = "out_of_date", _("Needs update")


def translated_field_names(model: type[models.Model]) -> tuple[str, ...]:
    from modeltranslation.translator import translator

    return tuple(translator.get_options_for_model(model).fields)


class TranslatedContent(models.Model):
    """A row whose texts are translated: it knows which Chinese texts are missing or were
    written against an English text that has changed since.

    Each time a field's Chinese text is written (created, or changed), the row stores a
    hash of that field's English at that moment; when the English later differs from that
    hash, the Chinese is out of date, until the Chinese is saved again (or an editor marks
    it current). ``chinese_needs_update`` sums that up for the admin's list filter; it is
    kept in step on every ``save()``.
    """

    english_at_translation = models.JSONField(
        _("English the Chinese was written for"), default=dict, blank=True, editable=False,
        help_text=_("Per field, a SHA-256 of the English text when the Chinese was saved."),
    )
    chinese_needs_update = models.BooleanField(
        _("Chinese missing or out of date"), default=False, editable=False,
    )

    class Meta:
        abstract = True

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._chinese_as_loaded = instance._chinese_texts()
        return instance

    def _chinese_texts(self) -> dict[str, str]:
        deferred = self.get_deferred_fields()
        return {name: getattr(self, f"{name}_{CHINESE_SUFFIX}") or ""
                for name in translated_field_names(type(self))
                if f"{name}_{CHINESE_SUFFIX}" not in deferred}

    def translation_states(self) -> dict[str, str]:
        """Each translated field's state: current, missing or out of date."""
        states = {}
        for name in translated_field_names(type(self)):
            english = (getattr(self, f"{name}_{ENGLISH_SUFFIX}") or "").strip()
            chinese = (getattr(self, f"{name}_{CHINESE_SUFFIX}") or "").strip()
            if not english:
                states[name] = TranslationState.CURRENT  # nothing to translate
            elif not chinese:
                states[name] = TranslationState.MISSING
            elif self.english_at_translation.get(name) != english_fingerprint(english):
                states[name] = TranslationState.OUT_OF_DATE
            else:
                states[name] = TranslationState.CURRENT
        return states

    def mark_chinese_current(self) -> None:
        """The editor says the Chinese still fits the English as it is now."""
        for name in translated_field_names(type(self)):
            if (getattr(self, f"{name}_{CHINESE_SUFFIX}") or "").strip():
                self.english_at_translation[name] = english_fingerprint(
                    getattr(self, f"{name}_{ENGLISH_SUFFIX}"))
        self.chinese_needs_update = self._compute_needs_update()

    def _compute_needs_update(self) -> bool:
        return any(state != TranslationState.CURRENT
                   for state in self.translation_states().values())

    def _note_chinese_written(self, update_fields) -> None:
        """Record the English each Chinese text written by this save belongs to."""
        loaded = getattr(self, "_chinese_as_loaded", None)  # None: a row not read from the DB
        saving = set(update_fields) if update_fields is not None else None
        hashes = dict(self.english_at_translation or {})
        for name, chinese in self._chinese_texts().items():
            if saving is not None and f"{name}_{CHINESE_SUFFIX}" not in saving:
                continue
            if not chinese.strip():
                hashes.pop(name, None)
            elif loaded is None or loaded.get(name) != chinese:
                hashes[name] = english_fingerprint(getattr(self, f"{name}_{ENGLISH_SUFFIX}"))
        self.english_at_translation = hashes
        self.chinese_needs_update = self._compute_needs_update()

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        translated = {f"{name}_{suffix}" for name in translated_field_names(type(self))
                      for suffix in (ENGLISH_SUFFIX, CHINESE_SUFFIX)}
        if update_fields is None or translated & set(update_fields):
            self._note_chinese_written(update_fields)
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "english_at_translation",
                                           "chinese_needs_update"}
        super().save(*args, **kwargs)
        self._chinese_as_loaded = self._chinese_texts()


# A fact checked longer ago than this is due to be checked again at its source.
FACT_CHECK_MAX_AGE_DAYS = 180


def facts_to_check(today: datetime.date | None = None) -> Q:
    """Rows that name a source but were never checked, or not for FACT_CHECK_MAX_AGE_DAYS."""
    today = today or timezone.localdate()
    oldest_fresh = today - datetime.timedelta(days=FACT_CHECK_MAX_AGE_DAYS)
    return ~Q(source_url="") & (Q(checked_on__isnull=True) | Q(checked_on__lt=oldest_fresh))


class SourcedFacts(models.Model):
    """Text that states a carrier's facts: where they come from and when they were checked."""

    source_url = models.URLField(
        _("source"), max_length=500, blank=True,
        help_text=_("The carrier's own page that states the facts in this text. Leave empty "
                    "when the text states no carrier fact."),
    )
    checked_on = models.DateField(
        _("checked on"), null=True, blank=True,
        help_text=_("When someone last compared this text with the source."),
    )

    class Meta:
        abstract = True

    def clean(self) -> None:
        super().clean()
        if self.checked_on and not self.source_url:
            raise ValidationError(
                {"source_url": _("Name the source the text was checked against.")})

    def facts_need_checking(self, today: datetime.date | None = None) -> bool:
        """The same test as ``facts_to_check``, on this row's values."""
        if not self.source_url:
            return False
        today = today or timezone.localdate()
        oldest_fresh = today - datetime.timedelta(days=FACT_CHECK_MAX_AGE_DAYS)
        return self.checked_on is None or self.checked_on < oldest_fresh


class PublishedQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published=True)


class Carrier(TranslatedContent):
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), unique=True)
    country = models.CharField(
        _("country"), max_length=2, default="US", validators=[country_code],
        help_text=_("Decides the public-holiday calendar for business days."),
    )
    support_phone = models.CharField(_("support phone"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)
    notes = models.TextField(_("notes"), blank=True, help_text=_("Markdown."))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    published = models.BooleanField(_("published"), default=True)

    objects = PublishedQuerySet.as_manager()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("carrier")
        verbose_name_plural = _("carriers")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("content:carrier", args=[self.slug])

    @property
    def notes_html(self) -> str:
        return markdown.render(self.notes)


class Guide(TranslatedContent):
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), unique=True)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    body = models.TextField(_("body"), blank=True, help_text=_("Markdown."))
    carrier = models.ForeignKey(
        Carrier, null=True, blank=True, on_delete=models.CASCADE, related_name="guides",
        verbose_name=_("carrier"), help_text=_("Leave empty for guidance that fits any carrier."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    published = models.BooleanField(_("published"), default=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = PublishedQuerySet.as_manager()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("guide")
        verbose_name_plural = _("guides")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("content:guide", args=[self.slug])

    @property
    def body_html(self) -> str:
        return markdown.render(self.body)


class GuideStep(TranslatedContent, SourcedFacts):
    guide = models.ForeignKey(Guide, on_delete=models.CASCADE, related_name="steps",
                              verbose_name=_("guide"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("body"), blank=True, help_text=_("Markdown."))

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("guide step")
        verbose_name_plural = _("guide steps")

    def __str__(self) -> str:
        return self.title

    @property
    def body_html(self) -> str:
        return markdown.render(self.body)


class ChecklistItemQuerySet(models.QuerySet):
    def for_carrier(self, carrier: Carrier | None):
        """The items a case with this carrier goes through: general ones and the carrier's."""
        return self.filter(Q(carrier__isnull=True) | Q(carrier=carrier))


class ChecklistItem(TranslatedContent):
    key = models.SlugField(
        _("key"), unique=True, max_length=60,
        help_text=_("Stable identifier stored with each case's answers. Do not change it."),
    )
    label = models.CharField(_("label"), max_length=200)
    help = models.TextField(_("help"), blank=True)
    required = models.BooleanField(
        _("required"), default=True, help_text=_("A case cannot be submitted until it is checked.")
    )
    carrier = models.ForeignKey(
        Carrier, null=True, blank=True, on_delete=models.CASCADE, related_name="checklist_items",
        verbose_name=_("carrier"), help_text=_("Leave empty for every carrier."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = ChecklistItemQuerySet.as_manager()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")

    def __str__(self) -> str:
        return self.label


class FAQ(TranslatedContent, SourcedFacts):
    key = models.SlugField(
        _("key"), max_length=80, unique=True, null=True, blank=True,
        help_text=_("Set on the entries Lineout ships with; leave empty for your own."),
    )
    question = models.CharField(_("question"), max_length=300)
    answer = models.TextField(_("answer"), help_text=_("Markdown."))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    published = models.BooleanField(_("published"), default=True)

    objects = PublishedQuerySet.as_manager()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("FAQ entry")
        verbose_name_plural = _("FAQ")

    def __str__(self) -> str:
        return self.question

    @property
    def answer_html(self) -> str:
        return markdown.render(self.answer)


# Placeholders an email may use. Each email is rendered with these names only; anything
# else in the copy is refused when it is saved.
EMAIL_PLACEHOLDERS = {
    "reference": _("the case reference, e.g. LX-7KQ2-M9XD"),
    "first_name": _("the customer's first name (or a neutral greeting)"),
    "carrier": _("the carrier's name"),
    "masked_phone": _("the phone number, masked: •••• 1234"),
    "state": _("the case's status, in words"),
    "case_url": _("the link to the case"),
    "due_date": _("the date the reminder is about"),
    "expected_by": _("the date review is expected to finish"),
    "message": _("the agent's question or the customer's answer"),
    "reason": _("the reason a case was rejected"),
    "balance": _("the prepaid balance to refund"),
    "withdraw_date": _("the date an unchanged draft will be withdrawn"),
}


class EmailCopy(TranslatedContent):
    """The words of one status email or reminder, editable by editors in both languages."""

    class Key(models.TextChoices):
        CASE_SUBMITTED = "case_submitted", _("Case submitted")
        CASE_VERIFYING = "case_verifying", _("Review started")
        CASE_NEEDS_INFO = "case_needs_info", _("Agent needs information")
        CASE_INFO_PROVIDED = "case_info_provided", _("Customer answered")
        CASE_DONE = "case_done", _("Line closed")
        CASE_REJECTED = "case_rejected", _("Case rejected")
        CASE_WITHDRAWN = "case_withdrawn", _("Case withdrawn")
        CASE_EXPIRED = "case_expired", _("Unchanged draft withdrawn")
        REVIEW_FOLLOW_UP = "review_follow_up", _("Reminder: under review")
        REVIEW_OVERDUE = "review_overdue", _("Reminder: review overdue")
        INFO_NUDGE = "info_nudge", _("Reminder: we still need your answer")
        FINAL_BILL = "final_bill", _("Reminder: final bill")
        BALANCE_REFUND = "balance_refund", _("Reminder: prepaid balance refund")
        DRAFT_NUDGE = "draft_nudge", _("Reminder: draft left unchanged")

    key = models.CharField(_("email"), max_length=40, choices=Key.choices, unique=True)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(
        _("body"),
        help_text=_("Plain text. Placeholders in braces, e.g. {reference}, {first_name}."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["key"]
        verbose_name = _("email copy")
        verbose_name_plural = _("email copy")

    def __str__(self) -> str:
        return self.get_key_display()

    def clean(self) -> None:
        errors: dict[str, list] = {}
        for language, _name in settings.LANGUAGES:
            suffix = language.replace("-", "_")
            for field in ("subject", "body"):
                name = f"{field}_{suffix}"
                value = getattr(self, name, None)
                if language == settings.LANGUAGE_CODE and not (value or "").strip():
                    errors.setdefault(name, []).append(
                        ValidationError(_("The English text cannot be empty."), code="required")
                    )
                    continue
                try:
                    validate_placeholders(value or "")
                except ValidationError as error:
                    errors.setdefault(name, []).extend(error.error_list)
        if errors:
            raise ValidationError(errors)

    def render(self, context: dict[str, object]) -> tuple[str, str]:
        """Subject and body in the active language, placeholders filled in."""
        return fill_placeholders(self.subject, context), fill_placeholders(self.body, context)


def placeholder_names(text: str) -> list[str]:
    """The names used in braces. Raises ValueError on unbalanced braces."""
    return [name for _literal, name, _spec, _conv in string.Formatter().parse(text)
            if name is not None]


def validate_placeholders(text: str) -> None:
    try:
        names = placeholder_names(text)
    except ValueError:
        raise ValidationError(
            _("A brace is not closed. Write placeholders like {reference}; "
              "write {{ or }} for a literal brace."), code="unbalanced",
        ) from None
    unknown = sorted({name for name in names if name not in EMAIL_PLACEHOLDERS})
    if unknown:
        raise ValidationError(
            _("Unknown placeholder: %(names)s. Allowed: %(allowed)s."),
            code="unknown_placeholder",
            params={"names": ", ".join("{%s}" % n for n in unknown),
                    "allowed": ", ".join("{%s}" % n for n in EMAIL_PLACEHOLDERS)},
        )


def fill_placeholders(text: str, context: dict[str, object]) -> str:
    """Replace only known placeholders; never evaluate attribute or index access."""
    out = []
    for literal, name, _spec, _conv in string.Formatter().parse(text):
        out.append(literal)
        if name is not None:
            out.append(str(context.get(name, "")) if name in EMAIL_PLACEHOLDERS else "")
    return "".join(out)
