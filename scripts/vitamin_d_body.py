"""Print the demo vitamin D article of demo/content.json as management API request bodies.

    python scripts/vitamin_d_body.py references        # one reference body per line, in citation order
    python scripts/vitamin_d_body.py article ID ...    # the article, citing those reference ids in that order

Used by scripts/api_walkthrough.sh; standard library only.
"""

import json
import sys
from pathlib import Path

DEMO = json.loads((Path(__file__).resolve().parents[1] / "demo" / "content.json").read_text(encoding="utf-8"))
ARTICLE = next(a for a in DEMO["published_articles"] if a["slug"] == "vitamin-d-deficiency-muscle-twitching")


def references() -> None:
    for key in ARTICLE["references"]:
        print(json.dumps(DEMO["references"][key]))


def article(reference_ids: list[str]) -> None:
    renamed = {"body": "body_markdown", "answer": "answer_markdown"}
    body = {name: ARTICLE[name] for name in ("slug", "title", "subtitle", "summary", "intro", "comparison_intro")}
    body.update({"topics": ARTICLE["topics"], "authors": ARTICLE["authors"]})
    for kind in ("key_points", "sections", "cause_comparisons", "faqs"):
        body[kind] = [{renamed.get(name, name): value for name, value in row.items()} for row in ARTICLE[kind]]
    body["citations"] = [{"reference": int(reference_id)} for reference_id in reference_ids]
    print(json.dumps(body))


if __name__ == "__main__":
    if sys.argv[1:2] == ["references"]:
        references()
    elif sys.argv[1:2] == ["article"]:
        article(sys.argv[2:])
    else:
        sys.exit(__doc__)
