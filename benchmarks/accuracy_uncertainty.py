"""Coverage of the default 95% intervals of the continuous estimators, public calls only.

Run from the repository root::

    python benchmarks/accuracy_uncertainty.py            # about 10 minutes on 2 cores
    python benchmarks/accuracy_uncertainty.py --quick    # a quarter of the repetitions

Each setting draws seeded samples, calls ``estimate_mutual_information(x, y, ci=0.95)`` or
``estimate_entropy(x, ci=0.95)`` with every other option at its default (the error bar is
the one a user gets, see ``infokit.estimators.continuous.uncertainty`` for its plan by
sample size), and reports over the repetitions:

- ``coverage``: the fraction of intervals that contain the true value;
- ``coverage of the mean``: the fraction that contain the mean of the estimates, i.e. the
  calibration of the standard error whatever the estimator's bias (KSG in 5+5 dimensions is
  biased by about -0.33 nats at N = 1000, which no error bar can cover);
- ``se / sd``: the mean reported standard error over the spread of the estimates (1 is
  right; the spread of R values is itself known to about ``1 / sqrt(2 R)``);
- the mean width of the interval.

Settings: bivariate Gaussians at rho = 0.3, 0.6, 0.9 and N = 1000, 10^4 (200 repetitions);
5+5-dimensional Gaussians with per-coordinate correlation 0.6 at N = 1000 (200) and 10^4
(50); the cheaper plans above 20 000 samples: KSG at rho = 0.3, N = 5 * 10^4 (100) and
4 * 10^5 (30), Kozachenko–Leonenko entropy of a 5-D Gaussian at N = 5 * 10^4 (100). The
figures go to ``benchmarks/results/accuracy_uncertainty.json``.
"""

from __future__ import annotations

import argparse
import json
import math
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

import infokit

RESULTS_PATH = Path(__file__).resolve().parent / "results" / "accuracy_uncertainty.json"
Draw = Callable[[np.random.Generator], tuple[np.ndarray, ...]]


def gaussians(rho: float, n: int, dimension: int = 1) -> tuple[Draw, float]:
    """Pairs with correlation `rho` in each of `dimension` coordinates, and their MI."""

    def draw(rng: np.random.Generator) -> tuple[np.ndarray, ...]:
        x = rng.standard_normal((n, dimension))
        return x, rho * x + math.sqrt(1 - rho**2) * rng.standard_normal((n, dimension))

    return draw, -0.5 * dimension * math.log(1 - rho**2)


def gaussian_cloud(n: int, dimension: int) -> tuple[Draw, float]:
    """Standard Gaussian samples and their differential entropy (nats)."""

    def draw(rng: np.random.Generator) -> tuple[np.ndarray, ...]:
        return (rng.standard_normal((n, dimension)),)

    return draw, 0.5 * dimension * math.log(2 * math.pi * math.e)


def measure(name: str, draw: Draw, truth: float, reps: int) -> dict[str, Any]:
    start = time.perf_counter()
    values, errors, lows, highs = [], [], [], []
    for rep in range(reps):
        samples = draw(np.random.default_rng([17, rep]))
        if len(samples) == 2:
            estimate = infokit.estimate_mutual_information(*samples, ci=0.95, rng=rep)
        else:
            estimate = infokit.estimate_entropy(samples[0], ci=0.95, rng=rep)
        assert estimate.ci is not None
        values.append(estimate.value)
        errors.append(estimate.std_error)
        lows.append(estimate.ci[0])
        highs.append(estimate.ci[1])
    value, low, high = np.array(values), np.array(lows), np.array(highs)
    mean = float(value.mean())
    row = {
        "reps": reps,
        "truth": truth,
        "mean": mean,
        "bias": mean - truth,
        "sd": float(value.std(ddof=1)),
        "coverage": float(np.mean((low <= truth) & (truth <= high))),
        "coverage_of_mean": float(np.mean((low <= mean) & (mean <= high))),
        "se_over_sd": float(np.mean(errors) / value.std(ddof=1)),
        "mean_width": float(np.mean(high - low)),
        "uncertainty": estimate.details.get("uncertainty"),
        "n_subsamples": estimate.details.get("n_subsamples"),
        "subsample_fraction": estimate.details.get("subsample_fraction"),
        "seconds": time.perf_counter() - start,
    }
    print(
        f"{name:<44}{row['coverage']:>8.1%}{row['coverage_of_mean']:>9.1%}"
        f"{row['se_over_sd']:>8.2f}{row['bias']:>+9.4f}{row['mean_width']:>9.4f}"
        f"  {row['n_subsamples']} x {row['subsample_fraction']:.3g}",
        flush=True,
    )
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="a quarter of the repetitions")
    args = parser.parse_args()
    share = 4 if args.quick else 1
    settings: list[tuple[str, tuple[Draw, float], int]] = []
    for n in (1000, 10_000):
        for rho in (0.3, 0.6, 0.9):
            settings.append((f"MI 1+1, rho={rho}, N={n}", gaussians(rho, n), 200))
    settings.append(("MI 5+5, rho=0.6, N=1000", gaussians(0.6, 1000, 5), 200))
    settings.append(("MI 5+5, rho=0.6, N=10000", gaussians(0.6, 10_000, 5), 50))
    settings.append(("MI 1+1, rho=0.3, N=50000", gaussians(0.3, 50_000), 100))
    settings.append(("MI 1+1, rho=0.3, N=400000", gaussians(0.3, 400_000), 30))
    settings.append(("entropy 5-D, N=1000", gaussian_cloud(1000, 5), 200))
    settings.append(("entropy 5-D, N=50000", gaussian_cloud(50_000, 5), 100))
    print(
        f"{'setting (default error bar, 95% interval)':<44}{'cover':>8}{'of mean':>9}"
        f"{'se/sd':>8}{'bias':>9}{'width':>9}  plan"
    )
    results = {
        name: measure(name, draw, truth, max(8, reps // share))
        for name, (draw, truth), reps in settings
    }
    RESULTS_PATH.write_text(
        json.dumps({"infokit": infokit.__version__, "results": results}, indent=2) + "\n",
        encoding="utf-8",
    )
    print(f"\nwrote {RESULTS_PATH}")


if __name__ == "__main__":
    main()
