"""Every text people read has Dutch, and the compiled catalogue says the same as the source."""

import ast
import gettext
from pathlib import Path

LOCALE = Path(__file__).resolve().parents[2] / "locale"
PO = LOCALE / "nl" / "LC_MESSAGES" / "django.po"
MO = LOCALE / "nl" / "LC_MESSAGES" / "django.mo"


def read_po(path: Path) -> list[dict]:
    """The entries of a PO file: msgctxt, msgid, msgid_plural, msgstr[n] and the fuzzy flag."""
    entries: list[dict] = []
    entry: dict = {}
    field = None
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if not line.strip():
            if "msgid" in entry:
                entries.append(entry)
            entry, field = {}, None
        elif line.startswith("#,"):
            entry["fuzzy"] = "fuzzy" in line
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            entry[field] += ast.literal_eval(line)
        else:
            field, _, text = line.partition(" ")
            entry[field] = ast.literal_eval(text)
    return [e for e in entries if e["msgid"]]


ENTRIES = read_po(PO)


def test_the_dutch_catalogue_has_a_translation_for_every_text():
    missing = [
        e["msgid"]
        for e in ENTRIES
        if e.get("fuzzy") or not all(v for k, v in e.items() if k.startswith("msgstr"))
    ]
    assert not missing, f"{len(missing)} texts without Dutch, e.g. {missing[:10]}"


def test_the_compiled_catalogue_matches_its_source():
    catalogue = gettext.GNUTranslations(MO.open("rb"))
    stale = []
    for entry in ENTRIES:
        if entry.get("fuzzy") or "msgid_plural" in entry or not entry["msgstr"]:
            continue
        if "msgctxt" in entry:
            compiled = catalogue.pgettext(entry["msgctxt"], entry["msgid"])
        else:
            compiled = catalogue.gettext(entry["msgid"])
        if compiled != entry["msgstr"]:
            stale.append(entry["msgid"])
    assert not stale, f"run `make messages`: {len(stale)} texts differ, e.g. {stale[:5]}"
