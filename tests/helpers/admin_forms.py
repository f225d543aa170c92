"""POST data for the article admin's change form and its inline formsets."""

import re

from articles.content_model import edited_fields

INLINE_PREFIXES = ["key_points", "sections", "cause_comparisons", "faqs", "citations"]
# Read-only inlines still post their management forms.
READ_ONLY_INLINE_PREFIXES = ["transitions", "publications"]


def inline_rows(prefix: str, rows: list[dict], initial: int = 0) -> dict:
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        data.update({f"{prefix}-{index}-{name}": value for name, value in row.items()})
    return data


def article_form(**overrides) -> dict:
    data = {
        "title": "Zinc and wound healing",
        "subtitle": "",
        "slug": "zinc-and-wound-healing",
        "summary": "Zinc helps skin repair itself.",
        "intro": "Intro text.",
        "comparison_intro": "",
        "disclaimer": "",
        "reading_time_override": "",
        "audience": "patients",
        "language": "en",
        "funding": "",
        "conflicts_of_interest": "",
    }
    for prefix in INLINE_PREFIXES + READ_ONLY_INLINE_PREFIXES:
        data.update(inline_rows(prefix, []))
    data.update(overrides)
    return data


def _form_value(value) -> str:
    return str(value.pk) if hasattr(value, "pk") else str(value)


def existing_rows(children, fields, order_field="position") -> list[dict]:
    """Form rows for stored children, as the admin would post them back unchanged."""
    return [
        {
            "id": str(child.pk),
            order_field: str(getattr(child, order_field)),
            **{name: _form_value(getattr(child, name)) for name in fields},
        }
        for child in children
    ]


def _edited_values(article) -> dict:
    """The article's own fields that editors set (`content_model.edited_fields()`), as the form posts them: an
    unticked box is absent, an empty number is blank."""
    values = {}
    for name in edited_fields():
        value = getattr(article, name)
        if isinstance(value, bool):
            values.update({name: "on"} if value else {})
        else:
            values[name] = "" if value is None else str(value)
    return values


def article_change_data(article, **overrides) -> dict:
    """The change form of `article` as stored, every inline included, with `overrides` applied."""
    stored_version = type(article).objects.filter(pk=article.pk).values_list("version", flat=True).first()
    data = article_form(
        **_edited_values(article),
        loaded_version=str(stored_version or article.version),  # the page shows the stored version
        authors=[str(pk) for pk in article.authors.values_list("pk", flat=True)],
        topics=[str(pk) for pk in article.topics.values_list("pk", flat=True)],
        **inline_rows(
            "key_points", existing_rows(article.key_points.all(), ["title", "text"]), initial=article.key_points.count()
        ),
        **inline_rows(
            "sections",
            existing_rows(article.sections.all(), ["heading", "anchor", "body"]),
            initial=article.sections.count(),
        ),
        **inline_rows(
            "cause_comparisons",
            existing_rows(article.cause_comparisons.all(), ["cause", "related_symptoms", "differentiating_factors"]),
            initial=article.cause_comparisons.count(),
        ),
        **inline_rows("faqs", existing_rows(article.faqs.all(), ["question", "answer"]), initial=article.faqs.count()),
        **inline_rows(
            "citations",
            existing_rows(article.citations.all(), ["reference"], order_field="number"),
            initial=article.citations.count(),
        ),
    )
    for prefix, related in (("transitions", article.transitions), ("publications", article.publications)):
        data.update(
            inline_rows(
                prefix, [{"id": str(pk)} for pk in related.values_list("pk", flat=True)], initial=related.count()
            )
        )
    data.update(overrides)
    return data


def version_on_page(page: str) -> int:
    """The version a record's change page carries, as a browser posts it back (every page has it, whatever its
    fieldsets)."""
    found = re.search(r'name="loaded_version" value="([0-9]+)"', page)
    assert found, "the page carries no version"
    return int(found.group(1))
