"""Print the demo vitamin D article of demo/content.json as management API request bodies.

    python scripts/vitamin_d_body.py references        # one reference body per line, in citation order
    python scripts/vitamin_d_body.py image FILE         # draw its diagram into FILE (PNG; needs Pillow), print its
                                                        # metadata as curl -F arguments, one per line
    python scripts/vitamin_d_body.py article IMAGE ID ...  # the article, its diagram the library's image IMAGE,
                                                        # citing those reference ids in that order

Used by scripts/api_walkthrough.sh; the standard library only, but for drawing the image.
"""

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEMO = json.loads((ROOT / "demo" / "content.json").read_text(encoding="utf-8"))
ARTICLE = next(a for a in DEMO["published_articles"] if a["slug"] == "vitamin-d-deficiency-muscle-twitching")


def references() -> None:
    for key in ARTICLE["references"]:
        print(json.dumps(DEMO["references"][key]))


def image(path: str) -> None:
    sys.path.insert(0, str(ROOT))
    from demo import images  # Pillow: only this command needs it

    fields = DEMO["images"][ARTICLE["hero_image"]]
    Path(path).write_bytes(getattr(images, fields["drawing"])())
    for name, value in fields.items():
        if name == "drawing":
            continue
        if name in ("focal_x", "focal_y", "translations"):
            continue  # set as JSON once uploaded (focal_point, translations), like any metadata
        print(f"{name}={value}")


def article(image_id: str, reference_ids: list[str]) -> None:
    renamed = {"body": "body_markdown", "answer": "answer_markdown"}

    def placed(text: str) -> str:  # the diagram, named by its key in content.json, is the library's image now
        return re.sub(r"\(image:[a-z0-9-]+\)", f"(image:{int(image_id)})", text)

    body = {name: ARTICLE[name] for name in ("slug", "title", "subtitle", "summary", "intro", "comparison_intro")}
    body.update({"topics": ARTICLE["topics"], "authors": ARTICLE["authors"], "hero_image": int(image_id)})
    for kind in ("key_points", "sections", "cause_comparisons", "faqs"):
        body[kind] = [
            {renamed.get(name, name): placed(value) if isinstance(value, str) else value for name, value in row.items()}
            for row in ARTICLE[kind]
        ]
    body["citations"] = [{"reference": int(reference_id)} for reference_id in reference_ids]
    print(json.dumps(body))


if __name__ == "__main__":
    if sys.argv[1:2] == ["references"]:
        references()
    elif sys.argv[1:2] == ["image"] and len(sys.argv) == 3:
        image(sys.argv[2])
    elif sys.argv[1:2] == ["article"] and len(sys.argv) >= 3:
        article(sys.argv[2], sys.argv[3:])
    else:
        sys.exit(__doc__)
