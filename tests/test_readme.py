"""The README's Python examples run and say what they claim."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[1] / "README.md"


def _python_blocks() -> list[str]:
    return re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), flags=re.S)


def test_readme_has_exactly_two_setup_commands() -> None:
    blocks = re.findall(r"```bash\n(.*?)```", README.read_text(encoding="utf-8"), flags=re.S)
    assert [block.strip() for block in blocks] == [
        'python3 -m pip install -e ".[cli]" && infokit profile --demo',
        "bash scripts/check.sh",
    ]


def test_tour_runs_and_its_comments_are_true() -> None:
    pytest.importorskip("torch")
    tour = _python_blocks()[0]
    namespace: dict[str, object] = {}
    exec(compile(tour, str(README), "exec"), namespace)  # our own README
    ik = namespace["ik"]
    assert round(float(ik.entropy([0.5, 0.1, 0.1, 0.1, 0.1, 0.1], base=2)), 3) == 2.161
    assert round(float(ik.entropy([0.9, 0.1])), 3) == 0.325
    assert round(float(ik.kl_divergence([0.5, 0.3, 0.2], [0.4, 0.4, 0.2])), 6) == 0.025267
    assert round(float(ik.kl_divergence([0.4, 0.4, 0.2], [0.5, 0.3, 0.2])), 6) == 0.025815
    assert namespace["logits"].grad is not None


def test_distributions_example_runs_and_is_true() -> None:
    block = next(b for b in _python_blocks() if "import distributions as D" in b)
    namespace: dict[str, object] = {}
    exec(compile(block, str(README), "exec"), namespace)
    D = namespace["D"]
    assert float(D.entropy(D.Uniform(0.0, 0.1))) == pytest.approx(-math.log(10), rel=1e-14)
    kl = float(D.kl_divergence(D.Normal(0.0, 1.0), D.Normal(1.0, 2.0)))
    assert kl == pytest.approx(math.log(2) + (1 + 1) / 8 - 0.5, rel=1e-14)
    estimate = D.kl_divergence(D.StudentT(3.0), D.StudentT(5.0))
    assert estimate.method == "quadrature"
    assert estimate.std_error < 1e-8


def test_losses_example_matches_torch() -> None:
    torch = pytest.importorskip("torch")
    block = next(b for b in _python_blocks() if "infokit.losses" in b)
    generator = torch.Generator().manual_seed(0)
    namespace: dict[str, object] = {
        "logits": torch.randn(8, 5, generator=generator),
        "labels": torch.tensor([0, 1, 2, 3, 4, -100, 1, 2]),
        "student_logits": torch.randn(8, 5, generator=generator),
        "teacher_logits": torch.randn(8, 5, generator=generator),
        "mean": torch.randn(8, 3, generator=generator),
        "log_variance": torch.randn(8, 3, generator=generator),
    }
    exec(compile(block, str(README), "exec"), namespace)
    loss = namespace["cross_entropy_loss"](
        namespace["logits"], namespace["labels"], label_smoothing=0.1, ignore_index=-100
    )
    expected = torch.nn.functional.cross_entropy(
        namespace["logits"], namespace["labels"], label_smoothing=0.1, ignore_index=-100
    )
    torch.testing.assert_close(loss, expected)


def test_estimates_example_runs_and_is_close_to_the_truth() -> None:
    block = next(b for b in _python_blocks() if "estimate_mutual_information" in b)
    namespace: dict[str, object] = {}
    exec(compile(block, str(README), "exec"), namespace)
    ik, x, y = namespace["ik"], namespace["x"], namespace["y"]
    estimate = ik.estimate_mutual_information(x, y)
    assert estimate.method == "ksg"
    assert abs(estimate.value - 0.5 * math.log(2)) < 4 * estimate.std_error
