"""An article's editorial steps, and the changes of what the public sees that they make.

- `editorial_steps`: every editorial step (submit, withdraw, request changes, approve, publish, unpublish,
  archive, unarchive), rollback and import, each checked against the transition table in `articles.lifecycle`
- `checks`: the medical checks a document meets before it is approved and again before it goes live
- `shown`: what a reviewer's page showed, and the check that an approval freezes exactly that
- `freezing`: rendering the working copy into the public document that is frozen
- `publications`: creating, copying and withdrawing publications, and marking scheduled ones live
- `live_set`: which publication of each article is live (`superseded_at`), and the state and surrogate key
  versions that response caches follow
"""
