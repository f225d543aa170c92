"""Where an edit's problems are reported: by part, by field, or for the whole article."""

from django.core.exceptions import NON_FIELD_ERRORS

from articles.edit_plan import EditProblem, EditProblems


def test_a_problem_reads_with_where_it_is_and_alone_without():
    assert str(EditProblem("Citation [16] does not exist.", part="sections", index=1, where="Section “Evidence”")) == (
        "Section “Evidence”: Citation [16] does not exist."
    )
    assert str(EditProblem("The slug is taken.", field="slug")) == "The slug is taken."


def test_problems_are_grouped_by_part_then_field_then_the_whole_article():
    refused = EditProblems(
        [
            EditProblem("Citation [16] does not exist.", part="sections", index=1),
            EditProblem("Too long.", part="faqs", index=0, field="answer"),
            EditProblem("The slug is taken.", field="slug"),
            EditProblem("Nothing to publish."),
        ]
    )

    assert refused.message_dict == {
        "sections": ["Citation [16] does not exist."],
        "faqs": ["Too long."],
        "slug": ["The slug is taken."],
        NON_FIELD_ERRORS: ["Nothing to publish."],
    }
