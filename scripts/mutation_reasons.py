"""Why each mutant that survives `make mutation` does: read by scripts/mutation_report.py, written by hand after
reading each diff. A mutant is named within its function by number, so a reason is checked again whenever the
function changes (the report refuses a reason that names no survivor)."""

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
_NEVER_SAVED = "the state read is never saved: its readers take its key and times"
EQUIVALENT: dict[str, str] = {
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
    "publishing.services.live_set.x_public_state_current__mutmut_21": (
        "SQLite takes the first row of a scalar subquery; PostgreSQL refuses a second one, which the suite's "
        "PostgreSQL run catches"
    ),
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
    "articles.services.editing.x__locked__mutmut_2": (
        "the locking query reads the article table alone (parts are prefetched), so locking every table in it "
        "locks the same row"
    ),
    "articles.services.editing.x__locked__mutmut_3": _SQLITE_LOCKS,
    "articles.services.editing.x__locked__mutmut_4": _SQLITE_LOCKS,
    "articles.services.editing.x_save_edit__mutmut_20": (
        "the only other action that reaches here, RESTORE, has EDIT's permission and states in the table"
    ),
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
    "publishing.services.publications.x_publication_copy__mutmut_4": (
        "without a time, live() and pending() read the clock themselves: the same moment within microseconds"
    ),
    "publishing.services.lifecycle.x__approve__mutmut_3": (
        "approve is not a system step: transition_check has refused a missing user before this line"
    ),
    "publishing.services.lifecycle.x__approve__mutmut_21": "localdate() without a time is today, as now is",
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
    "publishing.services.lifecycle.x__publish__mutmut_3": (
        "a go-live time equal to the clock's reading to the microsecond cannot be sent"
    ),
}

# Survivors of a run whose stats predate the test that kills them: mutant -> that test. Each was checked by
# applying the mutant to the current code and running the test, which failed (a full run counts them killed).
KILLED_SINCE: dict[str, str] = {
    name: test
    for test, names in {
        "test_editing.py::test_checking_an_edit_from_a_stale_page_says_someone_saved_before_listing_problems": [
            "articles.services.editing.x_article_edit_problems__mutmut_5",
        ],
        "test_editing.py::test_each_row_someone_deleted_meanwhile_is_reported_where_it_was": [
            "articles.edit_plan.x__plan_part__mutmut_27",
        ],
        "test_editing.py::test_changing_one_row_leaves_the_others_where_they_are": [
            "articles.services.editing.x__park__mutmut_10",
            "articles.services.editing.x__park__mutmut_13",
        ],
        "test_editing.py::test_two_sections_swap_anchors_in_one_save": [
            "articles.services.editing.x__park__mutmut_15",
            "articles.services.editing.x__park__mutmut_16",
        ],
        "test_editing.py::test_a_title_without_letters_or_digits_gets_the_slug_article": [
            f"articles.services.editing.x__write__mutmut_{n}" for n in (6, 9, 10, 25, 28, 30, 31)
        ],
        "test_editing.py::test_a_heading_without_letters_or_digits_gets_the_anchor_section": [
            "articles.edit_plan.x__plan_anchors__mutmut_27",
            "articles.edit_plan.x__plan_anchors__mutmut_31",
            "articles.edit_plan.x__plan_anchors__mutmut_33",
            "articles.edit_plan.x__plan_anchors__mutmut_34",
        ],
        "test_editing.py::test_an_anchor_made_from_a_long_heading_uses_the_whole_anchor_length": [
            "articles.edit_plan.x__plan_anchors__mutmut_32",
            "articles.edit_plan.x__plan_anchors__mutmut_35",
        ],
        "test_editing.py::test_a_marker_outside_the_citations_numbers_is_refused": [
            "articles.edit_plan.x__plan_citations__mutmut_33",
            *(f"articles.edit_plan.x__texts__mutmut_{n}" for n in (2, 3, 4)),
        ],
        "test_editing.py::test_a_stored_text_left_citing_a_removed_citation_is_reported_for_the_whole_article": [
            "articles.edit_plan.x__texts__mutmut_41",
        ],
        "test_editing.py::test_changing_only_the_authors_is_a_change_and_sending_the_same_ones_is_not": [
            f"articles.edit_plan.x_plan_edit__mutmut_{n}" for n in (21, 28, 34, 35, 36, 42)
        ],
        "test_editing.py::test_fields_an_edit_may_not_set_are_a_programming_error_naming_them": [
            f"articles.edit_plan.x_plan_edit__mutmut_{n}" for n in (3, 7, 8)
        ],
        "test_editing.py::test_a_bad_marker_in_a_key_point_is_reported_with_the_key_points_title": [
            f"articles.edit_plan.x__texts__mutmut_{n}" for n in (16, 17, 18)
        ],
        "test_editing.py::test_clearing_the_slug_makes_it_again_from_the_title_without_counting_the_article_itself": [
            "articles.services.editing.x__write__mutmut_17",
        ],
        "test_editing.py::test_a_new_article_is_written_into_the_callers_instance_and_its_first_revision_says_who": [
            f"articles.services.editing.x_article_create__mutmut_{n}" for n in (8, 21, 28, 29, 30)
        ],
        "test_revisions.py::test_the_delete_permission_is_what_lets_an_editor_delete": [
            f"articles.services.editing.x_article_delete__mutmut_{n}" for n in (10, 11, 12)
        ],
        "test_lifecycle.py::test_taking_an_article_down_leaves_earlier_withdrawals_as_they_were": [
            "publishing.services.publications.x_publications_withdraw__mutmut_6",
        ],
        "test_lifecycle.py::test_requesting_changes_needs_a_comment": [
            f"publishing.services.lifecycle.x__request_changes__mutmut_{n}" for n in (3, 4, 6)
        ],
        "test_lifecycle.py::test_the_approval_is_dated_at_the_moment_of_the_review_it_records": [
            "publishing.services.lifecycle.x__approve__mutmut_25",
            "publishing.services.lifecycle.x__approve__mutmut_29",
        ],
        "test_lifecycle.py::test_publishing_in_the_past_is_refused": [
            "publishing.services.lifecycle.x__publish__mutmut_8"
        ],
        "test_lifecycle.py::test_only_publishers_and_the_operators_commands_import_reviewed_content": [
            "publishing.services.lifecycle.x_article_import_published__mutmut_6",
        ],
        "test_lifecycle.py::test_importing_reviewed_content_records_the_review_it_had_and_who_imported_it": [
            f"publishing.services.lifecycle.x_article_import_published__mutmut_{n}" for n in (19, 21, 25, 39, 45)
        ],
    }.items()
    for name in names
}

# Survivors whose code has since been rewritten or removed: mutant -> what happened to it.
GONE: dict[str, str] = {
    **{
        f"articles.edit_plan.x__plan_part__mutmut_{n}": (
            "the place is now capfirst(), not capitalize() (which read 'Faq'); the same mutations of the new line "
            "fail test_each_row_someone_deleted_meanwhile_is_reported_where_it_was"
        )
        for n in (22, 25, 26)
    },
    **{
        f"publishing.services.lifecycle.x_article_rollback__mutmut_{n}": (
            "the argument was the default and rollback needs no publication check: removed"
        )
        for n in (7, 11, 12)
    },
}
