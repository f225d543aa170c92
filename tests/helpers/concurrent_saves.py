"""Editors saving and readers reading at once, for a few seconds, on a database of their own.

Run as `python -m tests.helpers.concurrent_saves SECONDS` with DATABASE_URL naming an empty database
(a new SQLite file, or a new PostgreSQL database). Prints one JSON line: errors (anything other than
a refused stale save), acknowledged saves, retries after a stale refusal, reads, and lost saves (an
acknowledged edit missing from the final text).
"""

import json
import os
import sys
import threading
import time
import traceback

import django

EDITORS, READERS = 3, 12


def main(seconds: float) -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")
    django.setup()
    from django.core.management import call_command
    from django.db import close_old_connections, connection
    from django.test import Client

    from articles.edit_plan import ArticleEdit
    from articles.models import Article
    from articles.services.editing import article_create, article_update
    from core.exceptions import StaleVersion
    from tests.helpers.factories import ReviewerFactory
    from tests.helpers.people import user_in_role
    from tests.helpers.publishing import publish_reviewed

    call_command("migrate", verbosity=0)
    editors = [user_in_role(f"editor{index}", "Author") for index in range(EDITORS)]
    key_points = [{"title": f"Point of editor {index}", "text": "Start."} for index in range(EDITORS)]
    article = article_create(
        edit=ArticleEdit(fields={"title": "Shared", "summary": "s"}, parts={"key_points": key_points}), user=None
    )
    Article.objects.filter(pk=article.pk).update(medical_reviewer=ReviewerFactory())
    publish_reviewed(article)
    connection.close()

    results = {"errors": [], "saves": 0, "stale_retries": 0, "reads": 0}
    acknowledged: dict[int, list[str]] = {index: [] for index in range(EDITORS)}
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def edit(index: int) -> None:
        user, count = editors[index], 0
        while time.monotonic() < deadline:
            token = f"e{index}-{count}"
            try:
                current = Article.objects.get(pk=article.pk)
                rows = [{"id": p.pk, "title": p.title, "text": p.text} for p in current.key_points.all()]
                rows[index]["text"] += f" {token}"
                article_update(
                    article=current,
                    edit=ArticleEdit(parts={"key_points": rows}),
                    user=user,
                    expected_version=current.version,
                )
                with lock:
                    acknowledged[index].append(token)
                    results["saves"] += 1
                count += 1
            except StaleVersion:
                with lock:
                    results["stale_retries"] += 1  # someone saved first: reload and type it again
            except Exception:
                with lock:
                    results["errors"].append(traceback.format_exc(limit=3))
        close_old_connections()
        connection.close()

    def read() -> None:
        client = Client()
        while time.monotonic() < deadline:
            for url in ("/api/v1/articles/", "/api/v1/articles/shared/", "/api/v1/faqs/"):
                status = client.get(url).status_code
                with lock:
                    if status == 200:
                        results["reads"] += 1
                    else:
                        results["errors"].append(f"GET {url}: {status}")
        connection.close()

    threads = [threading.Thread(target=edit, args=(i,)) for i in range(EDITORS)]
    threads += [threading.Thread(target=read) for _ in range(READERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    final = list(Article.objects.get(pk=article.pk).key_points.values_list("text", flat=True))
    lost = [token for index, tokens in acknowledged.items() for token in tokens if token not in final[index].split()]
    results["lost"] = lost
    results["errors"] = results["errors"][:5]
    return results


if __name__ == "__main__":
    print(json.dumps(main(float(sys.argv[1]))))
