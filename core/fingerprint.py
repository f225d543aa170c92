"""Fingerprints of JSON data, for ETags and content hashes."""

import hashlib
import json


def json_fingerprint(data) -> str:
    """SHA-256 (hex) of `data` as JSON: the same for the same data whatever the order of its keys, which matters
    because PostgreSQL's jsonb gives a stored document's keys back in an order of its own. Values JSON has no
    type for (dates, decimals) count as their text."""
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()
