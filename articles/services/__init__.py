"""State changes of the working copy. The admin, the APIs and the commands call these; they hold no rule of their own.

- `audit`: the one function that changes an article's status and writes its review-history entry
- `editing`: creating and updating an article with all its parts
- `citations`: citation numbering, marker checks and marker rewriting
- `revisions`: stored versions, restoring one, recovering a deleted article
"""
