import pytest

from articles import prose
from articles.models import Article
from tests.helpers.factories import ArticleFactory, SectionFactory, complete_article

pytestmark = pytest.mark.django_db


def test_reading_time_is_computed_from_the_words():
    article = ArticleFactory(title="t", subtitle="", summary="s", intro="", comparison_intro="")
    SectionFactory(article=article, heading="h", body=" ".join(["word"] * (prose.WORDS_PER_MINUTE * 3)))

    assert prose.reading_time_minutes(Article.objects.with_content().get(pk=article.pk)) == 3


def test_reading_time_override_wins():
    article = complete_article(children=1, reading_time_override=12)

    assert prose.reading_time_minutes(Article.objects.with_content().get(pk=article.pk)) == 12


def test_reading_parts_that_were_not_prefetched_is_refused_instead_of_querying(django_assert_num_queries):
    article = complete_article(children=1)
    plain = Article.objects.get(pk=article.pk)

    with django_assert_num_queries(0), pytest.raises(prose.PartsNotFetched, match="with_content"):
        prose.readability(plain, language="en")
    # The positive control: the same call on a prefetched article answers, still without a query.
    fetched = Article.objects.with_content().get(pk=article.pk)
    with django_assert_num_queries(0):
        assert prose.readability(fetched, language="en") is not None


def test_search_text_holds_the_words_the_list_search_matches():
    article = complete_article(children=1, title="Calcium Basics", summary="Bones NEED it.")

    text = prose.search_text(Article.objects.with_content().get(pk=article.pk))

    assert "calcium basics" in text
    assert "bones need it." in text
    assert article.key_points.get().title.lower() in text
    assert article.sections.get().heading.lower() in text
    assert article.faqs.get().question.lower() not in text  # FAQs are searched at /faqs/
