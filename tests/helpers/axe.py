"""Accessibility checks with axe-core in Debian's Chromium: the preview page and every admin page an editor uses.

Every violation counts, whatever its impact (critical, serious, moderate or minor): the check passes on none.

axe-core comes from the npm registry at test time (`axe-core/install.sh`: the version pinned in its lock
file, kept in a cache directory, never in the repository) and is run inside the page that the browser shows.
"""

import functools
import json
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest

from tests.helpers.browser import CHROMEDRIVER, CHROMIUM

INSTALL = Path(__file__).with_name("axe-core") / "install.sh"
IMPACTS = ("critical", "serious", "moderate", "minor")

_FOUND = {"chromium": CHROMIUM, "chromedriver": CHROMEDRIVER, "npm": shutil.which("npm")}
_MISSING = [name for name, path in _FOUND.items() if not path]
requires_axe = pytest.mark.skipif(
    bool(_MISSING),
    reason=f"axe-core runs in Debian's Chromium and is installed with npm; not installed here: {', '.join(_MISSING)}",
)


@functools.cache
def axe_source() -> str:
    """axe.min.js, installed on first use; a failed install fails the test (it is never skipped silently)."""
    result = subprocess.run(["bash", str(INSTALL)], capture_output=True, text=True, timeout=300, check=False)
    if result.returncode != 0:
        pytest.fail(f"Installing axe-core failed:\n{result.stderr}")
    return Path(result.stdout.strip()).read_text(encoding="utf-8")


def axe_run(driver) -> dict:
    """axe-core's results for the page the browser shows: every rule axe runs by default (WCAG 2.x A and AA,
    best practices), only the violations kept."""
    driver.execute_script(axe_source())
    driver.set_script_timeout(120)
    results = driver.execute_async_script(
        """
        const done = arguments[arguments.length - 1];
        axe.run(document, {resultTypes: ["violations"]})
          .then((results) => done({version: results.testEngine.version, violations: results.violations}))
          .catch((error) => done({error: String(error)}));
        """
    )
    if "error" in results:
        pytest.fail(f"axe-core could not run: {results['error']}")
    return results


def counts_by_impact(results: dict) -> dict[str, int]:
    """Violated rules by impact: {"critical": 0, "serious": 0, "moderate": 1, "minor": 0}."""
    found = Counter(violation["impact"] for violation in results["violations"])
    return {impact: found[impact] for impact in IMPACTS}


def describe(violations: list[dict]) -> str:
    """Each violated rule with its help text and the elements it failed on, for an assertion message."""
    return json.dumps(
        [
            {
                "rule": violation["id"],
                "impact": violation["impact"],
                "help": violation["help"],
                "elements": [node["target"] for node in violation["nodes"]],
            }
            for violation in violations
        ],
        indent=2,
    )


def checked(driver, page: str, capsys) -> dict:
    """Run axe-core on the page shown and print the counts by impact (past pytest's capture: they are the result to
    read in any run); returns axe-core's results, violations of every impact in `violations`."""
    results = axe_run(driver)
    with capsys.disabled():
        print(f"\naxe-core {results['version']} on {page}: violated rules by impact {counts_by_impact(results)}")
    return results


def assert_accessible(driver, page: str, capsys) -> dict:
    """Run axe-core on the page shown and fail on any violation, minor ones included; returns the results."""
    results = checked(driver, page, capsys)
    assert not results["violations"], f"axe-core found violations on {page}:\n{describe(results['violations'])}"
    return results


class Walk:
    """Many pages checked in one browser session: each page's violations are kept, and `assert_clean` at the end
    fails naming every page and rule at once (a run shows all that is wrong, not only the first page)."""

    def __init__(self, driver, capsys):
        self.driver, self.capsys = driver, capsys
        self.pages: list[str] = []
        self.found: dict[str, list[dict]] = {}

    def check(self, page: str) -> None:
        self.pages.append(page)
        violations = checked(self.driver, page, self.capsys)["violations"]
        if violations:
            self.found[page] = violations

    def assert_clean(self) -> None:
        report = "\n".join(f"{page}:\n{describe(violations)}" for page, violations in self.found.items())
        assert not self.found, f"axe-core found violations on {len(self.found)} of {len(self.pages)} pages:\n{report}"
