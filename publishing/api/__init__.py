"""The public delivery API (/api/v1/), read-only and the same for everyone."""
