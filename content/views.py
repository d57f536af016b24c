"""Public guidance pages: no sign-in needed, cached per language, cleared by any edit.

Only the main content is cached (it is the same for every visitor in a language); the
header with the visitor's own links and CSRF tokens is rendered per request.
"""

from __future__ import annotations

from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from .cache import cached_fragment
from .models import FAQ, Carrier, Guide


def home(request):
    def render_parts() -> dict:
        return {
            "title": _("Close a mobile line, step by step"),
            "html": render_to_string("content/_home.html", {
                "guides": Guide.objects.published().filter(carrier__isnull=True),
                "carriers": Carrier.objects.published(),
                "faqs": FAQ.objects.published()[:4],
            }),
        }

    return render(request, "content/home.html", {"parts": cached_fragment("home", render_parts)})


def guide_detail(request, slug: str):
    def render_parts() -> dict | None:
        guide = (
            Guide.objects.published().select_related("carrier").prefetch_related("steps")
            .filter(slug=slug).first()
        )
        if guide is None:
            return None
        related = (Guide.objects.published().filter(carrier__isnull=True)
                   .exclude(pk=guide.pk).only("slug", "title", "summary"))
        return {"title": guide.title,
                "description": guide.summary or _(
                    "%(title)s: a step-by-step guide to closing a mobile phone line."
                ) % {"title": guide.title},
                "html": render_to_string("content/_guide.html",
                                         {"guide": guide, "related": related})}

    return _page(request, cached_fragment(f"guide:{slug}", render_parts), page_name="guide")


def carrier_detail(request, slug: str):
    def render_parts() -> dict | None:
        carrier = Carrier.objects.published().filter(slug=slug).first()
        if carrier is None:
            return None
        return {"title": carrier.name,
                "description": _(
                    "How to close a %(carrier)s line: who to call, what to settle first "
                    "and the guides that go with it."
                ) % {"carrier": carrier.name},
                "html": render_to_string("content/_carrier.html", {
                    "carrier": carrier,
                    "guides": Guide.objects.published().filter(carrier=carrier),
                    "checklist": carrier.checklist_items.all(),
                })}

    return _page(request, cached_fragment(f"carrier:{slug}", render_parts), page_name="carrier")


def faq(request):
    def render_parts() -> dict:
        return {"title": _("Questions and answers"),
                "description": _(
                    "Answers to common questions about closing a mobile phone line with "
                    "%(site_name)s: review times, documents, the final bill, prepaid balances "
                    "and keeping your number."
                ) % {"site_name": settings.SITE_NAME},
                "html": render_to_string("content/_faq.html",
                                         {"faqs": FAQ.objects.published()})}

    return _page(request, cached_fragment("faq", render_parts), page_name="faq")


def privacy(request):
    """The privacy notice: why we ask for an identity document, who sees it, when it goes.
    Its numbers come from the settings, so it cannot promise what the system does not do."""
    return render(request, "content/privacy.html", {
        "retention_days": settings.DOCUMENT_RETENTION_DAYS,
        "page_name": "privacy",
    })


def _page(request, parts: dict | None, *, page_name: str):
    if parts is None:
        raise Http404
    return render(request, "content/page.html", {"parts": parts, "page_name": page_name})
