"""Guidance that editors keep in the admin, in English and Simplified Chinese.

Translated fields (see content/translation.py) get ``_en`` and ``_zh_hans`` columns from
django-modeltranslation; reading ``guide.title`` gives the active language, falling back
to English when the Chinese text is blank.
"""

from __future__ import annotations

import string

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from . import markdown

# Guides the code links to by slug.
PORTING_GUIDE_SLUG = "keep-your-number"
ESIM_GUIDE_SLUG = "esim-instead-of-closing"

country_code = RegexValidator(r"^[A-Z]{2}$", _("Use a two-letter country code such as US."))


class PublishedQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published=True)


class Carrier(models.Model):
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


class Guide(models.Model):
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


class GuideStep(models.Model):
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


class ChecklistItem(models.Model):
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


class FAQ(models.Model):
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


class EmailCopy(models.Model):
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
