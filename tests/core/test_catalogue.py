"""The Spanish catalogue (locale/es) is complete, up to date with the code, and compiled: a string of ours that is
wrapped for translation but not translated, a translation that lost a placeholder, or a .mo older than its .po fails
here.

Extracting the strings needs GNU gettext (xgettext, msgmerge: Debian's `gettext`, which .ci/run installs); the rest
reads the files with polib."""

import gettext
import re
import shutil
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

from core.management.commands.makemessages import IGNORED

CATALOGUES = {"es": Path(settings.BASE_DIR) / "locale" / "es" / "LC_MESSAGES"}
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]|\{(\w*)\}")


@pytest.fixture(scope="module", params=sorted(CATALOGUES))
def language(request) -> str:
    return request.param


def shipped(language: str) -> polib.POFile:
    return polib.pofile(str(CATALOGUES[language] / "django.po"))


def test_every_string_is_translated_and_none_is_fuzzy(language):
    catalogue = shipped(language)

    assert len(catalogue) > 900
    assert not catalogue.metadata_is_fuzzy
    assert [entry.msgid for entry in catalogue.untranslated_entries()] == []
    assert [entry.msgid for entry in catalogue.fuzzy_entries()] == []
    assert [entry.msgid for entry in catalogue.obsolete_entries()] == []
    for entry in catalogue:
        if entry.msgid_plural:
            assert all(entry.msgstr_plural.get(form, "").strip() for form in (0, 1)), entry.msgid
        else:
            assert entry.msgstr.strip(), entry.msgid


def test_every_translation_keeps_the_placeholders_of_its_english(language):
    """A placeholder lost or misspelt in a translation is a KeyError, or a wrong text, when the message is shown."""
    wrong = []
    for entry in shipped(language):
        for english, translation in (
            [(entry.msgid, entry.msgstr_plural[0]), (entry.msgid_plural, entry.msgstr_plural[1])]
            if entry.msgid_plural
            else [(entry.msgid, entry.msgstr)]
        ):
            if sorted(PLACEHOLDER.findall(english)) != sorted(PLACEHOLDER.findall(translation)):
                wrong.append((english, translation))
    assert wrong == []


def code_strings(tmp_path: Path, monkeypatch, language: str) -> set[tuple[str, str]]:
    """Every string the code marks for translation, as `manage.py makemessages` extracts it (our command, with its
    ignores), from a copy of the sources so that the shipped catalogue is not touched."""
    if not shutil.which("xgettext") or not shutil.which("msgmerge"):
        pytest.fail("GNU gettext is needed to extract the strings: apt-get install gettext (.ci/run does)")
    source = Path(settings.BASE_DIR)
    copy = tmp_path / "source"
    skipped = {*IGNORED, "locale", ".git", ".venv"}
    shutil.copytree(
        source,
        copy,
        ignore=lambda directory, names: [
            name
            for name in names
            if (Path(directory) == source and name in skipped)
            or name in {"__pycache__", "node_modules"}
            or (Path(directory, name).is_file() and not name.endswith((".py", ".html", ".txt")))
        ],
        symlinks=True,
    )
    locale = copy / "locale"
    locale.mkdir()
    monkeypatch.chdir(copy)  # makemessages reads the directory it runs in
    with override_settings(LOCALE_PATHS=[str(locale)]):
        call_command("makemessages", locale=[language], verbosity=0)
    extracted = polib.pofile(str(locale / language / "LC_MESSAGES" / "django.po"))
    return {(entry.msgctxt or "", entry.msgid) for entry in extracted}


def test_the_catalogue_has_every_string_of_the_code_and_no_other(tmp_path, monkeypatch, language):
    in_code = code_strings(tmp_path, monkeypatch, language)
    in_catalogue = {(entry.msgctxt or "", entry.msgid) for entry in shipped(language)}

    assert len(in_code) > 900  # the extraction found our strings (a wrong directory would find none)
    missing = sorted(in_code - in_catalogue)
    assert missing == [], (
        "Strings of the code with no translation: run `make messages`, translate them in "
        f"{CATALOGUES[language] / 'django.po'}, then `make messages` again to compile"
    )
    assert sorted(in_catalogue - in_code) == [], "Translations of strings no longer in the code: run `make messages`"


def test_the_compiled_catalogue_is_the_catalogue(language):
    """The .mo Django reads is committed: it must say exactly what the .po says (`make messages` compiles it)."""
    with open(CATALOGUES[language] / "django.mo", "rb") as compiled_file:
        compiled = gettext.GNUTranslations(compiled_file)._catalog  # type: ignore[attr-defined]
    expected: dict = {}
    for entry in shipped(language):
        key = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
        if entry.msgid_plural:
            for form, text in entry.msgstr_plural.items():
                expected[(key, int(form))] = text
        else:
            expected[key] = entry.msgstr
    compiled.pop("", None)  # the header

    assert compiled == expected, "locale/*/django.mo is stale: run `make messages` (or manage.py compilemessages)"
