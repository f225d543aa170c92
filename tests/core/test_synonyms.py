"""Synonyms at query time: `?search=` on the public article list finds an article by any term of a synonym group of
its language (`core.synonyms`), on SQLite (FTS5) and PostgreSQL (tsquery) alike."""

import html

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from core.mesh import MeshDescriptor
from core.models import SynonymGroup, SynonymSource, SynonymTerm
from core.services.synonyms import synonym_group_import_mesh
from core.synonyms import SynonymPhrase, synonym_fts5_match, synonym_phrases
from tests.helpers.factories import UserFactory, complete_article
from tests.helpers.publishing import publish_reviewed

pytestmark = pytest.mark.django_db


def group(*terms: str, language: str = "en") -> SynonymGroup:
    synonyms = SynonymGroup.objects.create(language=language, source=SynonymSource.EDITOR)
    for text in terms:
        SynonymTerm.objects.create(group=synonyms, text=text)
    return synonyms


def publish(slug: str, title: str) -> None:
    publish_reviewed(complete_article(children=1, slug=slug, title=title))


def found(api_client, search: str, **params) -> list[str]:
    response = api_client.get("/api/v1/articles/", {"search": search, "ordering": "title", **params})
    assert response.status_code == 200, response.content
    return [item["slug"] for item in response.json()["results"]]


def test_a_lay_word_finds_the_article_that_uses_only_the_clinical_word_and_the_other_way_round(api_client):
    group("twitching", "fasciculation")
    publish("clinical", "Fasciculation explained")
    publish("lay", "Twitching eyelids")
    publish("unrelated", "Zinc and copper")

    assert found(api_client, "twitching") == ["clinical", "lay"]
    assert found(api_client, "FASCICULATION") == ["clinical", "lay"]


def test_a_word_without_synonyms_still_needs_its_own_match(api_client):
    group("twitching", "fasciculation")
    publish("clinical", "Fasciculation explained")
    publish("lay", "Twitching eyelids")

    assert found(api_client, "twitching eyelids") == ["lay"]  # "eyelids" has no synonym: only the lay article
    assert found(api_client, "cramps") == []  # control: a word no article holds and no group names
    assert found(api_client, "fasc") == ["clinical"]  # a typed beginning is no term: a prefix as before


def test_synonyms_of_another_language_are_not_applied(api_client):
    group("tics", "fasciculation", language="es")
    group("twitching", "fasciculation", language="en-GB")  # a region of English is its own vocabulary
    publish("clinical", "Fasciculation explained")

    assert found(api_client, "tics") == []
    assert found(api_client, "twitching") == []
    assert found(api_client, "fasciculation") == ["clinical"]  # positive control


def test_multi_word_phrases_are_matched_as_phrases(api_client):
    group("vit d", "vitamin d")
    group("low calcium", "hypocalcemia")
    publish("vitamin", "Vitamin D and the sun")
    publish("lay", "Low calcium in adults")
    publish("hypo", "Hypocalcemia explained")
    publish("apart", "Calcium runs low")

    assert found(api_client, "vit d") == ["vitamin"]
    assert found(api_client, "hypocalcemia") == ["hypo", "lay"]  # "low calcium" as a phrase, not the two words
    assert found(api_client, "Low   Calcium") == ["apart", "hypo", "lay"]  # the words typed match as before too
    assert found(api_client, "low calcium vit d") == []  # both phrases must match: no article has both
    assert found(api_client, "sun vit d") == ["vitamin"]


def test_a_term_in_two_groups_stands_for_the_terms_of_both(api_client):
    group("cramp", "charley horse")
    group("cramp", "muscle spasm")
    publish("horse", "Charley horse at night")
    publish("spasm", "Muscle spasm after running")

    assert found(api_client, "cramp") == ["horse", "spasm"]
    assert found(api_client, "charley horse") == ["horse"]  # the other group's terms are not its synonyms


@pytest.mark.parametrize(
    "search",
    [
        'twitching"',
        '"twitching',
        "twitching)",
        "(twitching",
        "twitching & zinc | copper",
        "!twitching",
        "twitching:*",
        "twitching NEAR(zinc copper)",
        "twitching AND zinc",
        "twitching OR zinc",
        "twitching NOT zinc",
        "twitching ^zinc",
        "twitching <-> zinc",
        "twitching '",
        "twitching \\",
        "twitching {zinc}",
    ],
)
def test_hostile_input_is_words_never_query_syntax(api_client, search):
    group("twitching", "fasciculation")
    group('zinc") OR (copper', "tw'itching & !x:* | (y) <-> NEAR(z)")  # hostile terms too
    publish("clinical", "Fasciculation explained")

    # Nothing holds the other words: nothing is found, and no query syntax error on either database.
    assert found(api_client, search) == []


def test_a_hostile_term_is_searched_as_its_words(api_client):
    group('fasciculation "muscle"', "twitch) OR (zinc & !copper:* NEAR AND")
    publish("clinical", "Fasciculation: muscle twitches")
    publish("zinc", "Zinc and copper")

    assert found(api_client, "twitch) OR (zinc & !copper:* NEAR AND") == ["clinical"]


def test_a_search_costs_the_same_queries_whatever_synonyms_it_holds(api_client):
    group("twitching", "fasciculation")
    group("vit d", "vitamin d")
    group("low calcium", "hypocalcemia")
    publish("clinical", "Fasciculation explained: vitamin D and low calcium")
    found(api_client, "zinc")  # what a first request reads once (the site settings)

    def queries(search: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert found(api_client, search) == ["clinical"]
        return len(captured)

    # One query looks the phrases up, whether any is a term or none.
    baseline = queries("explained")
    assert queries("twitching vit d explained") == baseline
    assert queries("twitching vit d hypocalcemia explained") == baseline


def test_the_phrases_of_a_search_are_found_in_one_query(django_assert_num_queries):
    group("vit d", "vitamin d")
    group("low calcium", "hypocalcemia")
    group("calcium", "ca")  # "low calcium" is the longer term: it takes both words

    with django_assert_num_queries(1):
        phrases, rest = synonym_phrases(words=["sun", "vit", "d", "and", "low", "calcium"], language="en-US")

    assert phrases == [
        SynonymPhrase(words=("vit", "d"), terms=("vit d", "vitamin d")),
        SynonymPhrase(words=("low", "calcium"), terms=("low calcium", "hypocalcemia")),
    ]
    assert rest == ["sun", "and"]
    with django_assert_num_queries(0):
        assert synonym_phrases(words=["vit"], language=None) == ([], ["vit"])


def test_an_fts5_expression_quotes_every_term():
    phrase = SynonymPhrase(words=("vit", "d"), terms=("vit d", 'x" OR "y'))

    assert synonym_fts5_match(prefixes=["sun"], phrases=[phrase]) == (
        '"sun"* AND ("vit d"* OR "x"" OR ""y"* OR ("vit"* AND "d"*))'
    )


def admin_form(*terms: str, language: str = "en", initial: list[SynonymTerm] | None = None) -> dict:
    rows = [{"id": term.pk, "group": term.group_id, "text": term.text} for term in initial or []]
    rows += [{"text": text} for text in terms]
    data = {
        "language": language,
        "source": "editor",
        "mesh_ui": "",
        "terms-TOTAL_FORMS": str(len(rows)),
        "terms-INITIAL_FORMS": str(len(initial or [])),
        "terms-MIN_NUM_FORMS": "0",
        "terms-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        data.update({f"terms-{index}-{name}": value for name, value in row.items()})
    return data


ADD_URL = "/admin/core/synonymgroup/add/"


def test_an_editor_adds_a_group_in_the_admin_and_the_search_uses_it(admin_client, api_client):
    publish("clinical", "Fasciculation explained")

    response = admin_client.post(ADD_URL, admin_form("Twitching", "  fasciculation ", language="EN"))

    assert response.status_code == 302, response.context["errors"] if response.context else response
    saved = SynonymGroup.objects.get()
    assert (saved.language, saved.source) == ("en", "editor")
    assert [(term.text, term.normalized) for term in saved.terms.all()] == [
        ("Twitching", "twitching"),
        ("fasciculation", "fasciculation"),
    ]
    assert str(saved) == "Twitching ↔ fasciculation"
    assert found(api_client, "twitching") == ["clinical"]
    listing = admin_client.get("/admin/core/synonymgroup/", {"q": "twitch"})
    assert listing.context["cl"].result_count == 1 and "Twitching ↔ fasciculation" in listing.content.decode()


def test_an_editor_changes_a_groups_terms(admin_client, api_client):
    saved = group("twitching", "fasciculation")
    publish("clinical", "Fasciculation explained")
    assert found(api_client, "twitching") == ["clinical"]
    twitching, fasciculation = saved.terms.all()
    url = f"/admin/core/synonymgroup/{saved.pk}/change/"
    form = {**admin_form("tics", initial=[twitching, fasciculation]), "loaded_version": str(saved.version)}
    form["terms-0-DELETE"] = "on"

    assert admin_client.post(url, form).status_code == 302
    assert [term.text for term in saved.terms.all()] == ["fasciculation", "tics"]
    assert found(api_client, "twitching") == []  # no longer a term: its own words only, which no article holds
    assert found(api_client, "tics") == ["clinical"]
    assert admin_client.get(url).status_code == 200


@pytest.mark.parametrize(
    ("terms", "error"),
    [
        (["twitching", " Twitching "], "“Twitching” is already a term of this group."),
        (["twitching", "low  calcium", "LOW calcium"], "“LOW calcium” is already a term of this group."),
        (["twitching", "  "], "A synonym group needs at least two different terms."),
        (["twitching"], "A synonym group needs at least two different terms."),
        (["twitching", "?!"], "A term needs at least one letter or digit."),
        (["twitching", "one two three four five six seven eight nine"], "A term has at most 8 words"),
    ],
)
def test_the_admin_refuses_a_bad_group_with_a_plain_message_and_keeps_the_typing(admin_client, terms, error):
    response = admin_client.post(ADD_URL, admin_form(*terms))

    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert error in page
    assert terms[0] in page  # what was typed is still there
    assert not SynonymGroup.objects.exists()


def test_the_admin_refuses_a_malformed_language(admin_client):
    response = admin_client.post(ADD_URL, admin_form("twitching", "fasciculation", language="english!"))

    assert response.status_code == 200 and "is not a language tag" in response.content.decode()
    assert not SynonymGroup.objects.exists()


def test_two_editors_changing_one_group_the_later_save_is_refused_and_keeps_what_was_typed(admin_client):
    saved = group("twitching", "fasciculation")
    twitching, fasciculation = saved.terms.all()
    url = f"/admin/core/synonymgroup/{saved.pk}/change/"
    loaded = {"loaded_version": str(saved.version)}  # both pages were opened at this version
    client = Client()  # the second editor's own browser (admin_client is the test's `client`, signed in as admin)
    client.force_login(UserFactory(is_staff=True, is_superuser=True, username="second-editor"))
    first = {**admin_form("muscle twitch", initial=[twitching, fasciculation]), **loaded}

    assert admin_client.post(url, first).status_code == 302  # a change of the terms alone
    second = {**admin_form("eyelid jumping", initial=[twitching, fasciculation]), **loaded}
    refused = client.post(url, second)

    assert refused.status_code == 200
    page = html.unescape(refused.content.decode())
    assert "Not saved: editor saved this synonym group at" in page and "after you opened it" in page
    assert "eyelid jumping" in page  # what the second editor typed is still in the form
    assert [term.text for term in saved.terms.all()] == ["twitching", "fasciculation", "muscle twitch"]
    changes = client.get(f"/admin/core/synonymgroup/{saved.pk}/changes/", {"since": loaded["loaded_version"]})
    assert changes.status_code == 200  # the refusal's "See what changed": who changed the terms, and when
    shown = html.unescape(changes.content.decode())
    assert "Changed the terms" in shown and "editor" in shown
    assert "<del>twitching ↔ fasciculation</del>" in shown  # the terms then (kept before the first change)
    assert "<ins>twitching ↔ fasciculation ↔ muscle twitch</ins>" in shown
    reloaded = {**second, "loaded_version": str(SynonymGroup.objects.get(pk=saved.pk).version)}
    assert client.post(url, reloaded).status_code == 302  # control: from the current version, it saves
    assert "eyelid jumping" in [term.text for term in saved.terms.all()]


def test_a_mesh_import_raises_the_version_so_an_editor_s_page_opened_before_is_refused(admin_client):
    descriptor = MeshDescriptor(ui="D005207", heading="Fasciculation", entry_terms=("Fasciculations",))
    synonym_group_import_mesh(descriptor=descriptor)
    saved = SynonymGroup.objects.get()
    opened = saved.version
    synonym_group_import_mesh(descriptor=MeshDescriptor(ui="D005207", heading="Fasciculation",
                                                        entry_terms=("Muscle Fasciculation",)))  # fmt: skip
    form = {**admin_form("twitching", initial=list(saved.terms.all())), "loaded_version": str(opened)}
    form.update({"source": "mesh", "mesh_ui": "D005207"})

    refused = admin_client.post(f"/admin/core/synonymgroup/{saved.pk}/change/", form)

    assert SynonymGroup.objects.get().version == opened + 1
    assert refused.status_code == 200
    assert "after you opened it. Your changes are still below." in html.unescape(refused.content.decode())
    assert "twitching" not in [term.text for term in saved.terms.all()]


def test_what_changed_in_a_group_added_in_the_admin_shows_its_terms_then_and_now(admin_client):
    assert admin_client.post(ADD_URL, admin_form("Twitching", "fasciculation")).status_code == 302
    saved = SynonymGroup.objects.get()
    url = f"/admin/core/synonymgroup/{saved.pk}/change/"
    changed = {**admin_form("tics", initial=list(saved.terms.all())), "loaded_version": "1"}
    assert admin_client.post(url, changed).status_code == 302

    page = html.unescape(
        admin_client.get(f"/admin/core/synonymgroup/{saved.pk}/changes/", {"since": 1}).content.decode()
    )

    assert "<del>Twitching ↔ fasciculation</del>" in page and "<ins>Twitching ↔ fasciculation ↔ tics</ins>" in page
    assert SynonymGroup.objects.get().version == 2
    unchanged = admin_client.get(f"/admin/core/synonymgroup/{saved.pk}/changes/", {"since": 2}).content.decode()
    assert "<del>" not in unchanged  # control: from the current version, nothing differs
