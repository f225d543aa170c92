"""What the public API answers, URL by URL: status, a hash of the body, ETag and Last-Modified.

`python -m tests.helpers.public_bytes` prints it as JSON for the database in DATABASE_URL, so that a test can
compare a restored database, served by another process, with the one it backed up.
"""

import hashlib
import json
import os


def public_bytes() -> dict[str, list]:
    from django.test import Client

    client, pages = Client(), {}
    slugs = [item["slug"] for item in client.get("/api/v1/articles/").json()["results"]]
    assert slugs  # something is published: the comparison compares something
    urls = ["/api/v1/articles/", "/api/v1/faqs/?page_size=100", "/api/v1/references/?page_size=100"]
    urls += ["/api/v1/topics/", "/api/v1/contributors/"]
    urls += [f"/api/v1/articles/{slug}/" for slug in slugs] + [f"/api/v1/articles/{slug}/jsonld/" for slug in slugs]
    for url in urls:
        response = client.get(url)
        digest = hashlib.sha256(response.content).hexdigest()
        pages[url] = [response.status_code, digest, response.get("ETag"), response.get("Last-Modified")]
    return pages


if __name__ == "__main__":
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")
    django.setup()
    print(json.dumps(public_bytes()))
