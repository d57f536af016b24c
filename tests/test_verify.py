"""The proof anyone can check: /verify/<code>/ shows the paper's checkable facts and nothing
more, in the reader's language, to anyone, a limited number of times a minute; and the
closing confirmation PDF carries its QR code and short address, breaks its lines properly in
both languages and is a well-formed PDF."""

from __future__ import annotations

import io
import re
import subprocess
from datetime import date, timedelta
from html import unescape
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from fpdf import FPDF
from pypdf import PdfReader

from cases import verification
from cases.confirmation import (CJK_FONT_CANDIDATES, NO_LINE_END, NO_LINE_START, _write,
                                break_lines, find_font, render_confirmation)
from cases.models import Case

from .conftest import IN_CI, QPDF_PATH
from .factories import CarrierFactory, CaseFactory, DocumentFactory, UserFactory

OPERATOR = "Acme Phone Help LLC"


@pytest.fixture(autouse=True)
def _operator(settings):
    settings.OPERATOR_NAME = OPERATOR
    settings.SITE_URL = "https://lineout.example.com"


def done_case(**kwargs) -> Case:
    owner = kwargs.pop("owner", None) or UserFactory(
        email="ana.li@example.com", first_name="Ana", last_name="Li", language="zh-hans")
    carrier = kwargs.pop("carrier", None) or CarrierFactory(name_en="T-Mobile",
                                                            name_zh_hans="T-Mobile")
    case = CaseFactory(owner=owner, carrier=carrier, state="done",
                       phone_number="+12025550143", reason="Moving abroad", **kwargs)
    return case


def record(case: Case, **fields) -> Case:
    Case.objects.filter(pk=case.pk).update(**fields)
    case.refresh_from_db()
    return case


def verify_url(code: str) -> str:
    return reverse("verify", args=[code])


class _Facts(HTMLParser):
    """The page's facts (data-field → text) and every text node of <main>."""

    def __init__(self):
        super().__init__()
        self.facts: dict[str, str] = {}
        self._field: str | None = None
        self.rows = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("dt", "dd"):
            self.rows += tag == "dt"
        if tag == "dd":
            self._field = attrs.get("data-field", "?")
            self.facts[self._field] = ""

    def handle_endtag(self, tag):
        if tag == "dd":
            self._field = None

    def handle_data(self, data):
        if self._field:
            self.facts[self._field] += data.strip()


def facts_of(html: str) -> tuple[dict[str, str], int]:
    parser = _Facts()
    parser.feed(html)
    return parser.facts, parser.rows


# --- The page ------------------------------------------------------------------------------

@pytest.mark.django_db
@pytest.mark.parametrize("accept,expected", [
    ("en", {"Case reference", "Customer's name", "Phone number", "Carrier",
            "Cancellation takes effect", "Carrier's confirmation number",
            f"Issued by {OPERATOR}",
            f"This confirmation is issued by {OPERATOR}, not by T-Mobile: it is not a "
            "T-Mobile document."}),
    ("zh-hans", {"申请编号", "客户姓名", "手机号码", "运营商", "注销生效日期", "运营商受理编号",
                 f"出具方：{OPERATOR}", f"本确认函由 {OPERATOR} 出具", "不是 T-Mobile 的文件"}),
])
def test_the_page_shows_exactly_the_checkable_facts_in_the_readers_language(client, accept,
                                                                            expected):
    case = done_case()
    record(case, carrier_confirmation_number="TM-40417", line_closed_on=date(2026, 12, 28))
    DocumentFactory(case=case, original_name="passport-ana.pdf")

    page = client.get(verify_url(case.verification_code), HTTP_ACCEPT_LANGUAGE=accept)

    assert page.status_code == 200
    html = page.content.decode()
    facts, rows = facts_of(html)
    assert facts == {
        "reference": case.reference, "name": "Ana Li", "phone": "•••• 0143",
        "carrier": "T-Mobile", "carrier_confirmation_number": "TM-40417",
        "closing_date": "Dec. 28, 2026" if accept == "en" else "2026年12月28日",
    }
    assert rows == len(facts)  # every row has its value; no row without a data-field
    for text in expected:
        assert text in unescape(html), text
    # Nothing else about the customer or the case.
    for private in ("ana.li@example.com", "+12025550143", "202-555", "2025550143",
                    "passport-ana", "Moving abroad"):
        assert private not in html, private
    assert 'name="robots" content="noindex' in html


@pytest.mark.django_db
def test_the_page_is_never_indexed_cached_or_referred_from(client):
    case = done_case()
    for response in (client.get(verify_url(case.verification_code)),
                     client.get(verify_url("ZZZZZ22222"))):
        assert response["X-Robots-Tag"] == "noindex, nofollow"
        assert response["Cache-Control"] == "no-store"
        assert response["Referrer-Policy"] == "no-referrer"


@pytest.mark.django_db
def test_without_a_recorded_date_the_page_states_the_closing_day_as_the_paper_does(client):
    case = done_case(owner=UserFactory(first_name="", last_name="", timezone="Asia/Shanghai"))
    # Completed on 1 March in UTC (the reader's zone here), 2 March in the customer's
    # Shanghai: the paper states the customer's day, and so does the page.
    record(case, closed_at="2026-03-01T20:00:00+00:00")
    html = client.get(verify_url(case.verification_code)).content.decode()
    facts, _rows = facts_of(html)
    assert facts["closing_date"] == "March 2, 2026"
    assert "Closed on" in html and "Cancellation takes effect" not in html
    assert "name" not in facts and "carrier_confirmation_number" not in facts
    with translation.override("en"):
        assert "March 2, 2026" in pdf_text(render_confirmation(case))


@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["{code}", "{lower}", "{a}-{b}", "{a} {b}", "{a_lower}-{b}"])
def test_the_code_is_matched_as_typed_from_the_paper(client, typed):
    case = done_case()
    code = case.verification_code
    text = typed.format(code=code, lower=code.lower(), a=code[:5], b=code[5:],
                        a_lower=code[:5].lower())
    assert client.get(verify_url(text)).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["ZZZZZ22222", "ABCDE2345", "ABCDE234567", "ABCDE2345O",
                                  "LX-ABCD-EFGH", "%3Cscript%3E", "----------"])
def test_an_unknown_or_malformed_code_is_the_sites_404(client, code):
    done_case()
    response = client.get(f"/verify/{code}/")
    assert response.status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("state", ["submitted", "verifying", "needs_info", "rejected",
                                   "withdrawn"])
def test_a_case_that_is_not_done_has_no_page_even_with_a_code(client, state):
    case = CaseFactory(state=state)
    record(case, verification_code="ABCDE23456")
    assert client.get(verify_url("ABCDE23456")).status_code == 404


@pytest.mark.django_db
def test_the_page_answers_no_post(client):
    case = done_case()
    assert client.post(verify_url(case.verification_code)).status_code == 405


@pytest.mark.django_db
def test_the_page_reads_the_same_number_of_queries_whatever_the_case(client):
    plain = done_case(owner=UserFactory(first_name="", last_name=""))
    full = record(done_case(), carrier_confirmation_number="X" * 64,
                  line_closed_on=date(2026, 12, 28))
    counts = []
    for case in (plain, full):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(verify_url(case.verification_code)).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 2, counts


# --- The rate limit -------------------------------------------------------------------------

@pytest.mark.django_db
@pytest.mark.parametrize("accept,title", [("en", "Too many checks"), ("zh-hans", "核验次数过多")])
def test_lookups_are_limited_per_address_and_another_address_still_gets_through(accept, title):
    case = done_case()
    url = verify_url(case.verification_code)
    guesser = Client(REMOTE_ADDR="203.0.113.7", HTTP_ACCEPT_LANGUAGE=accept)
    # Unknown codes count too: the limit is there against guessing.
    for attempt in range(verification.LOOKUPS_PER_MINUTE):
        if attempt % 2:
            assert guesser.get(url).status_code == 200
        else:
            assert guesser.get(verify_url("ZZZZZ22222")).status_code == 404

    refused = guesser.get(url)
    assert refused.status_code == 429
    assert title in refused.content.decode()
    assert refused["Retry-After"] == "60"
    assert refused["Cache-Control"] == "no-store"
    assert case.reference not in refused.content.decode()

    other = Client(REMOTE_ADDR="203.0.113.8", HTTP_ACCEPT_LANGUAGE=accept)
    assert other.get(url).status_code == 200


@pytest.mark.django_db
def test_an_ipv6_client_is_counted_by_its_network(client, monkeypatch):
    monkeypatch.setattr(verification, "LOOKUPS_PER_MINUTE", 2)
    url = verify_url(done_case().verification_code)
    assert Client(REMOTE_ADDR="2001:db8:1:2::10").get(url).status_code == 200
    assert Client(REMOTE_ADDR="2001:db8:1:2::11").get(url).status_code == 200
    assert Client(REMOTE_ADDR="2001:db8:1:2::12").get(url).status_code == 429
    assert Client(REMOTE_ADDR="2001:db8:1:3::10").get(url).status_code == 200


# --- The PDF: QR code, short address, the same facts ---------------------------------------

def pdf_text(pdf: bytes) -> str:
    """The PDF's text as a reader sees it (fpdf2's ToUnicode map pads each character with a
    NUL, which pypdf keeps)."""
    pages = PdfReader(io.BytesIO(pdf)).pages
    return "\n".join((page.extract_text() or "") for page in pages).replace("\x00", "")


def pdf_lines(pdf: bytes) -> list[str]:
    return [line.strip() for line in pdf_text(pdf).splitlines() if line.strip()]


def scan_qr(pdf: bytes) -> list[str]:
    """What a phone reads from the PDF's first page, rendered at 150 dpi."""
    import pypdfium2
    import zxingcpp

    image = pypdfium2.PdfDocument(pdf)[0].render(scale=150 / 72).to_pil()
    return [result.text for result in zxingcpp.read_barcodes(image)]


def cjk_font_or_skip():
    if not find_font(CJK_FONT_CANDIDATES).embedded:
        if IN_CI:
            pytest.fail("Noto Sans CJK is required under CI=true (fonts-noto-cjk)")
        pytest.skip("no CJK font installed: the confirmation falls back to English")


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_pdf_carries_the_qr_code_and_short_address_of_its_page(client, language):
    if language != "en":
        cjk_font_or_skip()
    case = done_case(owner=UserFactory(language=language, first_name="Ana", last_name="Li"))
    record(case, carrier_confirmation_number="TM-40417")
    pdf = render_confirmation(case)

    assert scan_qr(pdf) == [f"https://lineout.example.com/verify/{case.verification_code}/"]
    text = "".join(pdf_text(pdf).split())
    assert f"lineout.example.com/verify/{case.verification_code}/" in text
    assert verification.grouped(case.verification_code) in text  # as printed for reading
    # Every fact the page shows is on the paper, as the page shows it.
    with translation.override(language):
        page = client.get(verify_url(case.verification_code), HTTP_ACCEPT_LANGUAGE=language)
    for value in facts_of(page.content.decode())[0].values():
        assert "".join(value.split()) in text, value


@pytest.mark.qpdf
@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_pdf_passes_qpdf_check(language, tmp_path):
    if language != "en":
        cjk_font_or_skip()
    case = record(done_case(owner=UserFactory(language=language)),
                  carrier_confirmation_number="TM-40417")
    path = tmp_path / "confirmation.pdf"
    path.write_bytes(render_confirmation(case))
    checked = subprocess.run([QPDF_PATH, "--check", str(path)], capture_output=True, text=True,
                             timeout=60)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "No syntax or stream encoding errors found" in checked.stdout
    assert b"pdfaid:part" in path.read_bytes()  # declared PDF/A-2B (fonts embedded)


# --- Line breaking --------------------------------------------------------------------------

def test_a_chinese_line_never_starts_with_closing_or_ends_with_opening_punctuation():
    # One character per unit of width and lines of 10: a plain cut would start line 2
    # with "，" and end line 3 with "「".
    text = "一二三四五六七八九十，十一十二十三十四十五「引号」十六十七"
    lines = break_lines(text, len, 10)
    assert "".join(lines) == text
    assert lines[0] == "一二三四五六七八九" and lines[1].startswith("十，")
    for line in lines:
        assert len(line) <= 10
        assert line[0] not in NO_LINE_START and line[-1] not in NO_LINE_END, lines


def test_english_breaks_only_at_spaces_and_a_long_address_is_cut_to_fit():
    text = "Scan the code or open the address below to check this confirmation online."
    lines = break_lines(text, len, 20)
    assert " ".join(lines) == text and all(len(line) <= 20 for line in lines)
    address = "lineout.example.com/verify/ABCDE23456/"
    assert "".join(break_lines(address, len, 16)) == address
    assert all(len(line) <= 16 for line in break_lines(address, len, 16))


def test_a_long_chinese_paragraph_in_the_pdf_keeps_punctuation_with_its_text():
    font = find_font(CJK_FONT_CANDIDATES)
    if not font.embedded:
        cjk_font_or_skip()
    paragraph = ("如需核实本确认函，请扫描二维码或打开确认函上的网址；页面显示的申请编号、"
                 "运营商、注销日期和受理编号应与纸质文件一致。如有任何一项不一致（例如日期或号码），"
                 "请联系出具方 Lineout 客服。账单周期结束后，您可能仍会收到最终账单，"
                 "请保留「T-Mobile」自己的受理编号、短信或邮件。") * 3
    width_mm = [60 + step * 7 for step in range(12)]  # punctuation lands at many line ends

    def render(draw) -> list[str]:
        pdf = FPDF(format="A4")
        pdf.add_font("body", fname=font.path, collection_font_number=font.index)
        pdf.set_font("body", size=10)
        for width in width_mm:
            pdf.add_page()
            draw(pdf, width)
        return pdf_lines(bytes(pdf.output()))

    ours = render(lambda pdf, width: _write(pdf, paragraph, size=10, line_height=5,
                                            width=width))
    fpdf_own = render(lambda pdf, width: pdf.multi_cell(width, 5, paragraph, wrapmode="CHAR"))

    def bad(lines):
        return [line for line in lines
                if line[0] in NO_LINE_START or line[-1] in NO_LINE_END]

    assert bad(fpdf_own), "the sample should trip a plain character wrap"
    assert bad(ours) == []
    # Nothing lost or doubled (a break at a space drops the space).
    assert "".join("".join(ours).split()) == "".join(paragraph.split()) * len(width_mm)


@pytest.mark.django_db
def test_the_chinese_confirmation_has_no_line_that_starts_with_punctuation():
    cjk_font_or_skip()
    case = record(done_case(owner=UserFactory(language="zh-hans", first_name="Ana")),
                  carrier_confirmation_number="TM-40417",
                  line_closed_on=date.today() + timedelta(days=10))
    lines = pdf_lines(render_confirmation(case))
    assert [line for line in lines if line[0] in NO_LINE_START] == [], lines
    assert any(line.startswith("本确认函由") for line in lines)
    assert re.search(r"不是\s*T-Mobile\s*的文件。", "\n".join(lines))
