"""Documents frozen before the article had an audience, disclosures and its references notices get those
fields with the values they had then (patients, not sponsored, none given, no notices), so that every
stored document has the shape the API promises. Nothing a reader saw changes."""

import hashlib
import json

from django.db import migrations

ARTICLE_DEFAULTS = {"audience": "patients", "sponsored": False, "funding": "", "conflicts_of_interest": ""}


def _completed(document: dict) -> dict:
    completed = {**ARTICLE_DEFAULTS, **document}
    completed["references"] = [{"notices": [], **entry} for entry in document.get("references", [])]
    return completed


def _sha256(content: dict) -> str:
    return hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()


def complete_documents(apps, schema_editor):
    """The hashes follow the documents (a publication's ETag is its document's, times included; an approval's
    content hash leaves the publication times out), so caches holding the old shape revalidate."""
    hashes = {
        "Approval": ("content_hash", lambda d: _sha256({k: v for k, v in d.items() if k not in ("published_at", "updated_at")})),
        "Publication": ("etag", _sha256),
    }
    for model_name, (hash_field, digest) in hashes.items():
        model = apps.get_model("publishing", model_name)
        changed = []
        for row in model.objects.only("pk", "document", hash_field).iterator(chunk_size=500):
            document = _completed(row.document)
            if document != row.document:
                row.document = document
                setattr(row, hash_field, digest(document))
                changed.append(row)
        model.objects.bulk_update(changed, ["document", hash_field], batch_size=500)
    PublishedReference = apps.get_model("publishing", "PublishedReference")
    changed = []
    for row in PublishedReference.objects.only("pk", "data").iterator(chunk_size=500):
        if "notices" not in row.data:
            row.data = {"notices": [], **row.data}
            changed.append(row)
    PublishedReference.objects.bulk_update(changed, ["data"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("publishing", "0009_approval_overrides"),
        ("articles", "0008_audience_disclosures_review_reminders"),
        ("references", "0006_retraction_notices"),
    ]

    operations = [migrations.RunPython(complete_documents, migrations.RunPython.noop)]
