"""Accessibility checks with axe-core in Debian's Chromium: the preview page now, the admin's pages later.

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
BLOCKING = ("critical", "serious")

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


def blocking_violations(results: dict) -> list[dict]:
    return [violation for violation in results["violations"] if violation["impact"] in BLOCKING]


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


def assert_accessible(driver, page: str, capsys) -> dict:
    """Run axe-core on the page shown, print the counts by impact (past pytest's capture: they are the
    result to read in any run), and fail on any serious or critical violation; returns the results."""
    results = axe_run(driver)
    with capsys.disabled():
        print(f"\naxe-core {results['version']} on {page}: violated rules by impact {counts_by_impact(results)}")
    blocking = blocking_violations(results)
    assert not blocking, f"axe-core found serious or critical violations on {page}:\n{describe(blocking)}"
    return results
