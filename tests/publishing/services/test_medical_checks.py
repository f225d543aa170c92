"""Retraction watch, the reading-level gate and disclosures: what approving and publishing refuse, what a
reviewer's reason lets through (recorded), and what reaches the API."""

from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from articles.models import Article, ArticleTransition
from core.exceptions import StateConflict
from core.models import SiteSettings
from publishing.selectors import approval_of_current_version, live_articles_citing_retracted
from publishing.services.checks import READING_LEVEL, document_concerns
from publishing.services.editorial_steps import article_rollback, article_transition
from references.models import NoticeNature, Reference, RetractionNotice
from tests.helpers.factories import CitationFactory, ReferenceFactory, complete_article
from tests.helpers.people import user_in_role
from tests.helpers.publishing import publish_reviewed, shown

pytestmark = pytest.mark.django_db

SAMPLE = Path(__file__).resolve().parents[2] / "fixtures" / "retraction_watch_sample.csv"
WAKEFIELD_DOI = "10.1016/S0140-6736(97)11096-0"
# Prose far above the target grade for patients (health professionals have no target).
HARD_TEXT = (
    "Hypomagnesaemia precipitates neuromuscular hyperexcitability, manifesting as fasciculations, "
    "carpopedal spasm, and, in considerably advanced presentations, generalised tonic-clonic seizures."
)


def import_sample(tmp_path=None, text: str | None = None) -> str:
    path = SAMPLE
    if text is not None:
        path = tmp_path / "notices.csv"
        path.write_text(text, encoding="utf-8")
    from io import StringIO

    out = StringIO()
    call_command("import_retractions", str(path), stdout=out)
    return out.getvalue()


def citing(reference: Reference, **fields) -> Article:
    article = complete_article(children=1, **fields)
    CitationFactory(article=article, reference=reference)
    Article.objects.filter(pk=article.pk).update(
        intro=article.intro + " See the paper [2]." if "[2]" not in article.intro else article.intro
    )
    return Article.objects.get(pk=article.pk)


@pytest.fixture
def wakefield():
    return ReferenceFactory(
        kind="journal_article",
        title="Ileal-lymphoid-nodular hyperplasia, non-specific colitis, and pervasive developmental disorder",
        authors="Wakefield AJ, Murch SH, Anthony A",
        container="Lancet",
        year=1998,
        doi=WAKEFIELD_DOI.lower(),
        pmid="9500320",
        url="",
    )


def submitted(article: Article) -> Article:
    article_transition("submit", article=article, user=user_in_role("author", "Author"))
    return Article.objects.get(pk=article.pk)


def approved_then_target_lowered(article: Article, reviewer) -> Decimal:
    """Approve `article` (for patients) at the site's target, then lower the target to grade 1 under it; returns the
    grade the approval recorded."""
    article_transition("approve", article=article, shown_document=shown(article), user=reviewer)
    grade = approval_of_current_version(Article.objects.get(pk=article.pk)).reading_grade
    SiteSettings.objects.filter(pk=SiteSettings.load().pk).update(target_reading_grade=1)
    return grade


def retraction_concern(paper: Reference) -> str:
    return f"It cites 1 retracted paper(s): [2] {paper.title} (retracted 2010-02-02)."


def test_the_sample_file_imports_its_notices_and_again_changes_nothing():
    first = import_sample()
    assert "4 notice(s)" in first  # the row without a DOI or PubMed ID matches nothing and is skipped
    notices = {notice.record_id: notice for notice in RetractionNotice.objects.all()}
    assert set(notices) == {1, 2, 3, 4}
    wakefield = notices[1]
    assert (wakefield.nature, wakefield.notice_date.isoformat()) == (NoticeNature.RETRACTION, "2010-02-02")
    assert (wakefield.original_doi, wakefield.original_pmid) == (WAKEFIELD_DOI.lower(), "9500320")
    assert wakefield.notice_doi == "10.1016/s0140-6736(10)60175-4"
    assert notices[2].nature == NoticeNature.EXPRESSION_OF_CONCERN and notices[2].notice_doi == ""
    assert notices[4].nature == NoticeNature.CORRECTION and notices[4].original_pmid == ""

    import_sample()
    assert RetractionNotice.objects.count() == 4


@pytest.mark.parametrize(
    "row, message",
    [
        ("x,T,,,,,,,,,2/2/2010,,0,,10.1/abc,0,Retraction,,No,,", "Line 3: Record ID “x” is not a number"),
        ("9,T,,,,,,,,,2/31/2010,,0,,10.1/abc,0,Retraction,,No,,", "Line 3: RetractionDate “2/31/2010” is not a date"),
        ("9,T,,,,,,,,,2/2/2010,,0,,10.1/abc,0,Withdrawn,,No,,", "Line 3: RetractionNature “Withdrawn”"),
        ("9,T,,,,,,,,,2/2/2010", "Line 3: the row has fewer columns"),
    ],
)
def test_a_malformed_row_names_its_line_and_imports_nothing(tmp_path, row, message):
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    text = "\n".join([lines[0], lines[1], row]) + "\n"
    with pytest.raises(CommandError, match=message):
        import_sample(tmp_path, text)
    assert not RetractionNotice.objects.exists()  # the good line before it was not kept either
    import_sample(tmp_path, "\n".join(lines[:2]) + "\n")  # control: the good line alone imports
    assert RetractionNotice.objects.count() == 1


def test_a_file_that_is_not_the_database_is_refused(tmp_path):
    with pytest.raises(CommandError, match="Not the Retraction Watch CSV"):
        import_sample(tmp_path, "doi,title\n10.1/x,Something\n")
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_retractions", str(tmp_path / "missing.csv"))


class Terminal(StringIO):
    def isatty(self) -> bool:
        return True


def test_a_file_of_thousands_of_lines_imported_on_a_terminal_shows_its_progress(tmp_path, capsys):
    """The progress line reads the command's verbosity (BaseCommand keeps it in the options only)."""
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    path = tmp_path / "notices.csv"
    path.write_text("\n".join(lines[:2]) + "\n" * 5001, encoding="utf-8")  # blank lines: no rows, but lines
    call_command("import_retractions", str(path), stdout=Terminal())
    assert RetractionNotice.objects.count() == 1
    assert capsys.readouterr().out == "\n"  # the progress line is ended (under 2,000 notices, none printed)


def test_approving_an_article_that_cites_a_retracted_paper_needs_a_reason(wakefield, reviewer):
    import_sample()
    article = submitted(citing(wakefield))

    with pytest.raises(ValidationError) as refused:
        article_transition("approve", article=article, shown_document=shown(article), user=reviewer)
    message = refused.value.message_dict["override_reason"][0]
    assert "It cites 1 retracted paper(s)" in message and "retracted 2010-02-02" in message
    assert approval_of_current_version(Article.objects.get(pk=article.pk)) is None

    article_transition(
        "approve",
        article=article,
        user=reviewer,
        override_reason="The article explains why the study was retracted.",
        shown_document=shown(article),
    )
    approval = approval_of_current_version(Article.objects.get(pk=article.pk))
    assert approval.overridden == ["retraction"]
    assert approval.override_reason == "The article explains why the study was retracted."
    history = ArticleTransition.objects.filter(article=article, action="approve").get().comment
    assert "Approved past the checks" in history and "explains why the study was retracted" in history


def test_a_reference_with_only_an_expression_of_concern_or_a_correction_approves_freely(reviewer):
    import_sample()
    concerned = ReferenceFactory(kind="journal_article", pmid="32450107", url="")  # retracted after its concern
    corrected = ReferenceFactory(kind="journal_article", doi="10.5555/12345678", url="")
    RetractionNotice.objects.filter(record_id=3).delete()  # only the expression of concern remains
    article = submitted(citing(corrected))
    CitationFactory(article=article, reference=concerned)
    article_transition("approve", article=article, shown_document=shown(article), user=reviewer)  # no reason asked
    document = approval_of_current_version(Article.objects.get(pk=article.pk)).document
    natures = {
        entry["pmid"] or entry["doi"]: [n["nature"] for n in entry["notices"]] for entry in document["references"]
    }
    assert natures["32450107"] == ["expression_of_concern"]
    assert natures["10.5555/12345678"] == ["correction"]


def test_notices_reach_the_public_api_as_the_reviewer_saw_them(wakefield, reviewer, publisher, client):
    import_sample()
    article = submitted(citing(wakefield, slug="cites-wakefield"))
    article_transition(
        "approve",
        article=article,
        shown_document=shown(article),
        user=reviewer,
        override_reason="Discusses the retraction.",
    )
    article_transition("publish", article=article, user=publisher)

    references = client.get("/api/v1/articles/cites-wakefield/").json()["references"]
    cited = next(entry for entry in references if entry["doi"] == WAKEFIELD_DOI.lower())
    assert cited["notices"] == [{"nature": "retraction", "date": "2010-02-02", "doi": "10.1016/s0140-6736(10)60175-4"}]
    assert all(entry["notices"] == [] for entry in references if entry is not cited)
    listed = client.get("/api/v1/references/", {"doi": WAKEFIELD_DOI}).json()["results"]
    assert listed and listed[0]["notices"][0]["nature"] == "retraction"


def test_a_paper_retracted_after_the_approval_stops_the_publish_and_flags_live_articles(wakefield, reviewer, publisher):
    live = citing(wakefield, slug="already-live")
    publish_reviewed(live)
    waiting = submitted(citing(wakefield, slug="approved-before"))
    article_transition(
        "approve", article=waiting, shown_document=shown(waiting), user=reviewer
    )  # no notice yet: approved freely
    assert live_articles_citing_retracted() == []

    output = import_sample()

    assert [publication.slug for publication in live_articles_citing_retracted()] == ["already-live"]
    assert "Needs re-review: “" in output and "(/already-live/)" in output
    with pytest.raises(StateConflict, match="retracted paper"):
        article_transition("publish", article=waiting, user=publisher)


def test_a_rollback_to_a_version_citing_a_paper_retracted_since_is_refused(wakefield, reviewer, publisher, client):
    article = citing(wakefield, slug="rolled-back", title="First version")
    first = publish_reviewed(article)
    Article.objects.filter(pk=article.pk).update(title="Second version")
    publish_reviewed(article)
    import_sample()

    with pytest.raises(StateConflict) as refused:
        article_rollback(article=article, publication=first, user=publisher)

    assert "It cites 1 retracted paper(s): [2] Ileal-lymphoid-nodular" in refused.value.messages[0]
    assert refused.value.messages[0].endswith("before it can go live.")
    assert client.get("/api/v1/articles/rolled-back/").json()["title"] == "Second version"
    # Positive control: the same rollback once the notice is gone.
    RetractionNotice.objects.all().delete()
    article_rollback(article=article, publication=first, user=publisher)
    assert client.get("/api/v1/articles/rolled-back/").json()["title"] == "First version"


def test_a_rollback_keeps_what_its_reviewer_approved_past_with_a_reason(wakefield, reviewer, publisher, client):
    import_sample()
    article = submitted(citing(wakefield, slug="discusses-it"))
    article_transition(
        "approve",
        article=article,
        shown_document=shown(article),
        user=reviewer,
        override_reason="The article discusses it.",
    )
    first = article_transition("publish", article=Article.objects.get(pk=article.pk), user=publisher)
    first = first.publications.get()
    article_transition("unpublish", article=Article.objects.get(pk=article.pk), user=publisher)
    article_transition("archive", article=Article.objects.get(pk=article.pk), user=publisher)
    article_transition("unarchive", article=Article.objects.get(pk=article.pk), user=publisher)

    assert client.get("/api/v1/articles/discusses-it/").status_code == 404
    article_rollback(article=Article.objects.get(pk=article.pk), publication=first, user=publisher)  # not refused
    assert client.get("/api/v1/articles/discusses-it/").status_code == 200


def test_a_patient_article_above_the_target_grade_needs_a_reason_and_a_professional_one_does_not(reviewer):
    patients = submitted(complete_article(children=1, intro=HARD_TEXT, audience="patients"))
    with pytest.raises(ValidationError) as refused:
        article_transition("approve", article=patients, shown_document=shown(patients), user=reviewer)
    article_transition(
        "approve",
        article=patients,
        shown_document=shown(patients),
        user=reviewer,
        override_reason="Terms a patient will meet.",
    )
    approval = approval_of_current_version(Article.objects.get(pk=patients.pk))
    assert approval.overridden == ["reading_level"] and approval.reading_grade > 8
    concern = f"It reads at grade {approval.reading_grade}, above the site's target of 8 for patients."
    assert refused.value.message_dict["override_reason"] == [
        f"{concern} To approve it all the same, give your reason (for example, the article discusses the retraction)."
    ]
    history = ArticleTransition.objects.filter(article=patients, action="approve").get().comment
    assert history == f"Approved past the checks: {concern} Reason: Terms a patient will meet."

    professionals = submitted(complete_article(children=1, intro=HARD_TEXT, audience="professionals"))
    article_transition(
        "approve", article=professionals, shown_document=shown(professionals), user=reviewer
    )  # control: no reason asked


def test_a_target_lowered_after_the_approval_stops_the_publish(reviewer, publisher):
    article = submitted(complete_article(children=1))
    grade = approved_then_target_lowered(article, reviewer)
    assert grade is not None and grade > 1

    with pytest.raises(StateConflict) as refused:
        article_transition("publish", article=article, user=publisher)
    assert refused.value.messages == [
        f"It reads at grade {grade}, above the site's target of 1 for patients. A medical reviewer must approve this "
        "version again, giving a reason, before it can go live."
    ]
    SiteSettings.objects.filter(pk=1).update(target_reading_grade=16)
    article_transition("publish", article=article, user=publisher)  # control


def test_a_sponsored_article_must_say_who_paid(reviewer, publisher, client):
    article = submitted(complete_article(children=1, sponsored=True, slug="sponsored-one"))
    with pytest.raises(ValidationError) as refused:
        article_transition(
            "approve",
            article=article,
            shown_document=shown(article),
            user=reviewer,
            override_reason="Any reason at all.",
        )
    assert refused.value.message_dict == {
        "funding": ["A sponsored article must say who paid for it: fill in “Funding and sponsorship”."]
    }

    Article.objects.filter(pk=article.pk).update(
        funding="Paid for by the Example Foundation.", conflicts_of_interest="None declared."
    )
    article = Article.objects.get(pk=article.pk)
    article_transition("approve", article=article, shown_document=shown(article), user=reviewer)
    article_transition("publish", article=article, user=publisher)
    detail = client.get("/api/v1/articles/sponsored-one/").json()
    assert (detail["sponsored"], detail["funding"], detail["conflicts_of_interest"], detail["audience"]) == (
        True,
        "Paid for by the Example Foundation.",
        "None declared.",
        "patients",
    )


def test_disclosures_and_the_audience_reach_the_json_ld_and_stay_valid_schema_org(reviewer, publisher, client):
    from tests.helpers.schema_org import schema_errors

    article = submitted(
        complete_article(
            children=1,
            slug="sponsored-for-clinicians",
            sponsored=True,
            audience="professionals",
            funding="Paid for by the Example Foundation.",
        )
    )
    article_transition("approve", article=article, shown_document=shown(article), user=reviewer)
    article_transition("publish", article=article, user=publisher)

    graph = client.get("/api/v1/articles/sponsored-for-clinicians/jsonld/").json()
    page = graph["@graph"][0]
    assert page["funding"] == {"@type": "Grant", "description": "Paid for by the Example Foundation."}
    assert page["sponsor"] == {"@type": "Organization", "description": "Paid for by the Example Foundation."}
    assert page["medicalAudience"] == {"@type": "MedicalAudience", "audienceType": "Clinician"}
    assert schema_errors(graph) == []
    page["sponsor"]["fundedItem"] = "x"  # control: the check would notice a wrong property
    assert schema_errors(graph) != []


def test_the_admin_marks_a_retracted_citation_in_red_and_lists_live_articles_to_re_review(wakefield, admin_client):
    live = citing(wakefield, slug="live-and-citing")
    publish_reviewed(live)
    page = admin_client.get(f"/admin/articles/article/{live.pk}/change/").content.decode()
    assert "errornote retracted" not in page  # control: no notice imported yet
    home = admin_client.get("/admin/").content.decode()
    assert "Needs re-review" not in home

    import_sample()

    page = admin_client.get(f"/admin/articles/article/{live.pk}/change/").content.decode()
    assert '<span class="errornote retracted">Retraction (2010-02-02)</span>' in page
    home = admin_client.get("/admin/").content.decode()
    assert "Needs re-review: cites a retracted paper" in home and live.title in home


def test_a_grade_at_the_target_is_no_concern_and_one_above_it_is():
    site_settings = SiteSettings.load()
    target = float(site_settings.reading_target("patients", language="en").value)

    def concerns(grade: float, **fields) -> list[str]:
        document = {"references": [], "readability": {"flesch_kincaid_grade": grade}, "audience": "patients"}
        return [concern.check for concern in document_concerns({**document, **fields}, site_settings)]

    assert concerns(target) == []
    assert concerns(target + 0.1) == [READING_LEVEL]
    assert concerns(target + 5, audience="professionals") == []  # no target for health professionals
    old = {"references": [], "readability": {"flesch_kincaid_grade": target + 0.1}}
    assert [concern.check for concern in document_concerns(old, site_settings)] == [READING_LEVEL]  # approved
    # before articles said their audience: judged as written for patients


def test_an_article_without_a_word_of_prose_is_approved_with_no_grade(reviewer):
    article = submitted(complete_article(children=0, summary="", intro="", comparison_intro=""))
    article_transition("approve", article=article, shown_document=shown(article), user=reviewer)
    approval = approval_of_current_version(Article.objects.get(pk=article.pk))
    assert approval.document["readability"] is None
    assert approval.reading_grade is None


def test_each_concern_is_named_in_the_refusal_and_the_history(wakefield, reviewer):
    import_sample()
    article = submitted(citing(wakefield, intro=HARD_TEXT, audience="patients"))
    with pytest.raises(ValidationError) as refused:
        article_transition("approve", article=article, shown_document=shown(article), user=reviewer)
    article_transition(
        "approve", article=article, shown_document=shown(article), user=reviewer, override_reason="Both explained."
    )

    approval = approval_of_current_version(Article.objects.get(pk=article.pk))
    assert approval.overridden == ["retraction", "reading_level"]
    concerns = (
        f"{retraction_concern(wakefield)} "
        f"It reads at grade {approval.reading_grade}, above the site's target of 8 for patients."
    )
    [message] = refused.value.message_dict["override_reason"]
    assert message.startswith(f"{concerns} To approve it all the same")
    history = ArticleTransition.objects.filter(article=article, action="approve").get().comment
    assert history == f"Approved past the checks: {concerns} Reason: Both explained."


def test_a_publish_refused_by_two_concerns_names_both(wakefield, reviewer, publisher):
    article = submitted(citing(wakefield))
    grade = approved_then_target_lowered(article, reviewer)
    import_sample()

    with pytest.raises(StateConflict) as refused:
        article_transition("publish", article=article, user=publisher)
    assert refused.value.messages == [
        f"{retraction_concern(wakefield)} It reads at grade {grade}, above the site's target of 1 for patients. "
        "A medical reviewer must approve this version again, giving a reason, before it can go live."
    ]
