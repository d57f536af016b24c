"""The closing confirmation: a one-page PDF the customer keeps as proof the line was closed.

It is written in the customer's language and carries a QR code and a short address of its
public check (``/verify/<code>/``, cases/verification.py), which shows the same facts.
Chinese needs a font that covers it, embedded (subset) in the file, so the PDF reads the
same on any machine: Noto Sans CJK where it is installed (Debian's fonts-noto-cjk, which the
image and CI install), or CJK_FONT_PATH. Without such a font the confirmation falls back to
English rather than printing boxes. With an embedded font it is declared PDF/A-2B.
"""

from __future__ import annotations

import logging
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import segno
from django.conf import settings
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from fpdf import FPDF

from . import verification

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


# --- What the confirmation states ---------------------------------------------------------

@dataclass(frozen=True)
class Fact:
    key: str  # what it is, for the page's markup and the tests
    label: str
    value: str


def verified_facts(case, masked_phone: str | None = None) -> list[Fact]:
    """What the paper states that anyone can check on its public page, in the active
    language: the reference, the customer's name as given, the masked number, the carrier,
    the closing date, and the carrier's confirmation number when the agent recorded one."""
    closing = verification.closing_date(case)
    day = formats.date_format(closing.day, "DATE_FORMAT") if closing.day else "—"
    facts = [Fact("reference", _("Case reference"), case.reference)]
    name = verification.customer_name(case)
    if name:
        facts.append(Fact("name", _("Customer's name"), name))
    facts += [
        Fact("phone", _("Phone number"),
             case.masked_phone if masked_phone is None else masked_phone),
        Fact("carrier", _("Carrier"), case.carrier.name),
        # The date the carrier's cancellation takes effect when the agent recorded it (it
        # may be ahead: carriers cancel at the end of the bill cycle), else completion.
        Fact("closing_date", _("Cancellation takes effect"), day) if closing.takes_effect
        else Fact("closing_date", _("Closed on"), day),
    ]
    if case.carrier_confirmation_number:
        facts.append(Fact("carrier_confirmation_number", _("Carrier's confirmation number"),
                          case.carrier_confirmation_number))
    return facts


def confirmation_rows(case, masked_phone: str) -> list[tuple[str, str]]:
    """What the confirmation states about the case, label and value, in the active language:
    the checkable facts, when the case was submitted and the verification code."""
    rows = []
    for fact in verified_facts(case, masked_phone):
        if fact.key == "closing_date":
            rows.append((_("Submitted on"), _local_date(case.submitted_at)))
        rows.append((fact.label, fact.value))
    code = verification.grouped(case.verification_code) if case.verification_code else "—"
    rows.append((_("Verification code"), code))
    return rows


def not_a_carrier_document(carrier_name: str) -> str:
    """Who issues the confirmation and what it is not, in the active language."""
    return _(
        "This confirmation is issued by %(operator)s, not by %(carrier)s: it is not a "
        "%(carrier)s document."
    ) % {"operator": settings.OPERATOR_NAME, "carrier": carrier_name}


def keep_the_carriers_own_proof(carrier_name: str) -> str:
    return _("Also keep %(carrier)s's own confirmation number, text or email.") % {
        "carrier": carrier_name}


# --- Line breaking -------------------------------------------------------------------------
# fpdf2 breaks lines only at spaces: a Chinese sentence is one long "word" that it cuts
# wherever the line runs out, or it jumps to the last space (before a Latin name) and leaves
# a gap. So lines are broken here: at spaces, and between two CJK characters, but never
# before closing punctuation nor after opening punctuation (the rule known as kinsoku).

NO_LINE_START = frozenset(
    "!%),.:;?]}¢°·’”›℃‰、。〃〉》」』】〕〗〙〛〞︰︱︳﹐﹑﹒﹓﹔﹕﹖﹗﹚﹜﹞！％），．：；？］｝～"
    "｡｣､…‥—–ー・")
NO_LINE_END = frozenset("([{£¥‘“‹〈《「『【〔〖〘〚〝﹙﹛﹝（［｛｢＄")


def _is_wide(char: str) -> bool:
    """A CJK character or full-width form: a line may break on either side of it."""
    return unicodedata.east_asian_width(char) in ("W", "F")


def _pieces(paragraph: str) -> list[tuple[str, bool]]:
    """The paragraph cut where a line may break: (text no line breaks inside, whether white
    space follows it)."""
    pieces: list[list] = []
    word = ""
    for char in paragraph:
        if char.isspace() or _is_wide(char):
            if word:
                pieces.append([word, False])
                word = ""
            if char.isspace():
                if pieces:
                    pieces[-1][1] = True
            else:
                pieces.append([char, False])
        else:
            word += char
    if word:
        pieces.append([word, False])
    # Kinsoku: closing punctuation holds on to what it closes, opening to what it opens.
    joined: list[list] = []
    for text, space_after in pieces:
        if joined and not joined[-1][1] and (
                text[0] in NO_LINE_START or joined[-1][0][-1] in NO_LINE_END):
            joined[-1] = [joined[-1][0] + text, space_after]
        else:
            joined.append([text, space_after])
    return [(text, space_after) for text, space_after in joined]


def break_lines(text: str, width_of: Callable[[str], float], max_width: float) -> list[str]:
    """``text`` in lines no wider than ``max_width`` as measured by ``width_of``; "\\n" starts a
    new paragraph. A piece wider than a whole line (a long address) is cut where it must."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line, space_before = "", False
        for piece, space_after in _pieces(paragraph):
            candidate = f"{line}{' ' if space_before else ''}{piece}" if line else piece
            if line and width_of(candidate) > max_width:
                lines.append(line)
                candidate = piece
            line = candidate
            while width_of(line) > max_width and len(line) > 1:
                cut = len(line) - 1
                while cut > 1 and width_of(line[:cut]) > max_width:
                    cut -= 1
                lines.append(line[:cut])
                line = line[cut:]
            space_before = space_after
        lines.append(line)
    return lines


def _write(pdf: FPDF, text: str, *, size: float, line_height: float, width: float = 0,
           x: float | None = None) -> None:
    """``text`` as left-aligned lines broken by ``break_lines``, at ``x`` (the left margin
    by default), ``width`` wide (0: to the right margin); then the next line's start."""
    pdf.set_font_size(size)
    left = pdf.l_margin if x is None else x
    width = width or (pdf.w - pdf.r_margin - left)
    for line in break_lines(text, pdf.get_string_width, width - 2 * pdf.c_margin):
        pdf.set_x(left)
        pdf.cell(width, line_height, line, new_x="LEFT", new_y="NEXT")
    pdf.set_x(pdf.l_margin)


# --- The QR code ---------------------------------------------------------------------------

def _draw_qr(pdf: FPDF, payload: str, *, x: float, y: float, size: float) -> None:
    """The QR code of ``payload`` as filled squares (vector: sharp at any zoom or print),
    ``size`` mm wide including the quiet zone of 4 modules a scanner needs."""
    code = segno.make_qr(payload, error="m")
    rows = list(code.matrix_iter(border=4))
    module = size / len(rows)
    pdf.set_fill_color(0, 0, 0)
    for row_index, row in enumerate(rows):
        column = 0
        while column < len(row):
            if not row[column]:
                column += 1
                continue
            run = column
            while run < len(row) and row[run]:
                run += 1
            # One rectangle per run of dark modules, a hair taller so rows leave no seam.
            pdf.rect(x + column * module, y + row_index * module, (run - column) * module,
                     module * 1.02, style="F")
            column = run


# --- The page ------------------------------------------------------------------------------

QR_SIZE = 34  # mm, quiet zone included
LABEL_WIDTH = 60  # mm


def _build_pdf(case, font: FontChoice) -> bytes:
    # PDF/A-2B (archival: fonts embedded, colours and metadata declared) needs every font
    # embedded, so not with the built-in Helvetica of the last fallback.
    pdf = FPDF(format="A4", enforce_compliance="PDF/A-2B" if font.embedded else None)
    pdf.set_title(_("Closing confirmation %(reference)s") % {"reference": case.reference})
    pdf.set_author(settings.OPERATOR_NAME)
    pdf.set_creator(settings.SITE_NAME)
    pdf.set_lang(translation.get_language())
    pdf.set_margins(20, 20, 20)
    pdf.add_page()
    if font.embedded:
        pdf.add_font("body", fname=font.path, collection_font_number=font.index)
        family = "body"
    else:
        family = "helvetica"
    masked = case.masked_phone if font.embedded else case.masked_phone.replace("•", "*")
    # CJK fonts draw "•" full width ("・ ・ ・ ・"): the masked number reads as on the
    # page in a Latin font, where one is installed.
    latin = next((path for path, _index in LATIN_FONT_CANDIDATES if Path(path).is_file()), None)
    masked_family = family
    if font.embedded and latin and latin != font.path:
        pdf.add_font("latin", fname=latin)
        masked_family = "latin"

    pdf.set_font(family, size=20)
    pdf.cell(0, 12, settings.SITE_NAME, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(family, size=16)
    pdf.cell(0, 10, _("Closing confirmation"), new_x="LMARGIN", new_y="NEXT")
    _write(pdf, _("Issued by %(operator)s") % {"operator": settings.OPERATOR_NAME},
           size=10, line_height=6)
    pdf.ln(4)

    _write(pdf, _(
        "This confirms that the cancellation of the mobile line below was verified and "
        "completed. Keep this document as proof that you asked for the line to be closed."
    ), size=11, line_height=6)
    pdf.ln(4)

    for label, value in confirmation_rows(case, masked):
        top = pdf.get_y()
        _write(pdf, label, size=10, line_height=8, width=LABEL_WIDTH)
        label_bottom = pdf.get_y()
        pdf.set_y(top)
        pdf.set_font(masked_family if value == masked else family)
        _write(pdf, str(value), size=12, line_height=8, x=pdf.l_margin + LABEL_WIDTH)
        pdf.set_font(family)
        pdf.set_y(max(label_bottom, pdf.get_y()))
    pdf.ln(6)

    # The public check: a QR code for a phone, the short address for typing.
    if case.verification_code:
        top = pdf.get_y()
        _draw_qr(pdf, verification.verify_url(case.verification_code), x=pdf.l_margin - 3,
                 y=top, size=QR_SIZE)
        text_x = pdf.l_margin + QR_SIZE
        pdf.set_y(top + 3)
        _write(pdf, _("Check this confirmation"), size=11, line_height=6, x=text_x)
        _write(pdf, _(
            "Scan the code or open the address below: the page shows the details above as "
            "%(operator)s recorded them."
        ) % {"operator": settings.OPERATOR_NAME}, size=9, line_height=5, x=text_x)
        pdf.ln(1)
        _write(pdf, verification.short_url(case.verification_code), size=11, line_height=6,
               x=text_x)
        pdf.set_y(max(top + QR_SIZE, pdf.get_y()) + 2)

    # Read as a carrier's certificate it would mislead: say plainly whose document it is.
    carrier = case.carrier.name
    _write(pdf, not_a_carrier_document(carrier), size=10, line_height=5)
    _write(pdf, keep_the_carriers_own_proof(carrier), size=10, line_height=5)
    pdf.ln(3)
    _write(pdf, _("Your final bill may still arrive after the end of the billing cycle."),
           size=9, line_height=5)
    return bytes(pdf.output())
