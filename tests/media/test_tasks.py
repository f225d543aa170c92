"""The renditions task (media/tasks.py): enqueued when an upload commits and when the focal point moves, run by
the worker's own code (tests.helpers.tasks), idempotent, its failure not the upload's."""

import io

import pytest
from django_tasks_db.compat import TaskResultStatus

from media.models import Image, Rendition
from media.services import image_create, image_update
from media.tasks import renditions_make
from tests.helpers.images import picture
from tests.helpers.tasks import run_ready_tasks

pytestmark = pytest.mark.django_db


def upload(django_capture_on_commit_callbacks, width=700, height=400) -> Image:
    with django_capture_on_commit_callbacks(execute=True):
        return image_create(upload=io.BytesIO(picture(width, height, "JPEG")), fields={"alt_text": "A rash"})


def test_the_worker_makes_the_renditions_once_the_upload_commits(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        image = image_create(upload=io.BytesIO(picture(700, 400, "JPEG")), fields={"alt_text": "A rash"})
    assert run_ready_tasks() == []  # not before the commit
    for callback in callbacks:
        callback()

    ran = run_ready_tasks()

    assert [result.status for result in ran] == [TaskResultStatus.SUCCESSFUL]
    assert sorted(image.renditions.filter(crop="").values_list("format", "width")) == [
        ("avif", 320), ("avif", 640), ("jpeg", 320), ("jpeg", 640), ("webp", 320), ("webp", 640),
    ]  # fmt: skip
    assert sorted(image.renditions.exclude(crop="").values_list("crop", flat=True)) == ["16:9", "1:1", "4:3"]


def test_running_the_task_again_changes_nothing(django_capture_on_commit_callbacks):
    image = upload(django_capture_on_commit_callbacks)
    run_ready_tasks()
    before = list(Rendition.objects.order_by("pk").values_list("pk", "file"))

    renditions_make.enqueue(image.pk)
    run_ready_tasks()

    assert list(Rendition.objects.order_by("pk").values_list("pk", "file")) == before


def test_moving_the_focal_point_cuts_the_crops_again_and_keeps_the_other_renditions(django_capture_on_commit_callbacks):
    image = upload(django_capture_on_commit_callbacks, width=1000, height=400)
    run_ready_tasks()
    whole = set(image.renditions.filter(crop="").values_list("pk", flat=True))
    square = image.renditions.get(crop="1:1")

    with django_capture_on_commit_callbacks(execute=True):
        image_update(image=image, fields={"focal_x": 0.0}, expected_version=image.version)
    run_ready_tasks()

    moved = image.renditions.get(crop="1:1")
    assert moved.file.name != square.file.name and (moved.focal_x, moved.focal_y) == (0.0, 0.5)
    assert set(image.renditions.filter(crop="").values_list("pk", flat=True)) == whole  # untouched
    assert moved.file.storage.exists(square.file.name)  # the old crop's file stays: a frozen document may name it


def test_a_change_that_keeps_the_focal_point_enqueues_nothing(django_capture_on_commit_callbacks):
    image = upload(django_capture_on_commit_callbacks)
    run_ready_tasks()

    with django_capture_on_commit_callbacks(execute=True):
        image = image_update(image=image, fields={"caption": "Day 3"}, expected_version=image.version)

    assert run_ready_tasks() == []
    with django_capture_on_commit_callbacks(execute=True):
        image_update(image=image, fields={"focal_y": 0.1}, expected_version=image.version)
    assert len(run_ready_tasks()) == 1  # the positive control


def test_a_failure_is_logged_and_leaves_the_image(django_capture_on_commit_callbacks, caplog):
    image = upload(django_capture_on_commit_callbacks)
    image.file.storage.delete(image.file.name)  # the original is lost

    ran = run_ready_tasks()

    assert [result.status for result in ran] == [TaskResultStatus.FAILED]
    assert "Renditions of image" in caplog.text
    assert Image.objects.filter(pk=image.pk).exists() and not image.renditions.exists()


def test_an_image_deleted_before_its_task_ran_is_nothing_to_do(django_capture_on_commit_callbacks):
    image = upload(django_capture_on_commit_callbacks)
    Image.objects.filter(pk=image.pk).delete()

    assert [result.return_value for result in run_ready_tasks()] == ["deleted"]


def test_deleting_an_image_deletes_its_renditions_files_once_committed(django_capture_on_commit_callbacks):
    from media.services import image_delete
    from media.storage import rendition_storage

    image = upload(django_capture_on_commit_callbacks)
    twin = upload(django_capture_on_commit_callbacks)  # the same bytes: the same rendition files
    run_ready_tasks()
    names = set(image.renditions.values_list("file", flat=True))
    assert names == set(twin.renditions.values_list("file", flat=True))
    other = upload(django_capture_on_commit_callbacks, width=500, height=300)
    run_ready_tasks()

    with django_capture_on_commit_callbacks(execute=True):
        image_delete(image=image, expected_version=None)
    assert all(rendition_storage().exists(name) for name in names)  # the twin still uses them
    with django_capture_on_commit_callbacks(execute=True):
        image_delete(image=twin, expected_version=None)

    assert not any(rendition_storage().exists(name) for name in names)
    assert all(rendition_storage().exists(r.file.name) for r in other.renditions.all())  # the positive control
