"""`import_mesh`: search synonyms from the MeSH descriptor file NLM publishes, XML or ASCII (tests/fixtures/mesh)."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from core.mesh import MeshDescriptor
from core.models import SynonymGroup, SynonymSource, SynonymTerm
from core.services.synonyms import mesh_terms, synonym_group_import_mesh
from tests.helpers.factories import TopicFactory, complete_article
from tests.helpers.publishing import publish_reviewed

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "mesh"
XML = FIXTURES / "desc_sample.xml"
ASCII = FIXTURES / "d_sample.bin"

EVERY_GROUP = {
    "D005207": {"fasciculation", "fasciculations", "muscle fasciculation", "muscle fasciculations"},
    "D006996": {"hypocalcemia", "hypocalcemias"},
    "D008275": {"magnesium deficiency", "magnesium deficiencies"},  # "Deficiency, Magnesium" is inverted: left out
    "D009120": {"muscle cramp", "muscle cramps"},
}  # Vitamin D (D014807) has no entry term in the fixture: a group of one term would find nothing more


def import_mesh(*args) -> str:
    out = StringIO()
    call_command("import_mesh", *map(str, args), stdout=out)
    return out.getvalue()


def groups() -> dict[str, set[str]]:
    return {
        group.mesh_ui: {term.normalized for term in group.terms.all()}
        for group in SynonymGroup.objects.prefetch_related("terms")
    }


@pytest.mark.parametrize("path", [XML, ASCII], ids=["xml", "ascii"])
def test_every_descriptor_of_either_format_loads_the_same_groups(path):
    summary = import_mesh(path, "--all")

    assert groups() == EVERY_GROUP
    assert set(SynonymGroup.objects.values_list("language", "source").distinct()) == {("en", SynonymSource.MESH)}
    assert summary.strip() == (
        "MeSH descriptors read: 5; synonym groups created: 4, updated: 0, unchanged: 0; skipped: 0 naming no topic, "
        "1 with fewer than two usable terms."
    )


def test_a_second_run_changes_nothing_and_a_changed_group_is_brought_back():
    import_mesh(XML, "--all")
    edited = SynonymGroup.objects.get(mesh_ui="D006996")
    SynonymTerm.objects.create(group=edited, text="low calcium")  # an editor's addition
    edited.terms.get(normalized="hypocalcemias").delete()

    summary = import_mesh(ASCII, "--all")  # the other format of the same descriptors

    assert groups() == EVERY_GROUP
    assert SynonymGroup.objects.count() == 4 and SynonymTerm.objects.count() == 10
    assert "created: 0, updated: 1, unchanged: 3" in summary


def test_only_the_descriptors_naming_a_topic_are_loaded_by_default():
    TopicFactory(name="Hypocalcemia")  # the heading
    TopicFactory(name="Muscle cramps")  # an entry term, in another case
    TopicFactory(name="Electrolytes")  # no descriptor's

    summary = import_mesh(XML)

    assert groups() == {"D006996": EVERY_GROUP["D006996"], "D009120": EVERY_GROUP["D009120"]}
    assert "created: 2" in summary and "skipped: 3 naming no topic" in summary


def test_the_imported_entry_terms_find_articles_at_once(api_client):
    publish_reviewed(complete_article(children=1, slug="calf", title="Fasciculation in the calf"))

    def found(search: str) -> list[str]:
        return [item["slug"] for item in api_client.get("/api/v1/articles/", {"search": search}).json()["results"]]

    assert found("muscle fasciculations") == []  # the article never says "muscle" (and this list is cached now)
    import_mesh(ASCII, "--all")

    assert found("muscle fasciculations") == ["calf"]  # an entry term of Fasciculation, not the cached list
    assert found("muscle aches") == []  # control: no descriptor names it


@pytest.mark.parametrize(
    ("content", "error"),
    [
        (b"", "not a MeSH descriptor file"),
        (b"MH = Fasciculation\nUI = D005207\n", "not a MeSH descriptor file"),
        (b'<?xml version="1.0"?><QualifierRecordSet></QualifierRecordSet>', "not of MeSH descriptors"),
        (b"<DescriptorRecordSet><DescriptorRecord><DescriptorUI>D1</DescriptorUI>", "not well-formed XML"),
        (b"*NEWRECORD\nMH = Caf\xe9\n", "not UTF-8 text"),
    ],
    ids=["empty", "no-record-marker", "qualifiers", "cut-short", "latin-1"],
)
def test_a_file_of_another_kind_is_refused_by_name_and_loads_nothing(tmp_path, content, error):
    path = tmp_path / "desc2026.xml"
    path.write_bytes(XML.read_bytes())
    import_mesh(path, "--all")  # already loaded: a bad file must not take anything away
    path.write_bytes(content)

    with pytest.raises(CommandError, match=error) as refused:
        import_mesh(path, "--all")

    assert str(path) in str(refused.value)
    assert groups() == EVERY_GROUP


def test_a_missing_file_is_refused_by_name(tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        import_mesh(tmp_path / "desc2026.xml")


def test_only_terms_a_search_can_find_are_kept():
    descriptor = MeshDescriptor(
        ui="D009120",
        heading="Muscle Cramp",
        entry_terms=("Cramp, Muscle", "muscle  cramp", "?!", "one two three four five six seven eight nine", "x" * 201),
    )

    assert mesh_terms(descriptor=descriptor) == ["Muscle Cramp"]
    assert synonym_group_import_mesh(descriptor=descriptor) == "too few terms"
    assert not SynonymGroup.objects.exists()
