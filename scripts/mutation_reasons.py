"""Why each mutant that survives `make mutation` does: read by scripts/mutation_report.py, written by hand after
reading each diff. A mutant is named within its function by number, so a reason is checked again whenever the
function changes (the report refuses a reason that names no survivor)."""

import json
from pathlib import Path

# Mutant name -> why no test can tell it from the original (one line each).
_STORED_LISTS = "a stored article's version always holds its authors and topics, so the default is never read"
_SQLITE_LOCKS = (
    "SQLite has no row locks, so Django ignores select_for_update there (mutmut runs on SQLite); on PostgreSQL "
    "an unknown name in `of` raises, which the suite's PostgreSQL run catches"
)
_SUBQUERY = "used as a subquery of one column, flat or not selects the same column"
_ONE_HOLDER = (
    "a slug belongs to one article at every moment, so ordering its publications by creation or by go-live "
    "time finds the same last holder"
)
_TWO_READINGS = (
    "each query then reads the clock itself, microseconds apart: only a publication going live inside that gap "
    "could count as neither live nor scheduled (or as both), which no test can time"
)
_NEW_ROW = (
    "a new row's position (and every field given) differs from the blank instance, so _set marks the row "
    "dirty and the plan changed anyway"
)
_MEMBERSHIP = "only membership in `seen` is read, never the value stored under an anchor"
_PARKED = (
    "a parked anchor only has to differ from every anchor the article keeps while its rows move, and is "
    "overwritten when the row is saved: Concat coalesces a missing prefix, and Cast keeps the key's type"
)
_CLOCK_AGAIN = (
    "the service read the clock a few statements before; reading it again moves the state's time by microseconds, "
    "which only a go-live inside that gap could tell"
)
_SQLITE_CASE = (
    "SQLite matches quoted column names whatever their case; on PostgreSQL the upper-case name is another "
    "column and the read fails, which the suite's PostgreSQL run catches"
)
_PAGE_BOUND = "the bound only limits the rows read: with none, or one more, `more` and the page's articles are the same"
_PAGING_TOKENS = (
    "only sync tokens are made without `a`, and a sync token's window starts at its position whatever it holds"
)
_SCALAR_SUBQUERY = (
    "SQLite takes the first row of a scalar subquery; PostgreSQL refuses a second one, which the suite's PostgreSQL "
    "run catches"
)
_OWN_CLOCK = "without a time, live() and pending() read the clock themselves: the same moment within microseconds"
_NEVER_SAVED = "the state read is never saved: its readers take its key and times"
_TIES = "ties come back in primary-key order from both databases here; the tiebreak makes that order a promise"
EQUIVALENT: dict[str, str] = {
    "articles.services.reminders.x_review_reminders_send__mutmut_10": _TIES,
    "publishing.selectors.x_live_articles_citing_retracted__mutmut_22": _TIES,
    "publishing.services.checks.x_retracted_citations__mutmut_19": (
        "SQLite puts NULLs first by default; PostgreSQL puts them last, where "
        "test_the_approval_check_names_each_retracted_citation_with_its_latest_retraction fails (the suite's "
        "PostgreSQL run)"
    ),
    "articles.services.editing.x_save_edit__mutmut_22": (
        "the only other action that reaches here, RESTORE, has EDIT's permission and states in the table"
    ),
    "publishing.sync.x__encode__mutmut_1": _PAGING_TOKENS,
    **{
        f"publishing.sync.x__encode__mutmut_{n}": (
            "compression only changes a token's length by a few characters (signing keeps it only when shorter), "
            "never what it decodes to"
        )
        for n in (13, 16, 17)
    },
    "publishing.sync.x__decode__mutmut_27": _PAGING_TOKENS,
    "publishing.sync.x_sync_page__mutmut_26": _PAGE_BOUND,
    "publishing.sync.x_sync_page__mutmut_30": _PAGE_BOUND,
    "publishing.selectors.x_approval_latest__mutmut_14": (
        "two approvals of one article are never made in the same microsecond"
    ),
    "publishing.services.publications.x_publication_copy__mutmut_57": _CLOCK_AGAIN,
    "publishing.services.publications.x_publication_copy__mutmut_59": _CLOCK_AGAIN,
    "publishing.services.publications.x_publications_withdraw__mutmut_14": _CLOCK_AGAIN,
    "publishing.services.publications.x_publications_withdraw__mutmut_16": _CLOCK_AGAIN,
    "publishing.services.publications.x_publications_mark_gone_live__mutmut_19": (
        "values_list(flat=True) with no field lists the primary key"
    ),
    **{f"publishing.services.live_set.x__read_state__mutmut_{n}": _SQLITE_CASE for n in (9, 12, 15, 19)},
    "publishing.services.live_set.x__read_state__mutmut_25": _NEVER_SAVED,
    "publishing.services.live_set.x__read_state__mutmut_29": _NEVER_SAVED,
    "publishing.services.live_set.x__aware__mutmut_2": (
        "the raw read gives naive datetimes on SQLite and UTC ones on PostgreSQL (the connection's zone is UTC): "
        "setting UTC changes neither"
    ),
    "publishing.services.live_set.x_public_state_current__mutmut_21": _SCALAR_SUBQUERY,
    "publishing.services.live_set.x_public_state_current__mutmut_30": "the state table holds one row, never another",
    "publishing.services.live_set.x_public_state_current__mutmut_31": (
        "only a reader racing another between its read and its update can tell: the state gets one more new key, "
        "which costs one cache miss"
    ),
    "publishing.services.live_set.x_public_state_current__mutmut_32": "using(None) routes to the default database",
    "publishing.services.live_set.x_public_state_current__mutmut_43": (
        "next_change_at is a pending publication's go-live time: once it has passed, that publication is live, so "
        "went_live is never NULL here"
    ),
    "articles.services.revisions.x__edit_from__mutmut_8": "values_list(flat=True) with no field lists the primary key",
    "articles.services.revisions.x__edit_from__mutmut_40": "None is falsy like False: the planner only tests its truth",
    "articles.services.revisions.x__edit_from__mutmut_48": _STORED_LISTS,
    "articles.services.revisions.x__edit_from__mutmut_50": _STORED_LISTS,
    "articles.services.revisions.x__edit_from__mutmut_55": _STORED_LISTS,
    "articles.services.revisions.x__edit_from__mutmut_57": _STORED_LISTS,
    "articles.services.editing.x_article_locked_with_content__mutmut_2": (
        "the locking query reads the article table alone (parts are prefetched), so locking every table in it "
        "locks the same row"
    ),
    "articles.services.editing.x_article_locked_with_content__mutmut_3": _SQLITE_LOCKS,
    "articles.services.editing.x_article_locked_with_content__mutmut_4": _SQLITE_LOCKS,
    "publishing.selectors.x_approval_of_current_version__mutmut_3": (
        "two approvals of one version exist only after a withdraw and a second review of the same text, made "
        "later: approval time and primary key order them alike"
    ),
    "publishing.selectors.x_approval_of_current_version__mutmut_4": (
        "two approvals of one version are never made in the same microsecond"
    ),
    "publishing.selectors.x_publications_slug_moved_to__mutmut_3": _SUBQUERY,
    "publishing.selectors.x_publications_slug_moved_to__mutmut_5": _SUBQUERY,
    "publishing.selectors.x_publications_slug_moved_to__mutmut_17": _SUBQUERY,
    "publishing.selectors.x_publications_slug_moved_to__mutmut_8": _ONE_HOLDER,
    "publishing.selectors.x_publications_slug_moved_to__mutmut_9": (
        "two publications under one slug never go live in the same microsecond"
    ),
    "publishing.services.publications.x_slug_check_free__mutmut_3": _TWO_READINGS,
    "publishing.services.publications.x_slug_check_free__mutmut_4": _TWO_READINGS,
    "publishing.services.publications.x_publication_copy__mutmut_4": _OWN_CLOCK,
    "publishing.services.publications.x_publication_create__mutmut_7": _OWN_CLOCK,
    "publishing.services.publications.x_publication_create__mutmut_78": _CLOCK_AGAIN,
    "publishing.services.publications.x_publication_create__mutmut_80": _CLOCK_AGAIN,
    "publishing.services.live_set.x_public_state_move__mutmut_28": (
        "reached only when another transaction makes the first state row between this one's update and its "
        "create; SQLite, which mutmut runs on, lets one writer at a time, so never there"
    ),
    "publishing.services.live_set.x_public_state_move__mutmut_31": _CLOCK_AGAIN,
    "publishing.services.live_set.x_live_set_changed__mutmut_5": _CLOCK_AGAIN,
    "publishing.services.live_set.x_live_set_changed__mutmut_7": _CLOCK_AGAIN,
    **{
        f"publishing.services.freezing.x_as_json__mutmut_{n}": (
            "the serializers already give JSON's own types (dates and decimals as text); Django's encoder is there "
            "for a lazy translation, which none of them returns"
        )
        for n in (3, 5)
    },
    "articles.lifecycle.x_transition_check__mutmut_1": (
        "only unpublish needs a publication, and its one caller, article_transition, always says whether there is one"
    ),
    "publishing.services.live_set.x_publications_set_superseded__mutmut_7": "only() always loads the primary key",
    "publishing.services.live_set.x_publications_set_superseded__mutmut_16": _TIES,
    "publishing.services.live_set.x_publications_set_superseded__mutmut_19": (
        "recounting every article's publications gives the others the values they already hold, and bulk_update "
        "writes only the changed rows"
    ),
    "publishing.services.live_set.x__next_go_live__mutmut_9": _SCALAR_SUBQUERY,
    "publishing.services.editorial_steps.x__approve__mutmut_3": (
        "approve is not a system step: transition_check has refused a missing user before this line"
    ),
    "publishing.services.editorial_steps.x__approve__mutmut_22": "localdate() without a time is today, as now is",
    "articles.services.editing.x_article_version_check__mutmut_6": (
        "select_related only saves two queries when a save is refused; the message is the same"
    ),
    "publishing.selectors.x_articles_with_live_state__mutmut_1": _TWO_READINGS,
    "publishing.selectors.x_articles_with_live_state__mutmut_4": _TWO_READINGS,
    "publishing.selectors.x_articles_with_live_state__mutmut_10": _TWO_READINGS,
    "articles.edit_plan.x__plan_part__mutmut_30": _NEW_ROW,
    "articles.edit_plan.x__plan_part__mutmut_31": _NEW_ROW,
    "articles.edit_plan.x__plan_part__mutmut_32": _NEW_ROW,
    "articles.edit_plan.x__plan_part__mutmut_33": _NEW_ROW,
    "articles.edit_plan.x__plan_anchors__mutmut_8": (
        "without sections in the edit the rows are the stored ones, whose anchors the database keeps unique: a "
        "duplicate, and so this problem, exists only when sections were submitted"
    ),
    "articles.edit_plan.x__plan_anchors__mutmut_13": _MEMBERSHIP,
    "articles.edit_plan.x__plan_anchors__mutmut_36": _MEMBERSHIP,
    "articles.edit_plan.x__plan_anchors__mutmut_37": _MEMBERSHIP,
    "articles.edit_plan.x__plan_anchors__mutmut_38": _MEMBERSHIP,
    "articles.edit_plan.x_plan_edit__mutmut_30": (
        "only a restore sends ids rather than objects, and a restore writes whether or not anything changed"
    ),
    "articles.edit_plan.x__plan_markers__mutmut_17": (
        "with problems the edit is refused whatever the markers say, and without renumbering a rewrite changes nothing"
    ),
    "articles.edit_plan.x__plan_citations__mutmut_29": (
        "a marker [0] is refused by its own rule (citations are numbered from 1) before the set of numbers is read"
    ),
    "articles.services.editing.x__park__mutmut_19": _PARKED,
    "articles.services.editing.x__park__mutmut_23": _PARKED,
    "articles.services.editing.x__park__mutmut_24": _PARKED,
    "articles.services.editing.x__park__mutmut_25": _PARKED,
    "articles.services.editing.x__park__mutmut_27": _PARKED,
    "articles.services.editing.x__write__mutmut_11": (
        "SQLite's LIKE ignores case, so the prefix query finds the same slugs; on PostgreSQL the second untitled "
        "article would collide with the first, which the suite's PostgreSQL run catches"
    ),
    "publishing.services.editorial_steps.x__publish__mutmut_3": (
        "a go-live time equal to the clock's reading to the microsecond cannot be sent"
    ),
}

# Survivors of a run whose coverage map predates the test that kills them: mutant -> that test, in
# mutation_killed_since.json. Each was checked by applying the mutant (MUTANT_UNDER_TEST, in mutants/) and running
# that test, which failed.
KILLED_SINCE: dict[str, str] = json.loads((Path(__file__).with_name("mutation_killed_since.json")).read_text())


# Survivors whose code has since been rewritten or removed: mutant -> what happened to it.
GONE: dict[str, str] = {}
