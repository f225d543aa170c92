import pytest

from articles.models import WORDS_PER_MINUTE, Article
from tests.factories import ArticleFactory, KeyPointFactory, SectionFactory, TopicFactory, complete_article

pytestmark = pytest.mark.django_db


def test_slug_comes_from_the_title_and_is_unique():
    first = ArticleFactory(slug="", title="Vitamin D & You")
    second = ArticleFactory(slug="", title="Vitamin D & you")

    assert first.slug == "vitamin-d-you"
    assert second.slug == "vitamin-d-you-2"


def test_section_anchor_comes_from_the_heading_and_is_deduplicated():
    article = ArticleFactory()

    anchors = [SectionFactory(article=article, heading="Diagnosis & Treatment").anchor for _ in range(3)]

    assert anchors == ["diagnosis-treatment", "diagnosis-treatment-2", "diagnosis-treatment-3"]


def test_same_anchor_is_fine_in_different_articles():
    assert SectionFactory(heading="Overview").anchor == SectionFactory(heading="Overview").anchor == "overview"


def test_children_without_position_go_to_the_end():
    article = ArticleFactory()

    positions = [KeyPointFactory(article=article).position for _ in range(3)]

    assert positions == [1, 2, 3]


def test_reading_time_is_computed_from_the_words():
    article = ArticleFactory(title="t", subtitle="", summary="s", intro="", comparison_intro="")
    SectionFactory(article=article, heading="h", body=" ".join(["word"] * (WORDS_PER_MINUTE * 3)))

    article = Article.objects.with_content().get(pk=article.pk)

    assert article.reading_time_minutes == 3


def test_reading_time_override_wins():
    article = complete_article(children=1, reading_time_override=12)

    assert article.reading_time_minutes == 12


def test_every_model_has_a_readable_str():
    article = complete_article(children=1, title="Calcium basics")
    topic = TopicFactory(name="Electrolytes")

    assert str(article) == "Calcium basics"
    assert str(topic) == "Electrolytes"
    assert str(article.key_points.get()) == article.key_points.get().title
    assert str(article.citations.get()).startswith("[1] ")
    assert str(article.medical_reviewer).endswith(", MD")
