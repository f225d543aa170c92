"""What an article lacks before a medical reviewer reads it: no author, a reference no one can find, a section that
cites nothing, a reading level above the site's target, an image without its alt text, credit, licence or a
patient's consent. The site settings say which of the first three refuse submission (`SiteSettings.submit_needs_*`);
an image's gaps always do. The reviewer's page lists them all, required or not."""

from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from articles import prose
from articles.models import Article
from core.citation_markers import cited_numbers, format_numbers
from core.exceptions import StateConflict
from core.models import SiteSettings
from media.models import Image
from publishing.figures import placed_image_ids


@dataclass(frozen=True)
class Gap:
    check: str  # author, findable_references, cited_sections, reading_level, images
    message: str
    required: bool  # the site refuses submission while it is there


def article_gaps(article: Article, site_settings: SiteSettings) -> list[Gap]:
    """The article's gaps, in reading order (its parts prefetched: `Article.objects.with_content()`)."""
    gaps = []
    if not prose.parts(article, "authors"):
        gaps.append(Gap("author", _("No author: name who wrote it."), site_settings.submit_needs_author))
    unfindable = [
        citation.number
        for citation in prose.parts(article, "citations")
        if not (citation.reference.doi or citation.reference.pmid or citation.reference.url)
    ]
    if unfindable:
        message = _("References without a DOI, a PubMed ID or a web address, so readers cannot find them: %(numbers)s.")
        gaps.append(
            Gap(
                "findable_references",
                message % {"numbers": format_numbers(unfindable)},
                site_settings.submit_needs_findable_references,
            )
        )
    image_gaps = _image_gaps(article)
    if image_gaps:
        gaps.append(
            Gap("images", _("Images not ready to publish: %(images)s.") % {"images": "; ".join(image_gaps)}, True)
        )
    uncited = [section.heading for section in prose.parts(article, "sections") if not cited_numbers([section.body])]
    if uncited:
        gaps.append(
            Gap(
                "cited_sections",
                _("Sections that cite no reference: %(headings)s.")
                % {"headings": "; ".join(f"“{h}”" for h in uncited)},
                site_settings.submit_needs_cited_sections,
            )
        )
    target = site_settings.reading_target(article.audience, language=article.language)
    scores = prose.readability(article, language=article.language)
    if target is not None and scores is not None and scores.score is not None and target.missed_by(scores.score):
        values = {"score": number_format(round(scores.score, 1)), "target": number_format(target.value)}
        if target.formula.scale == "grade":
            message = _("It reads at grade %(grade)s, above the site's target of %(target)s for patients.") % {
                "grade": values["score"],
                "target": values["target"],
            }
        else:
            message = _(
                "It scores %(score)s on the %(formula)s, below the site's target of %(target)s for patients."
            ) % {**values, "formula": target.formula.name}
        # Not a reason to refuse submission: approving past it needs the reviewer's reason (`checks`).
        gaps.append(Gap("reading_level", message, False))
    return gaps


def _image_gaps(article: Article) -> list[str]:
    """Each image the article shows (hero, then figures) with what it lacks: one query, none without images."""
    ids = placed_image_ids(article)
    if article.hero_image_id and article.hero_image_id not in ids:
        ids.insert(0, article.hero_image_id)
    if not ids:
        return []
    images = Image.objects.in_bulk(ids)
    found = []
    for pk in ids:
        image = images.get(pk)
        if image is None:
            continue  # deleted since the text was saved: it is not shown
        lacks = []
        if not image.decorative and not image.alt_text.strip():
            lacks.append(_("alt text"))
        if not image.credit.strip():
            lacks.append(_("credit"))
        if not image.licence.strip():
            lacks.append(_("licence"))
        if image.identifiable_patient and not image.consent_reference.strip():
            lacks.append(_("the patient's consent reference"))
        if lacks:
            found.append(
                _("“%(image)s” (image:%(id)s) has no %(missing)s")
                % {
                    "image": image.alt_text.strip() or image.original_filename or image.pk,
                    "id": image.pk,
                    "missing": ", ".join(str(item) for item in lacks),
                }
            )
    return found


def submission_check(article: Article, site_settings: SiteSettings) -> None:
    """StateConflict naming each gap the site requires filled before an article is sent for review."""
    required = [gap.message for gap in article_gaps(article, site_settings) if gap.required]
    if required:
        raise StateConflict(
            _("“%(article)s” is not ready for medical review: %(gaps)s Fill these in, then submit it again.")
            % {"article": article, "gaps": " ".join(required)}
        )


def images_check(article: Article) -> None:
    """StateConflict naming each image the article shows that is not ready to publish (at approval: an image's
    credit may have been cleared since the article was submitted)."""
    gaps = _image_gaps(article)
    if gaps:
        raise StateConflict(
            _("“%(article)s” shows images not ready to publish: %(images)s. Complete them in the media library.")
            % {"article": article, "images": "; ".join(gaps)}
        )
