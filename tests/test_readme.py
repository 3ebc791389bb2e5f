"""The README's Python examples run and say what they claim."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[1] / "README.md"


def _python_blocks() -> list[str]:
    return re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), flags=re.S)


def test_readme_has_exactly_two_setup_commands() -> None:
    blocks = re.findall(r"```bash\n(.*?)```", README.read_text(encoding="utf-8"), flags=re.S)
    assert [block.strip() for block in blocks] == [
        "python3 -m pip install -e . && python3 -m infokit",
        "bash scripts/check.sh",
    ]


def test_tour_runs_and_its_comments_are_true() -> None:
    pytest.importorskip("torch")
    (tour,) = _python_blocks()
    namespace: dict[str, object] = {}
    exec(compile(tour, str(README), "exec"), namespace)  # our own README
    ik = namespace["ik"]
    assert round(float(ik.entropy([0.5, 0.1, 0.1, 0.1, 0.1, 0.1], base=2)), 3) == 2.161
    assert round(float(ik.entropy([0.9, 0.1])), 3) == 0.325
    assert round(float(ik.kl_divergence([0.5, 0.3, 0.2], [0.4, 0.4, 0.2])), 6) == 0.025267
    assert round(float(ik.kl_divergence([0.4, 0.4, 0.2], [0.5, 0.3, 0.2])), 6) == 0.025815
    assert namespace["logits"].grad is not None
