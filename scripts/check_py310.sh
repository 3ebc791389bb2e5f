#!/usr/bin/env bash
# The Python 3.10 job: the declared minimum (requires-python = ">=3.10"). Runs the core-only
# job (scripts/check_core.sh) on a 3.10 interpreter, with numba added so that the numba
# kernels run on 3.10 too (scikit-learn 1.7, the last for 3.10, warns inside its own
# `type_of_target` on the oracle inputs, an error under filterwarnings = ["error"]). Without a 3.10
# interpreter it says so and exits 0. INFOKIT_PY310 may name the interpreter.
set -euo pipefail
cd "$(dirname "$0")/.."

is_310() {
    "$1" -c 'import sys, ensurepip; sys.exit(sys.version_info[:2] != (3, 10))' 2>/dev/null
}

interpreter=""
for candidate in "${INFOKIT_PY310:-}" "$(command -v python3.10 || true)" \
    "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.10*/bin/python3 \
    /root/.pyenv/versions/3.10*/bin/python3 /usr/local/bin/python3.10 /usr/bin/python3.10; do
    if [ -n "$candidate" ] && [ -x "$candidate" ] && is_310 "$candidate"; then
        interpreter="$candidate"
        break
    fi
done
if [ -z "$interpreter" ]; then
    echo "check_py310: skipped, no Python 3.10 interpreter with venv found (set INFOKIT_PY310)"
    exit 0
fi

INFOKIT_PYTHON="$interpreter" INFOKIT_JOB=py310 INFOKIT_EXTRAS="numba" \
    exec bash scripts/check_core.sh
