"""What users send, for `make bench` (scripts/bench.py runs them with wrk and scripts/bench_workload.lua).

Each workload is a file of paths drawn once from a seeded distribution, which wrk cycles through:
  long-tail         article details, Zipf(s=1.1) over every slug (a few articles are read a lot, most rarely);
  mixed             70 % long-tail details, 20 % lists (a topic, a search for a word as common as users' are,
                    an ordering, pages 1-50), 10 % JSON-LD;
  mixed-publishing  mixed, while a publisher takes a new article through the management API every 2 s
                    (create, submit, approve the document read, publish), as an editor's day does;
  mixed-languages   mixed, with readers of the second language: a detail or JSON-LD of an article that has a
                    Spanish edition is asked for in Spanish half the time, and 30 % of lists ask `language=es`;
  searches          searches and suggestions as readers type them (scripts/bench_search.py), most asked once.
"""

import http.client
import json
import random
import statistics
import threading
import time
from dataclasses import dataclass, field

import bench_search
from bench_services import PORT, bench_words

WORKLOADS = ["long-tail", "mixed", "mixed-publishing", "mixed-languages", "searches"]
SLUG_EXPONENT = 1.1
PAGE_EXPONENT = 1.0  # page 1 is asked for most, page 50 rarely
PATHS = 200_000  # more than wrk sends in one run, so that the cycle does not repeat itself
SEED = 20261206
ORDERINGS = ["published_at", "-published_at", "updated_at", "-updated_at", "title", "-title"]
PUBLISH_EVERY = 2.0
# Which articles generate_bench_content also publishes in Spanish: its clones (from --templates, 16, on) whose
# number is a multiple of --translated-every (3).
TRANSLATED_FROM, TRANSLATED_EVERY, SECOND_LANGUAGE = 16, 3, "es"


def popular_slugs(size: int) -> list[str]:
    """Every benchmark slug, most read first: a seeded shuffle, so that the most read are not simply the newest."""
    slugs = [f"bench-{n}" for n in range(size)]
    random.Random(SEED).shuffle(slugs)
    return slugs


def long_tail(size: int) -> list[str]:
    rng, slugs = random.Random(SEED), popular_slugs(size)
    cumulative = bench_words.zipf_cumulative(size, SLUG_EXPONENT)
    return [f"/api/v1/articles/{slugs[bench_words.zipf_rank(rng, cumulative)]}/" for _ in range(PATHS)]


def mixed(size: int, *, languages: bool = False) -> list[str]:
    rng, slugs = random.Random(SEED), popular_slugs(size)
    lists = ListPaths(size)
    # The Spanish lists hold a third of the articles: as many pages as those fill.
    spanish_lists = ListPaths(size, articles=size // TRANSLATED_EVERY)
    cumulative = bench_words.zipf_cumulative(size, SLUG_EXPONENT)
    paths = []
    for _ in range(PATHS):
        kind = rng.random()
        slug = slugs[bench_words.zipf_rank(rng, cumulative)]
        spanish = languages and translated(slug) and rng.random() < 0.5
        suffix = f"?language={SECOND_LANGUAGE}" if spanish else ""
        if kind < 0.7:
            paths.append(f"/api/v1/articles/{slug}/{suffix}")
        elif kind < 0.9 and languages and rng.random() < 0.3:
            paths.append(f"{spanish_lists.draw(rng)}&language={SECOND_LANGUAGE}")
        elif kind < 0.9:
            paths.append(lists.draw(rng))
        else:
            paths.append(f"/api/v1/articles/{slug}/jsonld/{suffix}")
    return paths


def translated(slug: str) -> bool:
    number = int(slug.removeprefix("bench-"))
    return number >= TRANSLATED_FROM and number % TRANSLATED_EVERY == 0


class ListPaths:
    """The list requests of the mixed workload: a topic (larger topics more often), a search for one word (common
    words more often), or an ordering or a plain page 1-50 (earlier pages more often). Topics and searches ask
    for page 1: a later page of a small topic would be a 404 that users do not see."""

    def __init__(self, size: int, *, articles: int | None = None):
        """The lists of a site of `size` articles (its topics), `articles` of them in the language asked for."""
        self.topics = [bench_words.topic_slug(name) for name in bench_words.topic_names(size)]
        self.topic_weights = bench_words.zipf_cumulative(len(self.topics), 1.0)
        listed = size if articles is None else articles
        self.pages = bench_words.zipf_cumulative(max(1, min(50, listed // 20)), PAGE_EXPONENT)

    def draw(self, rng: random.Random) -> str:
        kind = rng.random()
        if kind < 0.3:
            return f"/api/v1/articles/?topic={self.topics[bench_words.zipf_rank(rng, self.topic_weights)]}"
        if kind < 0.6:
            word = bench_words.VOCABULARY[bench_words.zipf_rank(rng, bench_words.CUMULATIVE)]
            return f"/api/v1/articles/?search={word}"
        page = bench_words.zipf_rank(rng, self.pages) + 1
        if kind < 0.8:
            return f"/api/v1/articles/?ordering={rng.choice(ORDERINGS)}&page={page}"
        return f"/api/v1/articles/?page={page}"


PATHS_OF = {
    "long-tail": long_tail,
    "mixed": mixed,
    "mixed-publishing": mixed,
    "mixed-languages": lambda size: mixed(size, languages=True),
    "searches": bench_search.workload,
}


@dataclass
class Publishing:
    published: int = 0
    failed: list[str] = field(default_factory=list)
    publish_ms: list[float] = field(default_factory=list)  # the publish transition alone
    cycle_ms: list[float] = field(default_factory=list)  # create, submit, read, approve, publish


class Publisher(threading.Thread):
    """Every PUBLISH_EVERY seconds, a new article from draft to live through the management API, with the tokens
    of the demo's author, reviewer and publisher; what each publish took."""

    def __init__(self, tokens: dict[str, str], label: str):
        super().__init__(daemon=True)
        self.tokens, self.label = tokens, label
        self.stopping, self.result = threading.Event(), Publishing()

    def run(self) -> None:
        tick = time.monotonic()
        number = 0
        while not self.stopping.is_set():
            number += 1
            self.publish_one(f"live-{self.label}-{number}")
            tick += PUBLISH_EVERY
            self.stopping.wait(max(0.0, tick - time.monotonic()))

    def stop(self) -> Publishing:
        self.stopping.set()
        self.join(timeout=60)
        return self.result

    def publish_one(self, slug: str) -> None:
        started = time.perf_counter()
        body = {"slug": slug, "title": f"Published under load: {slug}", "summary": "Written while readers read.",
                "sections": [{"heading": "What it is", "body_markdown": "A paragraph."}]}  # fmt: skip
        status, article, _ = self.call("author", "POST", "/api/v1/manage/articles/", body)
        steps = [("author", {"action": "submit"}), ("reviewer", {"action": "approve"}),
                 ("publisher", {"action": "publish"})]  # fmt: skip
        for role, step in steps:
            if status not in (200, 201):
                self.result.failed.append(f"{slug}: {status} {article}"[:300])
                return
            if step["action"] == "approve":  # the reviewer approves the document read
                _, _, read = self.call(role, "GET", f"/api/v1/manage/articles/{slug}/")
                step["document_fingerprint"] = read.get("document-fingerprint", "")
            step_started = time.perf_counter()
            status, article, _ = self.call(role, "POST", f"/api/v1/manage/articles/{slug}/transitions/", step,
                                           {"If-Match": f'"{article["version"]}"'})  # fmt: skip
        if status != 200:
            self.result.failed.append(f"{slug}: publish {status} {article}"[:300])
            return
        self.result.publish_ms.append((time.perf_counter() - step_started) * 1000)
        self.result.cycle_ms.append((time.perf_counter() - started) * 1000)
        self.result.published += 1

    def call(self, role: str, method: str, path: str, body=None, headers=None) -> tuple[int, dict, dict]:
        connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
        try:
            connection.request(method, path, json.dumps(body).encode() if body is not None else None, {
                "Authorization": f"Token {self.tokens[role]}", "Content-Type": "application/json", **(headers or {}),
            })  # fmt: skip
            response = connection.getresponse()
            content = response.read()
            answer = {name.lower(): value for name, value in response.getheaders()}
            return response.status, json.loads(content) if content else {}, answer
        except (OSError, http.client.HTTPException, ValueError) as error:
            return 0, {"error": repr(error)}, {}
        finally:
            connection.close()


def publishing_summary(runs: list[Publishing]) -> str:
    published = sum(run.published for run in runs)
    failed = [message for run in runs for message in run.failed]
    publish = [ms for run in runs for ms in run.publish_ms]
    cycle = [ms for run in runs for ms in run.cycle_ms]
    if not publish:
        return f"Publishes while reading: none succeeded ({len(failed)} failed: {failed[:1]})."
    return (
        f"Publishes while reading (one every {PUBLISH_EVERY:.0f} s): {published} done, {len(failed)} failed; "
        f"the publish request {statistics.median(publish):.0f} ms median, {max(publish):.0f} ms at most; "
        f"draft to live (5 requests) {statistics.median(cycle):.0f} ms median."
    )
