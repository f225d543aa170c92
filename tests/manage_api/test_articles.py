"""The management API's articles: nested writes through the editing service, ETags and If-Match, lifecycle steps."""

import pytest

from articles.models import Article, ArticleStatus
from publishing.models import Approval
from tests.helpers.factories import ContributorFactory, ReferenceFactory, TopicFactory, complete_article
from tests.helpers.manage_api import token_client
from tests.helpers.publishing import publish_reviewed

pytestmark = pytest.mark.django_db

URL = "/api/v1/manage/articles/"


def new_article(**overrides) -> dict:
    reference = ReferenceFactory(doi="10.1056/NEJMra070553", pmid="17634462")
    other = ReferenceFactory()
    return {
        "title": "Zinc and wound healing",
        "summary": "Zinc helps skin repair itself.",
        "intro": "Zinc matters [1].",
        "topics": [TopicFactory(slug="minerals").slug],
        "authors": [ContributorFactory(slug="jo").slug],
        "key_points": [{"title": "Food first", "text": "Eat a varied diet."}],
        "sections": [
            {"heading": "What zinc does", "body_markdown": "It helps **healing** [1, 2]."},
            {"heading": "What zinc does", "body_markdown": "Again."},
        ],
        "cause_comparisons": [
            {"cause": "Low zinc", "related_symptoms": "Slow healing", "differentiating_factors": "Diet"}
        ],
        "faqs": [{"question": "Supplements?", "answer_markdown": "Rarely [2]."}],
        "citations": [{"doi": "https://doi.org/10.1056/NEJMRA070553"}, {"reference": other.pk}],
        **overrides,
        "_reference": reference,
    }


def post_new(client, **overrides):
    body = new_article(**overrides)
    body.pop("_reference")
    return client.post(URL, body, format="json")


def test_an_author_creates_an_article_with_every_part_in_one_request(author):
    client = token_client(author)

    response = post_new(client)

    assert response.status_code == 201, response.json()
    body = response.json()
    assert response["ETag"] == '"1"' and body["version"] == 1
    assert response["Location"].endswith(f"/api/v1/manage/articles/{body['slug']}/")
    assert (body["slug"], body["status"]) == ("zinc-and-wound-healing", "draft")
    assert [s["anchor"] for s in body["sections"]] == ["what-zinc-does", "what-zinc-does-2"]
    assert [c["reference"]["doi"] for c in body["citations"]] == [
        "10.1056/nejmra070553",
        body["citations"][1]["reference"]["doi"],
    ]
    assert [c["number"] for c in body["citations"]] == [1, 2]
    assert body["topics"] == ["minerals"] and body["authors"] == ["jo"]
    assert Article.objects.get(slug="zinc-and-wound-healing").sections.first().body_html.startswith("<p>It helps")


def test_reading_returns_the_version_as_etag(author):
    client = token_client(author)
    slug = post_new(client).json()["slug"]

    response = client.get(f"{URL}{slug}/")

    assert response.status_code == 200
    assert response["ETag"] == '"1"'
    assert response["Cache-Control"] == "private, no-store"


def test_a_bad_marker_in_one_row_is_reported_at_its_path_and_nothing_is_created(author):
    client = token_client(author)

    response = post_new(
        client,
        sections=[
            {"heading": "Fine", "body_markdown": "Fine [1]."},
            {"heading": "Broken", "body_markdown": "Cites [16]."},
        ],
    )

    assert response.status_code == 400
    errors = response.json()
    assert errors["sections"][0] == {}
    assert "[16] points at citation 16, which does not exist" in errors["sections"][1]["body_markdown"][0]
    assert not Article.objects.exists()


def test_an_invalid_child_leaves_the_whole_article_unchanged(author):
    client = token_client(author)
    created = post_new(client).json()
    url = f"{URL}{created['slug']}/"

    response = client.patch(
        url,
        {"summary": "Changed too.", "faqs": [{"question": "", "answer_markdown": "No question."}]},
        format="json",
        HTTP_IF_MATCH='"1"',
    )

    assert response.status_code == 400
    assert "question" in response.json()["faqs"][0]
    stored = client.get(url).json()
    assert (stored["summary"], stored["version"]) == ("Zinc helps skin repair itself.", 1)
    assert [faq["question"] for faq in stored["faqs"]] == ["Supplements?"]


def test_put_replaces_the_parts_in_the_given_order_and_patch_may_leave_lists_out(author):
    client = token_client(author)
    created = post_new(client).json()
    url = f"{URL}{created['slug']}/"
    first, second = created["sections"]
    put = {
        **{name: created[name] for name in ("title", "slug", "summary", "intro", "comparison_intro", "disclaimer")},
        "key_points": [],
        "sections": [
            {"id": second["id"], "heading": second["heading"], "body_markdown": "Second, now first [1]."},
            {"id": first["id"], "heading": first["heading"], "body_markdown": first["body_markdown"]},
        ],
        "cause_comparisons": [],
        "faqs": [],
        "citations": [{"id": c["id"], "reference": c["reference"]["id"]} for c in created["citations"]],
    }

    replaced = client.put(url, put, format="json", HTTP_IF_MATCH='"1"')
    patched = client.patch(url, {"subtitle": "A subtitle"}, format="json", HTTP_IF_MATCH='"2"')

    assert replaced.status_code == 200, replaced.json()
    body = replaced.json()
    assert [s["id"] for s in body["sections"]] == [second["id"], first["id"]]
    assert body["key_points"] == [] and body["faqs"] == []
    assert replaced["ETag"] == '"2"'
    assert patched.status_code == 200
    assert (patched.json()["subtitle"], len(patched.json()["sections"]), patched["ETag"]) == ("A subtitle", 2, '"3"')


def test_put_leaves_out_a_field_only_by_emptying_it_and_patch_keeps_it(author):
    """PUT is the whole article: an introduction left out is not kept to be checked against the new citations (its
    [1] would point at none); the same introduction left out of a PATCH stays, markers and all."""
    client = token_client(author)
    created = post_new(client).json()
    url = f"{URL}{created['slug']}/"
    patched = client.patch(url, {"subtitle": "Kept by PATCH"}, format="json", HTTP_IF_MATCH='"1"')
    whole = {"title": "Zinc, replaced", "summary": "New.", "key_points": [], "sections": [], "cause_comparisons": []}

    replaced = client.put(url, {**whole, "faqs": [], "citations": []}, format="json", HTTP_IF_MATCH='"2"')

    assert patched.status_code == 200 and patched.json()["intro"] == "Zinc matters [1]."
    assert replaced.status_code == 200, replaced.json()
    body = replaced.json()
    assert (body["intro"], body["subtitle"], body["authors"], body["topics"]) == ("", "", [], [])
    assert (body["slug"], body["title"], body["citations"]) == (created["slug"], "Zinc, replaced", [])


def test_put_must_send_every_list(author):
    client = token_client(author)
    created = post_new(client).json()

    response = client.put(
        f"{URL}{created['slug']}/", {"title": "T", "summary": "S"}, format="json", HTTP_IF_MATCH='"1"'
    )

    assert response.status_code == 400
    assert set(response.json()) == {"key_points", "sections", "cause_comparisons", "faqs", "citations"}


def test_fields_only_the_lifecycle_changes_are_refused_by_name(author, reviewer):
    client = token_client(author)
    created = post_new(client).json()

    response = client.patch(
        f"{URL}{created['slug']}/",
        {
            "status": "published",
            "medical_reviewer": reviewer.contributor_profile.slug,
            "last_reviewed_at": "2026-01-01",
        },
        format="json",
        HTTP_IF_MATCH='"1"',
    )

    assert response.status_code == 400
    assert set(response.json()) == {"status", "medical_reviewer", "last_reviewed_at"}
    assert "lifecycle" in response.json()["status"][0]
    article = Article.objects.get(slug=created["slug"])
    assert (article.status, article.medical_reviewer, article.version) == ("draft", None, 1)


def test_unknown_fields_are_a_400_naming_them(author):
    response = post_new(token_client(author), colour="blue")

    assert response.status_code == 400
    assert response.json() == {"colour": ["Unknown field."]}


def test_a_change_without_if_match_is_a_428_and_a_stale_one_a_412(author):
    client = token_client(author)
    created = post_new(client).json()
    url = f"{URL}{created['slug']}/"

    missing = client.patch(url, {"summary": "No If-Match."}, format="json")
    stale = client.patch(url, {"summary": "Old ETag."}, format="json", HTTP_IF_MATCH='"7"')
    fine = client.patch(url, {"summary": "Right ETag."}, format="json", HTTP_IF_MATCH='"1"')

    assert missing.status_code == 428
    assert stale.status_code == 412
    assert stale.json()["current_version"] == 1
    assert fine.status_code == 200
    assert Article.objects.get(slug=created["slug"]).summary == "Right ETag."


def test_two_clients_read_then_both_write_the_second_gets_412(author, editor):
    first, second = token_client(author), token_client(editor)
    created = post_new(first).json()
    url = f"{URL}{created['slug']}/"
    etag_one, etag_two = first.get(url)["ETag"], second.get(url)["ETag"]

    assert first.patch(url, {"summary": "First."}, format="json", HTTP_IF_MATCH=etag_one).status_code == 200
    response = second.patch(url, {"summary": "Second."}, format="json", HTTP_IF_MATCH=etag_two)

    assert response.status_code == 412
    assert Article.objects.get(slug=created["slug"]).summary == "First."


def test_the_reviewer_race_over_the_api(author, reviewer, publisher, api_client):
    """Reviewer reads; author withdraws, changes, resubmits; the reviewer's approve with the old ETag is a 412."""
    writer, checker, releaser = token_client(author), token_client(reviewer), token_client(publisher)
    slug = post_new(writer).json()["slug"]
    url = f"{URL}{slug}/"
    writer.post(f"{url}transitions/", {"action": "submit"}, format="json", HTTP_IF_MATCH='"1"')
    read_by_reviewer = checker.get(url)["ETag"]

    writer.post(f"{url}transitions/", {"action": "withdraw"}, format="json", HTTP_IF_MATCH='"1"')
    writer.patch(url, {"summary": "Unreviewed claim."}, format="json", HTTP_IF_MATCH='"1"')
    writer.post(f"{url}transitions/", {"action": "submit"}, format="json", HTTP_IF_MATCH='"2"')
    approve = checker.post(f"{url}transitions/", {"action": "approve"}, format="json", HTTP_IF_MATCH=read_by_reviewer)
    publish = releaser.post(f"{url}transitions/", {"action": "publish"}, format="json", HTTP_IF_MATCH='"2"')

    assert approve.status_code == 412
    assert not Approval.objects.exists()
    assert publish.status_code == 409
    assert api_client.get(f"/api/v1/articles/{slug}/").status_code == 404


def test_deleting_needs_if_match_and_refuses_a_published_article(editor):
    client = token_client(editor)
    draft = post_new(client).json()
    publish_reviewed(complete_article(children=1, slug="was-live"))

    assert client.delete(f"{URL}{draft['slug']}/").status_code == 428
    assert client.delete(f"{URL}{draft['slug']}/", HTTP_IF_MATCH='"1"').status_code == 204
    refused = client.delete(f"{URL}was-live/", HTTP_IF_MATCH=f'"{Article.objects.get(slug="was-live").version}"')
    assert refused.status_code == 409
    assert "archive it instead" in refused.json()["detail"]
    assert Article.objects.filter(slug="was-live").exists()


def test_the_list_filters_by_status_and_refuses_an_unknown_one(author):
    client = token_client(author)
    post_new(client)
    complete_article(children=0, slug="in-review", status=ArticleStatus.IN_REVIEW)

    drafts = client.get(URL, {"status": "draft"}).json()
    bad = client.get(URL, {"status": "lost"})

    assert [item["slug"] for item in drafts["results"]] == ["zinc-and-wound-healing"]
    assert bad.status_code == 400 and list(bad.json()) == ["status"]


def test_the_lists_etag_stays_while_nothing_changes_and_moves_with_any_article_on_the_page(author):
    client = token_client(author)
    created = post_new(client).json()
    url = f"{URL}{created['slug']}/"

    first, again = client.get(URL), client.get(URL)
    client.patch(url, {"summary": "Changed."}, format="json", HTTP_IF_MATCH='"1"')
    after = client.get(URL)

    assert first["ETag"].startswith('"') and len(first["ETag"]) == 34
    assert again["ETag"] == first["ETag"]
    assert after["ETag"] != first["ETag"]


def test_too_many_parts_are_a_400(author):
    client = token_client(author)
    body = new_article()
    body.pop("_reference")

    response = client.post(
        URL, {**body, "key_points": [{"title": f"P{i}", "text": "t"} for i in range(201)]}, format="json"
    )

    assert response.status_code == 400
    assert response.json() == {
        "key_points": ["At most 200 rows of one kind in one request: send the article in a smaller form."]
    }
    assert not Article.objects.exists()
    # Positive control: the limit itself is accepted.
    at_the_limit = client.post(
        URL, {**body, "key_points": [{"title": f"P{i}", "text": "t"} for i in range(200)]}, format="json"
    )
    assert at_the_limit.status_code == 201


def test_a_citation_may_name_its_reference_by_pubmed_id(author):
    client = token_client(author)
    body = new_article()
    body.pop("_reference")
    second = body["citations"][1]

    unknown = client.post(URL, {**body, "citations": [{"pmid": "99999999"}, second]}, format="json")
    response = client.post(URL, {**body, "citations": [{"pmid": " 17634462 "}, second]}, format="json")

    assert unknown.status_code == 400
    assert list(unknown.json()["citations"][0]) == ["pmid"]
    assert response.status_code == 201, response.json()
    assert response.json()["citations"][0]["reference"]["pmid"] == "17634462"


def test_a_lifecycle_step_without_if_match_is_a_428_and_changes_nothing(author):
    client = token_client(author)
    slug = post_new(client).json()["slug"]

    missing = client.post(f"{URL}{slug}/transitions/", {"action": "submit"}, format="json")

    assert missing.status_code == 428
    assert "If-Match" in missing.json()["detail"]
    assert Article.objects.get(slug=slug).status == "draft"
    # Positive control: the same step with the version read.
    sent = client.post(f"{URL}{slug}/transitions/", {"action": "submit"}, format="json", HTTP_IF_MATCH='"1"')
    assert sent.status_code == 200
    assert Article.objects.get(slug=slug).status == "in_review"


def test_a_preview_token_opens_the_working_copy(author, api_client):
    client = token_client(author)
    slug = post_new(client).json()["slug"]

    response = client.post(f"{URL}{slug}/preview-token/")

    assert response.status_code == 200
    links = response.json()
    assert links["url"] == links["api_url"].replace("/api/v1/preview/", "/preview/")  # the HTML page beside it
    preview = api_client.get(links["api_url"])
    assert preview.status_code == 200
    assert preview.json()["title"] == "Zinc and wound healing"


@pytest.mark.parametrize(
    ("overrides", "errors"),
    [
        ({"summary": 0}, {"summary": ["Must be a string."]}),
        ({"reading_time_override": "5"}, {"reading_time_override": ["Must be a whole number."]}),
        ({"reading_time_override": True}, {"reading_time_override": ["Must be a whole number."]}),
        (
            {"faqs": [{"question": "Dose?", "answer_markdown": 0}]},
            {"faqs": [{"answer_markdown": ["Must be a string."]}]},
        ),
    ],
)
def test_a_value_of_the_wrong_json_type_is_a_400_not_converted(author, overrides, errors):
    client = token_client(author)
    body = new_article(**overrides)
    body.pop("_reference")

    response = client.post(URL, body, format="json")

    assert response.status_code == 400
    assert response.json() == errors
    assert not Article.objects.exists()
    fixed = {**body, "summary": "Zinc.", "reading_time_override": 5, "faqs": []}
    assert client.post(URL, fixed, format="json").status_code == 201  # positive control


def test_a_whole_number_written_as_5_0_is_a_whole_number_and_a_topic_must_be_a_slug(author):
    client = token_client(author)
    TopicFactory(slug="0")
    body = new_article(reading_time_override=5.0, topics=[0])
    body.pop("_reference")

    wrong = client.post(URL, body, format="json")
    right = client.post(URL, {**body, "topics": ["0"]}, format="json")

    assert (wrong.status_code, wrong.json()) == (400, {"topics": ["Must be a string."]})
    assert right.status_code == 201
    assert (right.json()["reading_time_override"], right.json()["topics"]) == (5, ["0"])


def test_put_without_every_list_is_a_400_naming_each_missing_list(author):
    client = token_client(author)
    created = post_new(client).json()

    response = client.put(
        f"{URL}{created['slug']}/",
        {"title": "Zinc", "summary": "Zinc.", "key_points": [], "sections": []},
        format="json",
        HTTP_IF_MATCH='"1"',
    )

    assert response.status_code == 400
    assert set(response.json()) == {"cause_comparisons", "faqs", "citations"}
    assert "PUT replaces the whole article" in response.json()["faqs"][0]


def test_errors_of_rows_keep_their_place_even_for_a_null_row(author):
    client = token_client(author)

    response = post_new(client, citations=[{"doi": "10.1056/NEJMra070553"}, None, 7])

    assert response.status_code == 400
    rows = response.json()["citations"]
    assert rows[0] == {}
    assert rows[1] == ["This field may not be null."]
    assert "Expected a dictionary" in rows[2]["non_field_errors"][0]
