"""core.languages: who reads what, in Python and as a query, by the same rule."""

import pytest

from articles.models import Article
from core import languages
from tests.helpers.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def test_the_query_keeps_the_rows_the_python_rule_reads():
    tags = ("en", "en-GB", "es-MX", "fr", "eng")
    made = {tag: ArticleFactory(language=tag, slug=f"in-{tag.lower()}") for tag in tags}
    for read in (["en"], ["es"], ["en-US", "fr"], ["de"]):
        kept = set(Article.objects.filter(languages.read_by(read)).values_list("language", flat=True))
        assert kept == {tag for tag in made if languages.reads(read, tag)}, read
    assert set(Article.objects.filter(languages.read_by(["en"])).values_list("language", flat=True)) == {"en", "en-GB"}
    assert not Article.objects.filter(languages.read_by([])).exists()  # a control: reading nothing reads nothing
