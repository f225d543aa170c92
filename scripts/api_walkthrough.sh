#!/usr/bin/env bash
# The demo vitamin D article, with its diagram, FAQs and references, created, reviewed and published through the
# management API alone, by the demo users' tokens. Needs curl and a Python with Pillow (PYTHON, default python3:
# the project's .venv/bin/python has it) to draw the diagram and write the JSON.
#
#   API=http://127.0.0.1:8000/api/v1 AUTHOR=... REVIEWER=... PUBLISHER=... PYTHON=.venv/bin/python \
#     scripts/api_walkthrough.sh
#
# on a database with the demo users and no articles (`manage.py load_demo_content --people-only`);
# make the tokens with `manage.py create_api_token author` (and reviewer, publisher).
set -euo pipefail
cd "$(dirname "$0")/.."
: "${API:?}" "${AUTHOR:?}" "${REVIEWER:?}" "${PUBLISHER:?}"
PYTHON="${PYTHON:-python3}"

call() {  # call TOKEN METHOD PATH [BODY] [IF-MATCH]: print the response body; fail on an HTTP error
  local args=(-sS --fail-with-body -X "$2" -H "Authorization: Token $1" -H "Content-Type: application/json")
  [ -n "${5:-}" ] && args+=(-H "If-Match: $5")
  curl "${args[@]}" ${4:+--data-binary "$4"} "$API/manage/$3"
}
field() { "$PYTHON" -c "import json, sys; print(json.load(sys.stdin)['$1'])"; }

# 0. The diagram, uploaded to the media library with its alt text, credit and licence (multipart).
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
form=()
while IFS= read -r pair; do form+=(--form-string "$pair"); done < <("$PYTHON" scripts/vitamin_d_body.py image "$work/diagram.png")
image=$(curl -sS --fail-with-body -X POST -H "Authorization: Token $AUTHOR" "${form[@]}" \
  -F "file=@$work/diagram.png;type=image/png" "$API/manage/images/" | field id)

# 1. The references (a DOI or PubMed ID that exists already answers 409 with the record's id).
ids=()
while IFS= read -r reference; do
  ids+=("$(curl -sS -X POST -H "Authorization: Token $AUTHOR" -H "Content-Type: application/json" \
    --data-binary "$reference" "$API/manage/references/" | field id)")
done < <("$PYTHON" scripts/vitamin_d_body.py references)

# 2. The article with its key points, sections, comparison table, FAQs and citations: one request, a draft.
article=$(call "$AUTHOR" POST articles/ "$("$PYTHON" scripts/vitamin_d_body.py article "$image" "${ids[@]}")")
slug=$(echo "$article" | field slug)
version=$(echo "$article" | field version)

# 3. Submitted by the author, approved by the reviewer, published by the publisher: each sends the
#    version it read (If-Match), so nobody approves or publishes text they did not see.
call "$AUTHOR" POST "articles/$slug/transitions/" '{"action": "submit"}' "\"$version\"" > /dev/null
# The reviewer approves the document they read: its fingerprint (the Document-Fingerprint header of the article's
# read, or of its preview) covers the cited references, the authors, the topics and the site's texts as well.
fingerprint=$(curl -sS --fail-with-body -o /dev/null -D - -H "Authorization: Token $REVIEWER" "$API/manage/articles/$slug/" \
  | tr -d '\r' | sed -n 's/^[Dd]ocument-[Ff]ingerprint: //p')
call "$REVIEWER" POST "articles/$slug/transitions/" \
  "{\"action\": \"approve\", \"comment\": \"Checked.\", \"document_fingerprint\": \"$fingerprint\"}" "\"$version\"" > /dev/null
call "$PUBLISHER" POST "articles/$slug/transitions/" '{"action": "publish"}' "\"$version\"" > /dev/null

# 4. Live on the public API.
curl -sS --fail-with-body "$API/articles/$slug/" | "$PYTHON" -c \
  "import json, sys; a = json.load(sys.stdin); print(a['slug'], len(a['faqs']), 'FAQs,', len(a['references']), 'references,', len(a['hero_image']['renditions']), 'renditions')"
