"""Load the first guidance (content/initial_guidance.py) into the database, once.

Steps:
1. Carriers, matched by slug.
2. Guides, matched by slug (their carrier found by slug).
3. Guide steps, matched by (guide, step order).
4. Checklist items, matched by key (their carrier found by slug).
5. FAQ entries, matched by their key (a slug of the shipped English question).
6. Email copy, matched by key; every key of ``EmailCopy.Key`` must have copy.

Only what is missing is created, each row validated with ``full_clean()`` first. A row that
already exists keeps what editors wrote in the admin. One exception corrects what we shipped
wrong: a field that still holds, exactly, a text an earlier release loaded (listed in
``initial_guidance/superseded.py``) gets today's text, so nobody edited it. It all runs in
one transaction: if anything fails, nothing is written. Running it again creates and
changes nothing. Prints one line saying how many rows were created and updated.

Guide steps and FAQ entries that state a carrier's facts ship with their source and the
date it was checked (``initial_guidance/sources.py``). An existing row gets them while its
text is still exactly the shipped text that source vouches for, and it names no other
source: a newer check date replaces an older one; an editor's own source or text stays.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import models, transaction
from django.utils import translation

from content import initial_guidance as data
from content.initial_guidance import superseded
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
        self.updated = 0
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
        self.stdout.write(f"load_guidance: {total} rows created ({parts}); "
                          f"{self.updated} rows updated from earlier shipped text.")

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

    def bring_up_to_date(self, obj: models.Model, where: str, item: dict,
                         names: tuple[str, ...]) -> bool:
        """Give each field of ``obj`` that still holds an earlier shipped text today's text;
        a field an editor changed is not a shipped text, so it stays. True if it changed."""
        changed = []
        for name in names:
            for language in LANGUAGES:
                field = f"{name}_{language}"
                current, shipped = getattr(obj, field), item[name][language]
                if current != shipped and superseded.was_shipped(f"{where}:{field}", current):
                    setattr(obj, field, shipped)
                    changed.append(field)
        if not changed:
            return False
        try:
            obj.full_clean()
        except ValidationError as error:
            raise CommandError(f"Invalid {type(obj).__name__} {where}: {error}") from error
        obj.save(update_fields=changed)
        return True

    def bring_source_up_to_date(self, obj: models.Model, item: dict, fact_field: str) -> bool:
        """Store the shipped source and check date on a row whose ``fact_field`` still says,
        in both languages, exactly what was checked at that source. True if it changed."""
        source = item.get("source")
        if source is None:
            return False
        if any(getattr(obj, f"{fact_field}_{language}") != item[fact_field][language]
               for language in LANGUAGES):
            return False  # an editor's text: the shipped source does not vouch for it
        if obj.source_url not in ("", source["url"]):
            return False  # an editor's source
        checked_on = source["checked_on"]
        if obj.source_url == source["url"] and (
                checked_on is None or (obj.checked_on and obj.checked_on >= checked_on)):
            return False  # already as recent as what we ship
        obj.source_url, obj.checked_on = source["url"], checked_on
        obj.save(update_fields=["source_url", "checked_on"])
        return True

    def update_existing(self, obj: models.Model, where: str, item: dict,
                        names: tuple[str, ...], fact_field: str | None = None) -> None:
        changed = self.bring_up_to_date(obj, where, item, names)
        if fact_field is not None:
            changed = self.bring_source_up_to_date(obj, item, fact_field) or changed
        if changed:
            self.updated += 1

    @staticmethod
    def source_values(item: dict) -> dict:
        source = item.get("source")
        if source is None:
            return {}
        return {"source_url": source["url"], "checked_on": source["checked_on"]}

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
            else:
                self.update_existing(carrier, f"carrier:{item['slug']}", item,
                                     ("name", "notes"))
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
            else:
                self.update_existing(guide, f"guide:{item['slug']}", item,
                                     ("title", "summary", "body"))
            existing = {step.order: step for step in guide.steps.all()}
            for order, step in enumerate(item["steps"], start=1):
                if order not in existing:
                    self.create("steps", GuideStep, guide=guide, order=order,
                                **self.source_values(step),
                                **translated(title=step["title"], body=step["body"]))
                else:
                    self.update_existing(existing[order], f"step:{item['slug']}:{order}",
                                         step, ("title", "body"), fact_field="body")

    def load_checklist(self, carriers: dict[str, Carrier]) -> None:
        self.created["checklist items"] = 0
        existing = {row.key: row for row in ChecklistItem.objects.all()}
        for item in data.CHECKLIST_ITEMS:
            if item["key"] in existing:
                self.update_existing(existing[item["key"]], f"checklist:{item['key']}", item,
                                     ("label", "help"))
            else:
                self.create(
                    "checklist items", ChecklistItem,
                    key=item["key"], carrier=self.carrier(carriers, item["carrier"]),
                    required=item["required"], order=item["order"],
                    **translated(label=item["label"], help=item["help"]),
                )

    def load_faqs(self) -> None:
        self.created["FAQ"] = 0
        for item in data.FAQS:
            key = superseded.faq_key(item)
            faq = FAQ.objects.filter(key=key).first()
            if faq is not None:
                self.update_existing(faq, f"faq:{key}", item, ("question", "answer"),
                                     fact_field="answer")
            else:
                self.create("FAQ", FAQ, key=key, order=item["order"], published=item["published"],
                            **self.source_values(item),
                            **translated(question=item["question"], answer=item["answer"]))

    def load_email_copy(self) -> None:
        self.created["email copy"] = 0
        existing = {row.key: row for row in EmailCopy.objects.all()}
        for item in data.EMAIL_COPY:
            if item["key"] in existing:
                self.update_existing(existing[item["key"]], f"email:{item['key']}", item,
                                     ("subject", "body"))
            else:
                self.create("email copy", EmailCopy, key=item["key"],
                            **translated(subject=item["subject"], body=item["body"]))
