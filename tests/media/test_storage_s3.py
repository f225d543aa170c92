"""IMAGE_STORAGE=s3 (media/storage_s3.py) against moto's S3 server on loopback: an upload through the real service,
its renditions in the bucket with their headers, the original private and without a URL, deletion."""

import io
import socket
import urllib.request

import pytest
from django.core.files.storage import storages

from media.models import Image, Rendition
from media.renditions import rendition_list, renditions_ensure
from media.services import image_create, image_delete
from media.storage_s3 import PrivateS3Storage, RenditionS3Storage
from tests.helpers.images import jpeg_with_gps

moto_server = pytest.importorskip("moto.server", reason="moto[server] (requirements.txt) is not installed")
boto3 = pytest.importorskip("boto3")

pytestmark = pytest.mark.django_db
BUCKET = "cms-images"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def s3_endpoint():
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=free_port(), verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def s3(s3_endpoint, monkeypatch):
    """Both storages in the bucket, as config/settings.py sets them for IMAGE_STORAGE=s3."""
    for name, value in {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}.items():
        monkeypatch.setenv(name, value)
    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1")
    client.create_bucket(Bucket=BUCKET)
    common = {"endpoint_url": s3_endpoint, "region_name": "us-east-1", "bucket_name": BUCKET}
    # As config/settings.py makes them for IMAGE_STORAGE=s3, put in place of the suite's in-memory ones for this test
    # (the models' fields took theirs when the models loaded: those too).
    originals = PrivateS3Storage(**common)
    renditions = RenditionS3Storage(**common, location="renditions", default_acl="public-read")
    monkeypatch.setitem(storages._storages, "images", originals)
    monkeypatch.setitem(storages._storages, "renditions", renditions)
    monkeypatch.setattr(Image._meta.get_field("file"), "storage", originals)
    monkeypatch.setattr(Rendition._meta.get_field("file"), "storage", renditions)
    yield client
    listed = client.list_objects_v2(Bucket=BUCKET).get("Contents", [])
    for item in listed:
        client.delete_object(Bucket=BUCKET, Key=item["Key"])
    client.delete_bucket(Bucket=BUCKET)


def keys(client) -> set[str]:
    return {item["Key"] for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", [])}


def test_an_upload_and_its_renditions_land_in_the_bucket_with_their_headers(s3):
    image = image_create(upload=io.BytesIO(jpeg_with_gps(700, 400)), fields={"alt_text": "A rash"})
    renditions_ensure(image=image)

    stored = keys(s3)
    assert image.file.name in stored and image.file.name.startswith("originals/")
    renditions = list(image.renditions.all())
    assert len(renditions) == 9 and {f"renditions/{r.file.name}" for r in renditions} <= stored
    for rendition in renditions:
        head = s3.head_object(Bucket=BUCKET, Key=f"renditions/{rendition.file.name}")
        assert head["CacheControl"] == "public, max-age=31536000, immutable"
        assert (
            head["ContentType"] == {"avif": "image/avif", "webp": "image/webp", "jpeg": "image/jpeg"}[rendition.format]
        )
        assert head["ContentLength"] == rendition.byte_size
    grants = s3.get_object_acl(Bucket=BUCKET, Key=f"renditions/{renditions[0].file.name}")["Grants"]
    assert any(grant["Grantee"].get("URI", "").endswith("/AllUsers") for grant in grants)  # public-read


def test_a_rendition_url_reads_the_file_without_credentials_and_the_original_has_no_url(s3, s3_endpoint):
    image = image_create(upload=io.BytesIO(jpeg_with_gps(400, 300)), fields={"alt_text": "A rash"})
    renditions_ensure(image=image)
    url = rendition_list(image)[0]["url"]

    assert url.startswith(s3_endpoint) and "Signature" not in url and "X-Amz" not in url
    with urllib.request.urlopen(url) as response:
        assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    with pytest.raises(NotImplementedError):
        _ = image.file.url
    grants = s3.get_object_acl(Bucket=BUCKET, Key=image.file.name)["Grants"]
    assert not any(grant["Grantee"].get("URI", "").endswith("/AllUsers") for grant in grants)  # private


def test_deleting_the_image_deletes_its_objects_once_committed(s3, django_capture_on_commit_callbacks):
    image = image_create(upload=io.BytesIO(jpeg_with_gps(400, 300)), fields={"alt_text": "A rash"})
    renditions_ensure(image=image)
    kept = image_create(upload=io.BytesIO(jpeg_with_gps(500, 300)), fields={"alt_text": "Another"})
    renditions_ensure(image=kept)
    objects = {image.file.name, *(f"renditions/{r.file.name}" for r in image.renditions.all())}
    assert objects <= keys(s3)

    with django_capture_on_commit_callbacks(execute=True):
        image_delete(image=image, expected_version=None)

    assert not objects & keys(s3)
    assert kept.file.name in keys(s3)  # the positive control
    assert {f"renditions/{r.file.name}" for r in kept.renditions.all()} <= keys(s3)


def test_the_environment_chooses_s3_for_both_storages():
    import json
    import os
    import subprocess
    import sys

    script = (
        "import json; from config import settings; "
        "print(json.dumps({k: settings.STORAGES[k] for k in ('images', 'renditions')}))"
    )
    environment = {
        **os.environ,
        "DJANGO_SECRET_KEY": "test-only",
        "DJANGO_ALLOWED_HOSTS": "localhost",
        "IMAGE_STORAGE": "s3",
        "AWS_STORAGE_BUCKET_NAME": "originals",
        "RENDITIONS_BUCKET_NAME": "public",
        "AWS_S3_ENDPOINT_URL": "http://127.0.0.1:9000",
        "RENDITIONS_URL": "https://cdn.example.org/r/",
    }
    ran = subprocess.run([sys.executable, "-c", script], env=environment, capture_output=True, text=True, check=False)
    assert ran.returncode == 0, ran.stderr[-2000:]
    chosen = json.loads(ran.stdout)

    assert chosen["images"]["BACKEND"] == "media.storage_s3.PrivateS3Storage"
    assert chosen["images"]["OPTIONS"]["bucket_name"] == "originals"
    renditions = chosen["renditions"]["OPTIONS"]
    assert chosen["renditions"]["BACKEND"] == "media.storage_s3.RenditionS3Storage"
    assert (renditions["bucket_name"], renditions["location"], renditions["default_acl"]) == (
        "public",
        "",
        "public-read",
    )
    assert (
        renditions["base_url"] == "https://cdn.example.org/r/" and renditions["endpoint_url"] == "http://127.0.0.1:9000"
    )
