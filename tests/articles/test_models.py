import pytest

from tests.helpers.factories import ArticleFactory, KeyPointFactory, TopicFactory, complete_article

pytestmark = pytest.mark.django_db


def test_children_without_position_go_to_the_end():
    article = ArticleFactory()

    positions = [KeyPointFactory(article=article).position for _ in range(3)]

    assert positions == [1, 2, 3]


def test_every_model_has_a_readable_str():
    article = complete_article(children=1, title="Calcium basics")
    topic = TopicFactory(name="Electrolytes")

    assert str(article) == "Calcium basics"
    assert str(topic) == "Electrolytes"
    assert str(article.key_points.get()) == article.key_points.get().title
    assert str(article.citations.get()).startswith("[1] ")
    assert str(article.medical_reviewer).endswith(", MD")


def test_markdown_fields_are_rendered_to_html_on_save():
    article = complete_article(children=1, intro="Some **bold** words [1].")

    assert article.intro_html.startswith("<p>Some <strong>bold</strong> words")
    assert article.sections.get().body_html.startswith("<p>")
    assert article.faqs.get().answer_html == "<p>An answer in <em>Markdown</em>.</p>"
