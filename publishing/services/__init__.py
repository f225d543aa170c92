"""State changes of what the public sees.

- `freezing`: rendering the working copy into the public document that is frozen
- `publications`: creating, copying and withdrawing publications, and marking scheduled ones live
- `live_set`: which publication of each article is live (`superseded_at`), and the state and surrogate key
  versions that response caches follow
- `lifecycle`: the editorial transitions (submit … archive), rollback and import, checked by the table
  in `articles.lifecycle`
"""
