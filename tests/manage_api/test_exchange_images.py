"""The media library in an export (manage_api/exchange): each image with its original and renditions, their bytes
checked against the names they carry when imported; the library images an approval shows."""

import base64
import copy
import hashlib
import io

import pytest

from manage_api.exchange.dump import content_export
from manage_api.exchange.load import ImportRefused, content_import
from media.models import Image
from media.renditions import renditions_ensure
from media.services import image_create
from tests.helpers.images import picture

pytestmark = pytest.mark.django_db


def test_an_export_carries_each_image_with_its_files_and_an_import_refuses_bytes_that_do_not_match_their_name():
    image = image_create(
        upload=io.BytesIO(picture(400, 300, "JPEG")),
        fields={
            "alt_text": "A chart", "credit": "The project", "licence": "CC BY 4.0",
            "translations": {"es": {"alt_text": "Un gráfico"}},
        },
    )  # fmt: skip
    renditions_ensure(image=image)

    exported = content_export()

    [entry] = exported["images"]
    assert entry["id"] == image.pk and entry["alt_text"] == "A chart" and entry["content_hash"] == image.content_hash
    files = [entry["file"], *(rendition["file"] for rendition in entry["renditions"])]
    assert len(entry["renditions"]) == image.renditions.count() > 0
    for file in files:
        assert hashlib.sha256(base64.b64decode(file["content"])).hexdigest() in file["name"]

    Image.objects.all().delete()  # an import goes into an empty database
    tampered = copy.deepcopy(exported)
    tampered["articles"] = []
    tampered["images"][0]["renditions"][0]["file"]["content"] = base64.b64encode(b"<script>").decode()
    with pytest.raises(ImportRefused) as refused:
        content_import(tampered, dry_run=True)
    assert refused.value.errors == [
        ("images[0].renditions[0].file.name", "The file's name does not match its bytes (SHA-256).")
    ]
    assert content_import(exported)["images"] == 1  # the control: as exported, it is restored
    restored = Image.objects.with_renditions().get(pk=image.pk)
    assert restored.renditions.count() == len(entry["renditions"]) and restored.file.read() == base64.b64decode(
        entry["file"]["content"]
    )
    assert entry["translations"] == restored.translations == {"es": {"alt_text": "Un gráfico"}}


def test_an_export_from_before_images_had_texts_per_language_is_imported_without_them():
    image = image_create(
        upload=io.BytesIO(picture(120, 80, "JPEG")),
        fields={"alt_text": "A chart", "translations": {"es": {"alt_text": "Un gráfico"}}},
    )
    exported = content_export()
    older = copy.deepcopy(exported)
    del older["images"][0]["translations"]
    Image.objects.all().delete()

    assert content_import(older)["images"] == 1
    assert Image.objects.get(pk=image.pk).translations == {}
    Image.objects.all().delete()
    assert content_import(exported)["images"] == 1  # control: the current export keeps them
    assert Image.objects.get(pk=image.pk).translations == {"es": {"alt_text": "Un gráfico"}}
