"""Both languages load, and the Chinese catalogue is complete (nothing fuzzy or missing)."""

from pathlib import Path

import polib
import pytest
from django.utils import translation
from django.utils.translation import gettext

PO = Path(__file__).resolve().parent.parent / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"


def test_the_chinese_catalogue_has_no_untranslated_or_fuzzy_entries():
    catalogue = polib.pofile(str(PO))
    assert [e.msgid for e in catalogue.untranslated_entries()] == []
    assert [e.msgid for e in catalogue.fuzzy_entries()] == []


@pytest.mark.parametrize("language,expected", [("en", "Your cases"), ("zh-hans", "您的申请")])
def test_both_locales_load(language, expected):
    with translation.override(language):
        assert gettext("Your cases") == expected
