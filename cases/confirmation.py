"""The closing confirmation: a one-page PDF the customer keeps as proof the line was closed.

It is written in the customer's language. Chinese needs a font that covers it, embedded
(subset) in the file, so the PDF reads the same on any machine: Noto Sans CJK where it is
installed (Debian's fonts-noto-cjk, which the image and CI install), or CJK_FONT_PATH.
Without such a font the confirmation falls back to English rather than printing boxes.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from fpdf import FPDF

logger = logging.getLogger(__name__)

# (path, index in a font collection): the Simplified Chinese face comes first.
CJK_FONT_CANDIDATES = [
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),
    ("/usr/share/fonts/opentype/noto-cjk/NotoSansCJK-Regular.ttc", 2),
    ("/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc", 2),
    ("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf", 0),
]
LATIN_FONT_CANDIDATES = [
    ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 0),
]


@dataclass(frozen=True)
class FontChoice:
    path: str | None
    index: int

    @property
    def embedded(self) -> bool:
        return self.path is not None


def find_font(candidates: list[tuple[str, int]]) -> FontChoice:
    configured = getattr(settings, "CJK_FONT_PATH", "")
    for path, index in ([(configured, 0)] if configured else []) + candidates:
        if path and Path(path).is_file():
            return FontChoice(path, index)
    return FontChoice(None, 0)


def render_confirmation(case) -> bytes:
    """The PDF bytes for a case that is done."""
    language = case.owner.language
    font = find_font(CJK_FONT_CANDIDATES)
    if not font.embedded:
        if language != "en":
            logger.warning("confirmation: no CJK font found; writing %s in English",
                           case.reference)
        language = "en"
        font = find_font(LATIN_FONT_CANDIDATES)
    with translation.override(language), timezone.override(case.owner.zone):
        return _build_pdf(case, font)


def _local_date(moment) -> str:
    return formats.date_format(timezone.localtime(moment), "DATE_FORMAT") if moment else "—"


def confirmation_rows(case, masked_phone: str) -> list[tuple[str, str]]:
    """What the confirmation states about the case, label and value, in the active language."""
    rows = [
        (_("Case reference"), case.reference),
        (_("Carrier"), case.carrier.name),
        (_("Phone number"), masked_phone),
        (_("Submitted on"), _local_date(case.submitted_at)),
        # The date the carrier's cancellation takes effect when the agent recorded it (it
        # may be ahead: carriers cancel at the end of the bill cycle), else completion.
        (_("Cancellation takes effect"), formats.date_format(case.line_closed_on, "DATE_FORMAT"))
        if case.line_closed_on else (_("Closed on"), _local_date(case.closed_at)),
        (_("Verification code"), case.verification_code or "—"),
    ]
    if case.carrier_confirmation_number:
        rows.append((_("Carrier's confirmation number"), case.carrier_confirmation_number))
    return rows


def not_a_carrier_document(carrier_name: str) -> str:
    """Who issues the confirmation and what it is not, in the active language."""
    return _(
        "This confirmation is issued by %(operator)s, not by %(carrier)s: it is not a "
        "%(carrier)s document. Also keep %(carrier)s's own confirmation number, text or "
        "email."
    ) % {"operator": settings.OPERATOR_NAME, "carrier": carrier_name}


def _build_pdf(case, font: FontChoice) -> bytes:
    pdf = FPDF(format="A4")
    pdf.set_title(_("Closing confirmation %(reference)s") % {"reference": case.reference})
    pdf.set_author(settings.OPERATOR_NAME)
    pdf.set_creator(settings.SITE_NAME)
    pdf.add_page()
    pdf.set_margins(20, 20, 20)
    if font.embedded:
        pdf.add_font("body", fname=font.path, collection_font_number=font.index)
        family = "body"
    else:
        family = "helvetica"
    masked = case.masked_phone if font.embedded else case.masked_phone.replace("•", "*")

    pdf.set_font(family, size=20)
    pdf.cell(0, 12, settings.SITE_NAME, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(family, size=16)
    pdf.cell(0, 10, _("Closing confirmation"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(family, size=10)
    pdf.cell(0, 6, _("Issued by %(operator)s") % {"operator": settings.OPERATOR_NAME},
             new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)

    pdf.set_font(family, size=11)
    statement = _(
        "This confirms that the cancellation of the mobile line below was verified and "
        "completed. Keep this document as proof that you asked for the line to be closed."
    )
    pdf.multi_cell(0, 6, statement, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)

    rows = confirmation_rows(case, masked)
    for label, value in rows:
        pdf.set_font(family, size=10)
        pdf.cell(55, 8, label)
        pdf.set_font(family, size=12)
        pdf.cell(0, 8, str(value), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)

    # Read as a carrier's certificate it would mislead: say plainly whose document it is.
    pdf.set_font(family, size=10)
    pdf.multi_cell(0, 5, not_a_carrier_document(case.carrier.name), new_x="LMARGIN",
                   new_y="NEXT")
    pdf.ln(3)

    pdf.set_font(family, size=9)
    pdf.multi_cell(0, 5, _(
        "To check this confirmation, contact Lineout support with the case reference and the "
        "verification code; an agent can look them up. Your final bill may still arrive after "
        "the end of the billing cycle."
    ), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
