"""axe-core on the frontend's pages, in Debian's Chromium, as the CMS's own accessibility tests run it.

Usage (from frontend/, with the frontend running): ../.venv/bin/python scripts/axe.py URL [URL...]
Prints each page's violated rules by impact and the rules themselves; exits 1 when any page has a violation.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.helpers.axe import axe_run, counts_by_impact, describe
from tests.helpers.browser import chromium


def main(urls: list[str]) -> int:
    found = 0
    driver = chromium()
    try:
        for url in urls:
            driver.get(url)
            results = axe_run(driver)
            print(f"{url}: axe-core {results['version']}: {counts_by_impact(results)}")
            if results["violations"]:
                found += len(results["violations"])
                print(describe(results["violations"]))
    finally:
        driver.quit()
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
