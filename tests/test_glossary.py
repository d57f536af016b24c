"""One vocabulary: docs/glossary.md is the list, and no text a person reads breaks it.

The Chinese check covers every translation in the catalogue, the Chinese written in templates
and Python source, and every Chinese field of the initial guidance. The English check covers
every string marked for translation (templates and Python source, read from the source so a
string counts before makemessages has run) and every English field of the initial guidance.
"""

import ast
import re
from pathlib import Path

import polib
import pytest

from content import initial_guidance

ROOT = Path(__file__).resolve().parent.parent
GLOSSARY = ROOT / "docs" / "glossary.md"
PO = ROOT / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
APPS = ("cases", "content", "portal")
CJK = re.compile(r"[\u3400-\u9fff\uff00-\uffef\u3000-\u303f]")
BACKTICKED = re.compile(r"`([^`]+)`")
GETTEXT_NAMES = {"_", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy", "pgettext",
                 "pgettext_lazy", "npgettext", "npgettext_lazy"}


# --- The glossary ----------------------------------------------------------------------


def _table(section: str) -> list[dict[str, str]]:
    """The rows of the first Markdown table under ``## section``, as dicts by header."""
    text = GLOSSARY.read_text(encoding="utf-8")
    body = text.split(f"\n## {section}\n", 1)[1].split("\n## ", 1)[0]
    lines = [line.strip() for line in body.splitlines() if line.strip().startswith("|")]
    cells = [[cell.strip() for cell in line.strip("|").split("|")] for line in lines]
    header, rows = cells[0], cells[2:]  # the second line is the |---| rule
    return [dict(zip(header, row, strict=True)) for row in rows]


def _chinese_rules() -> tuple[list[str], list[str]]:
    forbidden, allowed = [], []
    for row in _table("Terms"):
        forbidden += BACKTICKED.findall(row["Do not use"])
        allowed += BACKTICKED.findall(row["Allowed"])
    return sorted(set(forbidden)), sorted(set(allowed), key=len, reverse=True)


def _english_rules() -> list[re.Pattern]:
    """Whole words only ("Tick", not "ticket"); a term that starts or ends with a space
    (" - ") needs text on that side, so a Markdown list item is not a dash."""
    def edge(char: str, word: str, space: str) -> str:
        return word if char.isalnum() else space if char == " " else ""

    terms = [term for row in _table("English") for term in BACKTICKED.findall(row["Do not use"])]
    return [re.compile(edge(term[0], r"(?<!\w)", r"(?<=\S)") + re.escape(term)
                       + edge(term[-1], r"(?!\w)", r"(?=\S)"), re.IGNORECASE)
            for term in terms]


FORBIDDEN_ZH, ALLOWED_ZH = _chinese_rules()
FORBIDDEN_EN = _english_rules()


def forbidden_chinese(text: str) -> list[str]:
    """The glossary's retired Chinese terms found in ``text``."""
    for phrase in ALLOWED_ZH:  # longest first; a mark, so the two sides never join up
        text = text.replace(phrase, "|")
    return [term for term in FORBIDDEN_ZH if term in text]


def forbidden_english(text: str) -> list[str]:
    # Line breaks stay: in Markdown they start list items.
    text = re.sub(r"[ \t]+", " ", text)
    return [match.group(0) for rule in FORBIDDEN_EN for match in rule.finditer(text)]


def test_the_glossary_retires_the_terms_the_localizer_found():
    for term in ("销号", "参考编号", "验证码", "答复", "计费周期", "停用", "寄来", "时间线",
                 "1 至 3", "1 到 3", "线路"):
        assert term in FORBIDDEN_ZH, term
    rows = {row["English"]: row["Chinese (use this)"] for row in _table("Terms")}
    assert rows["close / cancel a line; cancellation"] == "注销（号码）"
    assert rows["verification code (of the confirmation)"] == "核验码"
    assert rows["closing confirmation"].startswith("注销确认函")
    assert rows["case reference"] == "申请编号"
    assert rows["answer / reply (customer and agent)"] == "回复"
    assert forbidden_english("Tick every item") == ["Tick"]


def test_the_check_finds_a_retired_term_and_spares_an_allowed_phrase():
    assert forbidden_chinese("请凭验证码办理销号。") == ["销号", "验证码"]
    assert forbidden_chinese("请勿把短信验证码告诉任何人；确认函上的核验码可以公开。") == []
    assert forbidden_chinese("审核通常需要 1–3 个工作日。") == []
    assert forbidden_chinese("准备好注销号码时，我们会一步步引导您。") == []
    assert forbidden_english("It was cancelled; we recognise it.") == ["recognise", "cancelled"]
    assert forbidden_english("Your bill is issued on the 3rd; review takes 1–3 business days.") == []
    assert forbidden_english("Never share it - not even with us.") == [" - "]
    assert forbidden_english("Keep:\n- the PIN\n  - the code") == []


# --- Chinese ---------------------------------------------------------------------------


def test_no_chinese_translation_uses_a_retired_term():
    found = []
    for entry in polib.pofile(str(PO)):
        if entry.obsolete:
            continue
        texts = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        found += [(entry.msgid, term) for text in texts for term in forbidden_chinese(text)]
    assert found == [], _report(found)


def _source_files(*patterns: str) -> list[Path]:
    files = [path for app in ("templates", *APPS) for pattern in patterns
             for path in (ROOT / app).rglob(pattern)]
    return sorted(path for path in files
                  if "initial_guidance" not in path.parts and "migrations" not in path.parts)


def test_no_chinese_in_templates_or_source_uses_a_retired_term():
    found = []
    for path in _source_files("*.html", "*.txt", "*.py"):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if CJK.search(line):
                found += [(f"{path.relative_to(ROOT)}:{number}", term)
                          for term in forbidden_chinese(line)]
    assert found == [], _report(found)


def _guidance_texts(data, where: str, language: str):
    """Every ``language`` text of the initial guidance data, with where it is
    (``GUIDES[keep-your-number].steps[2].body``)."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key == language and isinstance(value, str):
                yield where, value
            elif isinstance(value, dict | list):
                yield from _guidance_texts(value, f"{where}.{key}", language)
    elif isinstance(data, list):
        for index, item in enumerate(data, 1):
            name = item.get("slug") or item.get("key") if isinstance(item, dict) else None
            yield from _guidance_texts(item, f"{where}[{name or index}]", language)


def _report(found: list[tuple[str, str]]) -> str:
    return "\n".join(f"{where}: {term}" for where, term in found)


GUIDANCE = ["GUIDES", "FAQS", "CHECKLIST_ITEMS", "CARRIERS", "EMAIL_COPY"]


@pytest.mark.parametrize("collection", GUIDANCE)
def test_no_chinese_guidance_uses_a_retired_term(collection):
    data = getattr(initial_guidance, collection)
    found = [(where, term) for where, text in _guidance_texts(data, collection, "zh_hans")
             for term in forbidden_chinese(text)]
    assert found == [], _report(found)


# --- English ---------------------------------------------------------------------------

TRANSLATE_TAG = re.compile(r"""{%\s*translate\s+(["'])(.*?)\1""", re.DOTALL)
BLOCKTRANSLATE = re.compile(r"{%\s*blocktranslate\b[^%]*%}(.*?){%\s*endblocktranslate\s*%}",
                            re.DOTALL)
UNDERSCORE_LITERAL = re.compile(r"""\b_\((["'])(.*?)\1\)""")


def _template_msgids(text: str) -> list[str]:
    return ([m.group(2) for m in TRANSLATE_TAG.finditer(text)]
            + [m.group(1) for m in BLOCKTRANSLATE.finditer(text)]
            + [m.group(2) for m in UNDERSCORE_LITERAL.finditer(text)])


def _python_msgids(text: str) -> list[str]:
    msgids = []
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.Call):
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name in GETTEXT_NAMES:
                msgids += [arg.value for arg in node.args
                           if isinstance(arg, ast.Constant) and isinstance(arg.value, str)]
    return msgids


def test_no_translatable_english_uses_a_british_spelling():
    found = []
    for path in _source_files("*.html", "*.txt", "*.py"):
        text = path.read_text(encoding="utf-8")
        msgids = (_python_msgids(text) if path.suffix == ".py"
                  else [" ".join(msgid.split()) for msgid in _template_msgids(text)])
        found += [(str(path.relative_to(ROOT)), term)
                  for msgid in msgids for term in forbidden_english(msgid)]
    assert found == [], _report(found)


@pytest.mark.parametrize("collection", GUIDANCE)
def test_no_english_guidance_uses_a_british_spelling(collection):
    data = getattr(initial_guidance, collection)
    found = [(where, term) for where, text in _guidance_texts(data, collection, "en")
             for term in forbidden_english(text)]
    assert found == [], _report(found)
