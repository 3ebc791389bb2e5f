#!/usr/bin/env bash
# Install everything the tests need on a fresh machine, then lint, type-check and test.
# This is the README's test command and exactly what CI runs (.ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."

# torch is pinned to the CPU build that every machine here carries; an unpinned torch
# would download several GB of CUDA packages.
python3 -m pip install --quiet --disable-pip-version-check "torch==2.13.0" -e ".[test,dev,docs]"

# The HTML report is checked in a real headless browser (Debian's chromium); the Spark
# tests need a Java runtime (17 is on every machine here).
if ! command -v chromium >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ]; then
        apt-get update -qq && apt-get install -y -qq chromium >/dev/null
    else
        echo "check.sh: chromium is missing; install Debian's chromium package (as root) for the report test" >&2
        exit 1
    fi
fi

python3 -m ruff check .
python3 -m ruff format --check .
python3 -m mypy
# The layers of pyproject's [tool.importlinter]: imports only go down.
lint-imports
python3 -m pytest
# The documentation site: every page's code also ran above (tests/docs); --strict turns any
# broken link, missing page or failed figure into an error.
NO_MKDOCS_2_WARNING=1 python3 -m mkdocs build --strict --quiet
# Fresh environments: the core alone (numpy, scipy, array-api-compat), then Python 3.10.
bash scripts/check_core.sh
bash scripts/check_py310.sh
