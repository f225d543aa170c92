import datetime
import subprocess
import sys
from pathlib import Path

import pytest

from references.models import Reference, ReferenceKind


def reference(**fields) -> Reference:
    return Reference(**fields)


def test_ama_journal_article_with_more_than_six_authors():
    ref = reference(
        kind=ReferenceKind.GUIDELINE,
        authors="Holick MF, Binkley NC, Bischoff-Ferrari HA, Gordon CM, Hanley DA, Heaney RP, Murad MH, Weaver CM",
        title="Evaluation, treatment, and prevention of vitamin D deficiency: an Endocrine Society clinical "
        "practice guideline",
        container="J Clin Endocrinol Metab",
        year=2011,
        volume="96",
        issue="7",
        pages="1911-1930",
        doi="10.1210/jc.2011-0385",
    )

    assert ref.citation == (
        "Holick MF, Binkley NC, Bischoff-Ferrari HA, et al. Evaluation, treatment, and prevention of vitamin D "
        "deficiency: an Endocrine Society clinical practice guideline. J Clin Endocrinol Metab. "
        "2011;96(7):1911-1930. doi:10.1210/jc.2011-0385"
    )


def test_ama_journal_article_single_author():
    ref = reference(
        kind=ReferenceKind.JOURNAL_ARTICLE,
        authors="Holick MF",
        title="Vitamin D deficiency",
        container="N Engl J Med",
        year=2007,
        volume="357",
        issue="3",
        pages="266-281",
        doi="10.1056/nejmra070553",
    )

    assert (
        ref.citation == "Holick MF. Vitamin D deficiency. N Engl J Med. 2007;357(3):266-281. doi:10.1056/nejmra070553"
    )


def test_ama_website():
    ref = reference(
        kind=ReferenceKind.WEBSITE,
        authors="Office of Dietary Supplements",
        title="Vitamin D: fact sheet for health professionals",
        container="National Institutes of Health",
        url="https://ods.od.nih.gov/factsheets/VitaminD-HealthProfessional/",
        accessed_on=datetime.date(2026, 11, 2),
    )

    assert ref.citation == (
        "Office of Dietary Supplements. Vitamin D: fact sheet for health professionals. National Institutes of "
        "Health. Accessed November 2, 2026. https://ods.od.nih.gov/factsheets/VitaminD-HealthProfessional/"
    )


def test_ama_book():
    ref = reference(
        kind=ReferenceKind.BOOK,
        authors="Institute of Medicine",
        title="Dietary Reference Intakes for Calcium and Vitamin D",
        container="National Academies Press",
        year=2011,
    )

    assert ref.citation == (
        "Institute of Medicine. Dietary Reference Intakes for Calcium and Vitamin D. National Academies Press; 2011."
    )


def test_ama_guideline_issued_on_its_own():
    ref = reference(
        kind=ReferenceKind.GUIDELINE,
        authors="World Health Organization",
        title="Guideline: vitamin D supplementation in pregnant women",
        container="World Health Organization",
        year=2012,
        url="https://www.who.int/publications/i/item/9789241504935",
        accessed_on=datetime.date(2026, 1, 5),
    )

    assert ref.citation == (
        "World Health Organization. Guideline: vitamin D supplementation in pregnant women. World Health "
        "Organization; 2012. Accessed January 5, 2026. https://www.who.int/publications/i/item/9789241504935"
    )


def test_ama_dates_are_english_whatever_the_server_locale(tmp_path):
    """A server whose process locale is German still writes "Accessed March 5, 2026"."""
    compiled = subprocess.run(
        ["localedef", "-i", "de_DE", "-f", "UTF-8", str(tmp_path / "de_DE.UTF-8")], capture_output=True
    )
    if compiled.returncode not in (0, 1):  # 1: compiled, with warnings
        pytest.skip("Debian's locale sources are not installed; no German locale can be made")
    script = (
        "import datetime, locale, os\n"
        "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.settings_test')\n"
        "import django; django.setup()\n"
        "locale.setlocale(locale.LC_TIME, 'de_DE.UTF-8')\n"
        "print(f'{datetime.date(2026, 3, 5):%B}')\n"
        "from references.models import Reference\n"
        "day = datetime.date(2026, 3, 5)\n"
        "print(Reference(kind='website', title='T', url='https://example.org/', accessed_on=day).citation)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        env={"LOCPATH": str(tmp_path), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
    )

    assert result.returncode == 0, result.stderr[-2000:]
    german_month, citation = result.stdout.strip().splitlines()
    assert german_month == "März"  # the locale is really German: the control
    assert "Accessed March 5, 2026." in citation
