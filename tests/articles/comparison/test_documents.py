"""Frozen documents as comparison snapshots: pure functions, no database."""

from articles.comparison import compare
from articles.comparison.documents import document_snapshot


def document(**changes):
    return {
        "title": "Vitamin D",
        "audience": "patients",
        "sponsored": False,
        "authors": [{"name": "Ada Author"}],
        "medical_reviewer": {"name": "Dr Review"},
        "topics": [{"name": "Vitamins"}],
        "last_reviewed_at": "2026-03-01T09:30:00Z",
        "key_points": [
            {"position": 1, "title": "Calcium", "text": "Keeps nerves calm."},
            {"position": 2, "title": "Twitching", "text": "Low levels cause cramps [1]."},
        ],
        "sections": [],
        "cause_comparisons": [],
        "faqs": [{"id": 7, "position": 1, "question": "Is it serious?", "answer_markdown": "Rarely."}],
        "references": [
            {
                "id": 40,
                "number": 1,
                "title": "Holick 2007",
                "citation": "Holick MF. Vitamin D deficiency.",
                "notices": [],
            }
        ],
        **changes,
    }


def test_a_document_gives_its_rows_the_ids_it_is_given_and_its_own_for_faqs_and_references():
    snapshot = document_snapshot(document(), {"key_points": {1: 501, 2: 502}})

    assert [(row.id, row.name) for row in snapshot.parts["key_points"]] == [(501, "Calcium"), (502, "Twitching")]
    assert [(row.id, row.texts["answer"]) for row in snapshot.parts["faqs"]] == [(7, "Rarely.")]
    assert [(row.id, row.texts["reference"]) for row in snapshot.parts["citations"]] == [
        (40, "Holick MF. Vitamin D deficiency.")
    ]
    assert snapshot.fields["audience"] == "Patients and the public" and snapshot.fields["sponsored"] == "no"
    assert snapshot.fields["authors"] == "Ada Author" and snapshot.fields["medical_reviewer"] == "Dr Review"


def test_two_documents_compare_a_dragged_key_point_as_a_move_when_their_ids_are_known():
    ids = {"key_points": {1: 501, 2: 502}}
    swapped = document(
        key_points=[
            {"position": 1, "title": "Twitching", "text": "Low levels cause cramps [1]."},
            {"position": 2, "title": "Calcium", "text": "Keeps nerves calm."},
        ]
    )

    by_id = compare(document_snapshot(document(), ids), document_snapshot(swapped, {"key_points": {1: 502, 2: 501}}))
    by_place = compare(document_snapshot(document(), ids), document_snapshot(swapped, {}))

    assert [(row.change, row.summary) for part in by_id.parts for row in part.rows] == [
        ("moved", "Moved from 2nd to 1st")
    ]
    [part] = by_place.parts  # without the ids, the two rows read as edited in place, and the page says why
    assert [row.change for row in part.rows] == ["edited", "edited"]
    assert part.notes == ["Compared by place: one of the two does not record which row is which."]


def test_a_retraction_notice_since_the_approval_is_an_edit_of_that_citation():
    retracted = document(
        references=[{**document()["references"][0], "notices": [{"nature": "retraction", "date": "2026-05-02"}]}]
    )

    comparison = compare(document_snapshot(document(), {}), document_snapshot(retracted, {}))

    [part] = comparison.parts
    [row] = part.rows
    assert (part.label, row.change, row.name) == ("Citations", "edited", "Holick 2007")
    assert [field.label for field in row.fields] == ["Retraction Watch notices"]
    assert "<ins>Retraction (2026-05-02)</ins>" in str(row.fields[0].diff)


def hero(image_id: int, alt_text: str, **changes) -> dict:
    """An image as `media.documents.image_document` shapes it in a frozen document."""
    return {
        "id": image_id,
        "alt_text": alt_text,
        "decorative": False,
        "caption": "",
        "credit": "Dr Ada Example",
        "licence": "CC BY 4.0",
        "width": 1400,
        "height": 900,
        "focal_point": {"x": 0.5, "y": 0.5},
        "renditions": [
            {"url": f"https://cdn.example/renditions/{image_id:02x}/{image_id:064x}.avif", "width": 320,
             "height": 206, "format": "avif"},
        ],
        **changes,
    }  # fmt: skip


def test_a_changed_hero_image_is_shown_by_its_id_and_what_readers_read_of_it_not_as_a_python_dict():
    before = document(hero_image=hero(1, "Diagram of five steps"))
    after = document(hero_image=hero(2, "Twitching calf muscle"))

    changes = compare(document_snapshot(before, {}), document_snapshot(after, {}))

    assert [change.label for change in changes.fields] == ["Hero image"]
    assert document_snapshot(after, {}).fields["hero_image"] == (
        "image 2 (alt text: Twitching calf muscle; credit: Dr Ada Example; licence: CC BY 4.0)"
    )
    shown = str(changes.fields[0].diff)
    assert "{" not in shown and "renditions" not in shown and "https://" not in shown
    assert document_snapshot(document(hero_image=None), {}).fields["hero_image"] == ""


def test_new_renditions_of_the_same_hero_image_are_no_change_but_its_credit_is():
    before = document(hero_image=hero(1, "Diagram"))
    moved_focus = document(hero_image=hero(1, "Diagram", focal_point={"x": 0.2, "y": 0.2}, renditions=[]))
    credited = document(hero_image=hero(1, "Diagram", credit="Someone else"))

    assert not compare(document_snapshot(before, {}), document_snapshot(moved_focus, {}))
    assert compare(document_snapshot(before, {}), document_snapshot(credited, {}))
