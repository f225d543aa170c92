"""Write docs/mutation.md from a finished `make mutation` run: the score per module, and every mutant that
survived with the reason it is equivalent.

    .venv/bin/python scripts/mutation_report.py   # in the directory where `make mutation` ran

The reasons are written by hand in EQUIVALENT after reading each diff; a survivor without one makes the
script exit non-zero, so that it is killed with a test or explained, never left unread.
"""

import re
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

from mutation_reasons import EQUIVALENT, GONE, KILLED_SINCE

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs" / "mutation.md"
MUTMUT = [sys.executable, "-m", "mutmut"]

INTRO = """# Mutation testing

`make mutation` runs mutmut 3 over the modules that hold the editing and publishing rules: the lifecycle
table (`articles/lifecycle.py`), the edit planner (`articles/edit_plan.py`), the article model and its
queryset, the editing, audit, revision and review-reminder services, the publishing models and querysets, the
selectors, the freezing, lifecycle and publication services, the medical checks before approval and go-live,
and the sync feed (`[tool.mutmut]` in `pyproject.toml`). Each mutant is
run against the tests that cover the mutated function (the browser tests are left out: they only repeat,
slowly, what the HTTP tests check).

Lines that hold only the words of a translated message get no mutants (`do_not_mutate_patterns`): a changed
word is a copy edit, not a behaviour, and the tests assert the words where they are the contract (the
refusals an editor reads, the history entries). Every other mutant counts.

A run that cannot finish (the mutants of functions that hundreds of tests reach take longest) may be continued
with `scripts/mutation_targeted.py`: each mutant left is run against its own package's tests, and one a test fails
there is recorded as killed; the others stay for mutmut.

This page is written by `scripts/mutation_report.py` from the run's results. Every survivor below was read:
it is killed by a test written since (checked by applying the mutant and running that test), gone with code
rewritten since, or equivalent for the reason given.
"""


def mutmut(*args: str) -> str:
    return subprocess.run([*MUTMUT, *args], capture_output=True, text=True, check=True).stdout


def module_of(name: str) -> str:
    return re.sub(r"\.x[_ǁ].*$", "", name)


def diff_of(name: str) -> tuple[str, str]:
    lines = mutmut("show", name).splitlines()
    removed = [line[1:].strip() for line in lines if line.startswith("-") and not line.startswith("---")]
    added = [line[1:].strip() for line in lines if line.startswith("+") and not line.startswith("+++")]
    return " ".join(removed), " ".join(added)


def main() -> int:
    statuses = {}
    for line in mutmut("results", "--all", "true").splitlines():
        name, _, status = line.strip().rpartition(": ")
        if name:
            statuses[name] = status
    if not statuses:
        print("No results: run `make mutation` first.", file=sys.stderr)
        return 2
    by_module: dict[str, Counter] = defaultdict(Counter)
    for name, status in statuses.items():
        by_module[module_of(name)][status] += 1
    survivors = sorted(name for name, status in statuses.items() if status in ("survived", "no tests"))
    unexplained = [name for name in survivors if name not in {**EQUIVALENT, **KILLED_SINCE, **GONE}]

    total = Counter(statuses.values())
    pending = total["not checked"]
    gone = sum(1 for name in survivors if name in GONE)
    # A mutant whose tests never finish (a paging loop that no longer advances) was noticed: it counts as killed.
    since = sum(1 for name in survivors if name in KILLED_SINCE)
    killed = total["killed"] + total["timeout"] + since
    counted = sum(total.values()) - total["skipped"] - pending - gone
    score = killed / counted
    how = [
        f"{since} of them by tests written after this run's coverage was taken, each checked by hand" if since else "",
        f"{total['timeout']} by a timeout: their tests never finished" if total["timeout"] else "",
    ]
    how_said = "; ".join(part for part in how if part)
    lines = [
        INTRO,
        f"## Score: {score:.1%}" + (" (partial run)" if pending else ""),
        "",
        f"{killed} of {counted} mutants killed"
        + (f" ({how_said})" if how_said else "")
        + f"; {counted - killed} survive"
        + (", each equivalent (below)." if not unexplained else f", {len(unexplained)} of them not explained yet."),
        "",
        *(
            [
                f"**Partial run:** {pending} of {sum(total.values())} mutants have not been run yet; the score "
                "counts those that have.",
                "",
            ]
            if pending
            else []
        ),
        "| module | mutants | killed | survived | score |",
        "|---|---:|---:|---:|---:|",
    ]
    for module, counts in sorted(by_module.items()):
        mine = [name for name in survivors if module_of(name) == module]
        size = sum(counts.values()) - counts["skipped"] - counts["not checked"] - sum(name in GONE for name in mine)
        if not size:
            continue
        dead = counts["killed"] + counts["timeout"] + sum(name in KILLED_SINCE for name in mine)
        lines.append(f"| `{module}` | {size} | {dead} | {size - dead} | {dead / size:.0%} |")
    lines += ["", "## Survivors: killed since, gone, or equivalent (and why)", ""]
    for module in sorted({module_of(name) for name in survivors}):
        lines += [f"### `{module}`", ""]
        for name in (name for name in survivors if module_of(name) == module):
            removed, added = diff_of(name)
            if name in KILLED_SINCE:
                reason = f"killed by `{KILLED_SINCE[name]}`"
            elif name in GONE:
                reason = f"gone: {GONE[name]}"
            else:
                reason = EQUIVALENT.get(name, "**not explained yet**")
            lines.append(f"- `{name.rsplit('.', 1)[1]}`: {reason}  \n  `{removed}` → `{added}`")
        lines.append("")
    DOCS.write_text("\n".join(lines))
    print(f"Score {score:.1%} ({killed}/{counted}); {len(survivors)} survivors; written to {DOCS}")
    # Mutants are numbered within their function: once it changes, a reason may name another mutation.
    stale = [] if pending else sorted((set(EQUIVALENT) | set(KILLED_SINCE) | set(GONE)) - set(survivors))
    if stale:
        print(f"{len(stale)} reasons name no survivor (remove them):", *stale, sep="\n  ", file=sys.stderr)
    if unexplained:
        print(f"{len(unexplained)} survivors have no reason yet:", *unexplained, sep="\n  ", file=sys.stderr)
    return 1 if stale or unexplained else 0


if __name__ == "__main__":
    sys.exit(main())
