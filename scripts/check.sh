#!/usr/bin/env bash
# Install everything the tests need on a fresh machine, then lint, type-check and test.
# This is the README's test command and exactly what CI runs (.ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."

# torch is pinned to the CPU build that every machine here carries; an unpinned torch
# would download several GB of CUDA packages.
python3 -m pip install --quiet --disable-pip-version-check "torch==2.13.0" -e ".[test,dev]"

python3 -m ruff check .
python3 -m ruff format --check .
python3 -m mypy
python3 -m pytest
