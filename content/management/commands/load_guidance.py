"""Load the first guidance (content/initial_guidance.py) into the database, once.

Steps:
1. Carriers, matched by slug.
2. Guides, matched by slug (their carrier found by slug).
3. Guide steps, matched by (guide, step order).
4. Checklist items, matched by key (their carrier found by slug).
5. FAQ entries, matched by their key (a slug of the shipped English question).
6. Email copy, matched by key; every key of ``EmailCopy.Key`` must have copy.

Only what is missing is created, each row validated with ``full_clean()`` first. A row that
already exists is never touched, because editors may have changed it in the admin. It all
runs in one transaction: if anything fails, nothing is written. Running it again creates
nothing. Prints one line saying how many rows were created.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import models, transaction
from django.utils import translation
from django.utils.text import slugify

from content import initial_guidance as data
from content.models import FAQ, Carrier, ChecklistItem, EmailCopy, Guide, GuideStep

LANGUAGES = ("en", "zh_hans")


def translated(**fields: dict[str, str]) -> dict[str, str]:
    """``title={"en": "A", "zh_hans": "B"}`` -> ``{"title_en": "A", "title_zh_hans": "B"}``."""
    out = {}
    for name, texts in fields.items():
        for language in LANGUAGES:
            out[f"{name}_{language}"] = texts[language]
    return out


class Command(BaseCommand):
    help = ("Create the initial guides, steps, checklist, FAQ and email copy that are missing "
            "(never changes existing rows).")

    def handle(self, *args, **options):
        self.created: dict[str, int] = {}
        missing_keys = set(EmailCopy.Key.values) - {e["key"] for e in data.EMAIL_COPY}
        if missing_keys:
            raise CommandError(f"No email copy for: {', '.join(sorted(missing_keys))}")
        with translation.override("en"), transaction.atomic():
            carriers = self.load_carriers()
            self.load_guides(carriers)
            self.load_checklist(carriers)
            self.load_faqs()
            self.load_email_copy()
        total = sum(self.created.values())
        parts = ", ".join(f"{label} {count}" for label, count in self.created.items())
        self.stdout.write(f"load_guidance: {total} rows created ({parts}).")

    # -- helpers -------------------------------------------------------------------------

    def create(self, label: str, model: type[models.Model], **values) -> models.Model:
        obj = model(**values)
        try:
            obj.full_clean()
        except ValidationError as error:
            raise CommandError(f"Invalid {model.__name__} {values!r}: {error}") from error
        obj.save()
        self.created[label] += 1
        return obj

    # -- the steps -----------------------------------------------------------------------

    def load_carriers(self) -> dict[str, Carrier]:
        self.created["carriers"] = 0
        carriers = {}
        for item in data.CARRIERS:
            carrier = Carrier.objects.filter(slug=item["slug"]).first()
            if carrier is None:
                carrier = self.create(
                    "carriers", Carrier,
                    slug=item["slug"], country=item["country"],
                    support_phone=item["support_phone"], website=item["website"],
                    order=item["order"], published=item["published"],
                    **translated(name=item["name"], notes=item["notes"]),
                )
            carriers[item["slug"]] = carrier
        return carriers

    def carrier(self, carriers: dict[str, Carrier], slug: str | None) -> Carrier | None:
        if slug is None:
            return None
        carrier = carriers.get(slug) or Carrier.objects.filter(slug=slug).first()
        if carrier is None:
            raise CommandError(f"Unknown carrier slug {slug!r} in the initial guidance.")
        return carrier

    def load_guides(self, carriers: dict[str, Carrier]) -> None:
        self.created["guides"] = 0
        self.created["steps"] = 0
        for item in data.GUIDES:
            guide = Guide.objects.filter(slug=item["slug"]).first()
            if guide is None:
                guide = self.create(
                    "guides", Guide,
                    slug=item["slug"], carrier=self.carrier(carriers, item["carrier"]),
                    order=item["order"], published=item["published"],
                    **translated(title=item["title"], summary=item["summary"],
                                 body=item["body"]),
                )
            existing = set(guide.steps.values_list("order", flat=True))
            for order, step in enumerate(item["steps"], start=1):
                if order not in existing:
                    self.create("steps", GuideStep, guide=guide, order=order,
                                **translated(title=step["title"], body=step["body"]))

    def load_checklist(self, carriers: dict[str, Carrier]) -> None:
        self.created["checklist items"] = 0
        existing = set(ChecklistItem.objects.values_list("key", flat=True))
        for item in data.CHECKLIST_ITEMS:
            if item["key"] not in existing:
                self.create(
                    "checklist items", ChecklistItem,
                    key=item["key"], carrier=self.carrier(carriers, item["carrier"]),
                    required=item["required"], order=item["order"],
                    **translated(label=item["label"], help=item["help"]),
                )

    def load_faqs(self) -> None:
        self.created["FAQ"] = 0
        for item in data.FAQS:
            key = item.get("key") or slugify(item["question"]["en"])[:80]
            if not FAQ.objects.filter(key=key).exists():
                self.create("FAQ", FAQ, key=key, order=item["order"], published=item["published"],
                            **translated(question=item["question"], answer=item["answer"]))

    def load_email_copy(self) -> None:
        self.created["email copy"] = 0
        existing = set(EmailCopy.objects.values_list("key", flat=True))
        for item in data.EMAIL_COPY:
            if item["key"] not in existing:
                self.create("email copy", EmailCopy, key=item["key"],
                            **translated(subject=item["subject"], body=item["body"]))
