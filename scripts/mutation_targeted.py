"""Continue a `make mutation` run that could not finish: run each mutant mutmut has not checked yet against the tests
of its own package (stopping at the first failure, the mutated module's tests first), two at a time, in mutants/.

A test that fails kills the mutant, whatever else would run, so it is recorded as killed in mutmut's own results;
a mutant that passes stays unchecked, for mutmut (which runs every test that reaches it) to decide.

    .venv/bin/python scripts/mutation_targeted.py   # in the directory where `make mutation` ran, with it stopped
"""

import json
import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

MUTANTS = Path("mutants")
KILLED = 1  # mutmut's exit code for a killed mutant


def pending() -> dict[str, Path]:
    found = {}
    for meta in sorted(MUTANTS.rglob("*.py.meta")):
        codes = json.loads(meta.read_text())["exit_code_by_key"]
        found.update({name: meta for name, code in codes.items() if code is None})
    return found


def tests_of(name: str) -> str:
    package = re.split(r"\.x[_ǁ]", name, maxsplit=1)[0].split(".")[:-1]
    path = "/".join(["tests", *package])
    return path if (MUTANTS / path).is_dir() else f"tests/{package[0]}"


def run(name: str) -> tuple[str, bool]:
    env = {**os.environ, "MUTANT_UNDER_TEST": name}
    command = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", tests_of(name)]
    try:
        result = subprocess.run(command, cwd=MUTANTS, env=env, capture_output=True, text=True, timeout=150)
    except subprocess.TimeoutExpired:
        return name, False
    return name, result.returncode == 1


def main() -> None:
    names = pending()
    print(f"{len(names)} mutants not checked yet")
    with ThreadPoolExecutor(max_workers=2) as pool:
        for name, killed in pool.map(run, names):
            print(name, "killed" if killed else "left for mutmut", flush=True)
            if killed:
                meta = names[name]
                data = json.loads(meta.read_text())
                data["exit_code_by_key"][name] = KILLED
                meta.write_text(json.dumps(data, indent=4))


if __name__ == "__main__":
    main()
