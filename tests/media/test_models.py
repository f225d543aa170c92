"""The image record: its rules, its name, its private original, its declared fields."""

import io

import pytest
from django.core.exceptions import ValidationError

from media import content_model
from media.documents import image_document
from media.models import Image
from media.services import image_create
from media.storage import PrivateFileSystemStorage
from tests.helpers.images import picture

pytestmark = pytest.mark.django_db


def test_alt_text_is_required_unless_decorative_and_consent_for_a_patient():
    with pytest.raises(ValidationError) as missing:
        Image(alt_text=" ").clean()
    with pytest.raises(ValidationError) as consent:
        Image(alt_text="A face", identifiable_patient=True).clean()

    assert list(missing.value.message_dict) == ["alt_text"]
    assert list(consent.value.message_dict) == ["consent_reference"]
    Image(decorative=True).clean()  # the positive controls
    Image(decorative=True, alt_text="Kept for when it is no longer decorative").clean()
    Image(alt_text="A face", identifiable_patient=True, consent_reference="Form 7").clean()


def test_the_database_keeps_the_rules_too():
    image = image_create(upload=io.BytesIO(picture()), fields={"alt_text": "A chart"})

    with pytest.raises(Exception, match="alt_text_unless_decorative"):
        Image.objects.filter(pk=image.pk).update(alt_text="")


def test_a_refused_create_stores_nothing():
    with pytest.raises(ValidationError):
        image_create(upload=io.BytesIO(picture()), fields={"alt_text": ""})

    assert not Image.objects.exists()


def test_str_names_the_image_by_what_it_shows():
    image = Image(alt_text="A ring-shaped rash " * 5, width=640, height=480, format="jpeg")

    assert str(image).endswith("… (640 × 480 JPEG)") and str(image).startswith("A ring-shaped rash")
    assert str(Image(decorative=True, width=1, height=1, format="png")) == "decorative image (1 × 1 PNG)"


def test_alt_text_caption_and_credit_are_declared_translatable():
    assert content_model.translatable_fields() == ("alt_text", "caption", "credit")
    editable = {field.name for field in Image._meta.concrete_fields}
    declared = set(content_model.edited_fields()) | set(content_model.FROM_FILE) | content_model.STATE
    declared |= {content_model.TRANSLATIONS}
    assert editable == declared  # every field is declared, or named as the file's or the record's own


def test_the_original_storage_gives_no_address(tmp_path):
    with pytest.raises(NotImplementedError):
        PrivateFileSystemStorage(location=tmp_path).url("originals/ab/abc.png")


def test_a_translated_text_is_the_languages_own_or_the_images_where_it_has_none():
    image = Image(
        alt_text="A chart", caption="Daily intake", credit="The project",
        translations={"es": {"alt_text": "Un gráfico", "caption": ""}, "fr": {}},
    )  # fmt: skip

    assert image.text_in("alt_text", "es") == "Un gráfico"
    assert image.text_in("caption", "es") == "Daily intake"  # blank: the image's own
    assert image.text_in("credit", "es") == "The project"  # none written
    assert image.text_in("alt_text", "fr") == image.text_in("alt_text", "de") == "A chart"
    assert image.text_in("alt_text", None) == image.text_in("alt_text", "en") == "A chart"
    assert content_model.translatable_fields() == Image.TRANSLATED  # declared once
    with pytest.raises(ValueError):
        image.text_in("licence", "es")  # not translatable


def test_the_document_gives_the_texts_in_the_language_asked_for():
    image = image_create(
        upload=io.BytesIO(picture(120, 80)),
        fields={"alt_text": "A chart", "credit": "The project", "translations": {"es": {"alt_text": "Un gráfico"}}},
    )

    spanish, english = image_document(image, language="es"), image_document(image, language="en")

    assert (spanish["alt_text"], spanish["credit"]) == ("Un gráfico", "The project")
    assert english["alt_text"] == image_document(image)["alt_text"] == "A chart"
    image.decorative = True
    assert image_document(image, language="es")["alt_text"] == ""  # decorative in every language


@pytest.mark.parametrize(
    "translations", [["es"], {"es": "Un gráfico"}, {"es": {"licence": "CC BY"}}, {"es": {"alt_text": 3}}]
)
def test_texts_by_language_are_a_map_of_the_translated_fields(translations):
    with pytest.raises(ValidationError) as refused:
        Image(alt_text="A chart", translations=translations).clean()

    assert list(refused.value.message_dict) == ["translations"]
    Image(alt_text="A chart", translations={"es": {"alt_text": "Un gráfico"}, "fr": {}}).clean()  # control
