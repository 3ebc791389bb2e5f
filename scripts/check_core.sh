#!/usr/bin/env bash
# The core-only job: infokit in a fresh virtual environment with nothing but its three
# required dependencies (numpy, scipy, array-api-compat), pytest and hypothesis. It fails
# when a core module starts importing an optional dependency at import time, or when a test
# needs one without `pytest.importorskip`. Run by scripts/check.sh after the main suite.
#
# scripts/check_py310.sh runs this same job on Python 3.10 through these variables:
#   INFOKIT_PYTHON  the interpreter that makes the environment (default: python3)
#   INFOKIT_JOB     the job's name in its messages (default: core)
#   INFOKIT_EXTRAS  more packages to install, space-separated (default: none)
set -euo pipefail
cd "$(dirname "$0")/.."

python="${INFOKIT_PYTHON:-python3}"
job="${INFOKIT_JOB:-core}"
read -r -a extras <<<"${INFOKIT_EXTRAS:-}"
start=$SECONDS

venv="$(mktemp -d "${TMPDIR:-/tmp}/infokit-$job.XXXXXX")"
trap 'rm -rf "$venv"' EXIT
"$python" -m venv "$venv"
py="$venv/bin/python"
unset PYTHONPATH  # only what is installed in the environment

pip=("$py" -m pip install --quiet --disable-pip-version-check)
"${pip[@]}" numpy scipy array-api-compat pytest hypothesis ${extras[@]+"${extras[@]}"}
"${pip[@]}" --no-deps -e .
# infokit's own requirements must be met by the three above: a new core dependency fails here.
"$py" -m pip check
echo "check_$job: $("$py" --version), environment ready in $((SECONDS - start)) s"

# Importing the core must not need any extra (the tests below skip what needs one).
"$py" -c "import infokit, infokit.measures, infokit.estimators, infokit.distributions, \
infokit.losses, infokit.splits, infokit.feature_selection, infokit.cli, infokit.__main__, \
infokit.bounds, infokit.estimators.neural"
"$py" -m infokit tour >/dev/null  # the tour of the measures (needs no extra)

# The subsystems built on an extra throughout (dataframes, figures, reports, the command
# line); their entry points without it are checked by tests/test_optional_dependencies.py.
# Doctests: every module but those whose examples use an extra.
ignored=(
    src/infokit/bounds/critics.py
    tests/plots
    tests/profiling
    tests/report
    tests/test_cli.py
    tests/test_cli_behaviour.py
    src/infokit/data
    src/infokit/feature_selection/selector.py
    src/infokit/plots
    src/infokit/profiling
    src/infokit/report
)
# A doctest whose example uses scikit-learn, where it is not installed (tests skip by
# themselves with `pytest.importorskip`).
deselected=()
if ! "$py" -c "import sklearn" 2>/dev/null; then
    deselected=(
        src/infokit/feature_selection/scores.py::infokit.feature_selection.scores.mutual_information_scores
    )
fi
"$py" -m pytest -p no:cacheprovider -q "${ignored[@]/#/--ignore=}" \
    ${deselected[@]+"${deselected[@]/#/--deselect=}"} tests src/infokit
echo "check_$job: passed in $((SECONDS - start)) s"
