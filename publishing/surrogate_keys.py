"""Surrogate keys: the names of what a public response shows, in its `Surrogate-Key` and `Cache-Tag` headers.

One model for every cache: a CDN purges by them (webhooks.services.purge), and the server's own response
cache evicts by them (publishing.api.cache). A change of one article names that article, the lists of its
topics and the other lists (`publishing.services.live_set.surrogate_keys_of`), so a response that shows none
of them stays cached.
"""

# Every list but those narrowed to one topic: the whole article list, search, the FAQs, references, topics and
# people (any publish may change them).
LISTS = "article-lists"
# What every response depends on, moved by bulk loads that do not say what they changed (the bench generator).
EVERYTHING = "everything"


def article_key(article_id: int) -> str:
    """The detail and JSON-LD of one article."""
    return f"article-{article_id}"


def topic_lists_key(topic_id: int) -> str:
    """The article lists narrowed to one topic (`?topic=`): only an article of that topic changes them."""
    return f"topic-{topic_id}-articles"


def from_header(value: str) -> list[str]:
    """The keys of a `Surrogate-Key` header (separated by spaces, as Fastly reads them)."""
    return value.split()
