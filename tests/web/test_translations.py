"""The dashboard is fully translated, and the compiled catalogues are current."""

import gettext
import re
from pathlib import Path

import pytest

LOCALE = Path(__file__).resolve().parents[2] / "src" / "cxloop" / "locale"
ENTRY = re.compile(r'^(?:msgctxt "(?P<ctx>.*)"\n)?msgid "(?P<id>.*)"\n', re.MULTILINE)


def po_entries(language: str) -> set[str]:
    text = (LOCALE / language / "LC_MESSAGES" / "django.po").read_text()
    keys = set()
    for match in ENTRY.finditer(text):
        if not match["id"]:
            continue  # the header, or the start of a multi-line msgid
        key = match["id"].encode().decode("unicode_escape").encode("latin-1").decode()
        keys.add(f"{match['ctx']}\x04{key}" if match["ctx"] else key)
    return keys


@pytest.mark.parametrize("language", ["et", "lv", "fi", "lt"])
def test_every_dashboard_string_has_a_compiled_translation(language: str) -> None:
    catalogue = gettext.translation("django", LOCALE, [language])._catalog  # type: ignore[attr-defined]
    entries = po_entries(language)
    assert len(entries) > 100
    missing = sorted(
        key for key in entries if not (catalogue.get(key) or catalogue.get((key, 0)))
    )
    assert missing == []
