"""A fixed number of SQL queries per endpoint, whatever the number of children."""

import pytest

from publishing.preview import preview_token_make
from publishing.services.editorial_steps import article_transition
from tests.helpers.factories import TopicFactory, complete_article
from tests.helpers.publishing import approve, publish_reviewed

pytestmark = pytest.mark.django_db

# list: the state row (publishing.api.cache), the site settings (its languages: `?language=`), count, page.
LIST_QUERIES = 4
# a list narrowed to one topic and searched: and the topic's id, which names what the list shows (its surrogate key),
# and the synonyms of the searched words in the list's language (core.synonyms, one query whatever they are); the
# page in two steps, as a search orders by relevance: its keys sorted, then its rows (`KeysFirstPaginator`).
TOPIC_LIST_QUERIES = 7
# detail: the state row, the site settings, the one live publication by slug, its translation group's live ones.
DETAIL_QUERIES = 4
# JSON-LD: the state row, the site settings, the one live publication by slug, its translation group's live ones.
JSONLD_QUERIES = 4
# any public read answered from the cache: the state row only.
CACHED_QUERIES = 1
# publish: savepoint, the locked article, is anything public, the user's and the group's permissions,
# the approval of the current version, site settings, slug check, insert publication, its topics,
# authors, FAQs, references and records (topics and people), first-published date, status, audit
# entry, release; and the live set: the article's publications (superseded_at), the state key and version,
# the next scheduled go-live, the version read back, the topics of its publications and the versions of the
# surrogate keys they name (one upsert), the current topic, person and reference rows marked again (for each of
# the two: the newest live rows, unmark, mark), the other articles of its translation group (their details list
# it), and the sync feed's change row. Publishing reads none
# of the article's parts: it puts the approved document live. (Plus one for the retraction notices when a
# cited paper has a DOI or PubMed ID: none here.)
PUBLISH_QUERIES = 32


@pytest.fixture(params=[2, 50], ids=["2 children", "50 children"])
def article_with_children(request):
    article = complete_article(children=request.param, slug=f"article-{request.param}")
    return article


def test_detail_query_count_is_fixed(api_client, article_with_children, django_assert_num_queries):
    publish_reviewed(article_with_children)

    with django_assert_num_queries(DETAIL_QUERIES):
        response = api_client.get(f"/api/v1/articles/{article_with_children.slug}/")

    assert response.status_code == 200


def test_list_query_count_is_fixed(api_client, article_with_children, django_assert_num_queries):
    topic = TopicFactory(slug="electrolytes")
    article_with_children.topics.add(topic)
    publish_reviewed(article_with_children)
    for index in range(5):
        more = complete_article(children=3, slug=f"more-{index}")
        more.topics.add(topic)
        publish_reviewed(more)

    with django_assert_num_queries(TOPIC_LIST_QUERIES):
        response = api_client.get("/api/v1/articles/", {"search": "article", "topic": "electrolytes"})

    assert response.json()["count"] == 6


@pytest.mark.parametrize("url", ["/api/v1/faqs/", "/api/v1/references/"])
def test_faq_and_reference_lists_query_count_is_fixed(
    api_client, article_with_children, url, django_assert_num_queries
):
    publish_reviewed(article_with_children)

    with django_assert_num_queries(LIST_QUERIES):
        response = api_client.get(url, {"page_size": 100})

    assert response.status_code == 200
    assert response.json()["count"] == min(article_with_children.faqs.count(), 100)


@pytest.mark.parametrize("url", ["/api/v1/topics/", "/api/v1/contributors/"])
def test_topic_and_contributor_lists_query_count_is_fixed(
    api_client, article_with_children, url, django_assert_num_queries
):
    publish_reviewed(article_with_children)

    with django_assert_num_queries(LIST_QUERIES):  # Last-Modified, count, page (the live rows chosen in SQL)
        response = api_client.get(url)
    assert response.json()["count"] >= 2


@pytest.mark.parametrize(
    "url", ["/api/v1/articles/", "/api/v1/articles/article-2/", "/api/v1/articles/article-2/jsonld/", "/api/v1/faqs/"]
)
def test_a_repeated_read_is_answered_from_the_cache_with_one_query(api_client, url, django_assert_num_queries):
    publish_reviewed(complete_article(children=2, slug="article-2"))
    first = api_client.get(url)
    assert first.status_code == 200

    with django_assert_num_queries(CACHED_QUERIES):
        again = api_client.get(url)

    assert again.status_code == 200
    assert again.content == first.content
    assert (first["X-Cache"], again["X-Cache"]) == ("miss", "hit")
    assert again["ETag"] == first["ETag"]
    assert again["Content-Type"] == first["Content-Type"]


def test_publish_query_count_is_fixed(article_with_children, publisher, django_assert_num_queries):
    approve(article_with_children)

    with django_assert_num_queries(PUBLISH_QUERIES):
        article_transition("publish", article=article_with_children, user=publisher)


def test_jsonld_query_count_is_fixed(api_client, article_with_children, django_assert_num_queries):
    publish_reviewed(article_with_children)

    with django_assert_num_queries(JSONLD_QUERIES):
        response = api_client.get(f"/api/v1/articles/{article_with_children.slug}/jsonld/")

    assert response.status_code == 200


# preview: the article with its reviewer, 7 prefetches, site settings (for the default disclaimer).
PREVIEW_QUERIES = 9


def test_preview_query_count_is_fixed(api_client, article_with_children, django_assert_num_queries):
    token = preview_token_make(article_with_children)

    with django_assert_num_queries(PREVIEW_QUERIES):
        response = api_client.get(f"/api/v1/preview/{token}/")

    assert response.status_code == 200


# With images: the preview above, and the article's images with their renditions (two queries, however many).
PREVIEW_WITH_IMAGES_QUERIES = PREVIEW_QUERIES + 2


@pytest.mark.parametrize("figures", [1, 5])
def test_a_preview_and_a_detail_with_a_hero_and_figures_cost_a_fixed_number_of_queries(
    api_client, figures, django_assert_num_queries
):
    import io

    from articles.models import Article, Section
    from media.renditions import renditions_ensure
    from media.services import image_create
    from tests.helpers.images import picture

    def image():
        made = image_create(
            upload=io.BytesIO(picture(400, 300, "JPEG")),
            fields={"alt_text": "A chart", "credit": "The project", "licence": "CC BY 4.0"},
        )
        renditions_ensure(image=made)
        return made

    article = complete_article(children=1, slug=f"figures-{figures}")
    placed = [image() for _ in range(figures)]
    Article.objects.filter(pk=article.pk).update(hero_image=image())
    for index, figure in enumerate(placed):
        section = Section(
            article=article, heading=f"Figure {index}", anchor=f"figure-{index}", body=f"![Figure](image:{figure.pk})"
        )
        section.position = 10 + index
        section.save()  # renders the placeholder its HTML keeps
    token = preview_token_make(Article.objects.get(pk=article.pk))

    with django_assert_num_queries(PREVIEW_WITH_IMAGES_QUERIES):
        preview = api_client.get(f"/api/v1/preview/{token}/")

    assert preview.status_code == 200 and len(preview.json()["figures"]) == figures
    publish_reviewed(article)
    with django_assert_num_queries(DETAIL_QUERIES):
        detail = api_client.get(f"/api/v1/articles/{article.slug}/")
    assert detail.json()["hero_image"]["renditions"] and len(detail.json()["figures"]) == figures
