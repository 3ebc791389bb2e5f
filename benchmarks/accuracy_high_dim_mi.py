"""Mutual information between two 5-D variables: which existing method is least biased.

X ~ N(0, I_5) and Y_i = rho X_i + sqrt(1 - rho^2) E_i (rho = 0.6, coordinate pairs
independent), so I(X; Y) = -(5/2) log(1 - rho^2) = 1.116 nats. Three structures with that
same truth, since bijections of each coordinate keep the mutual information:

* ``gaussian``: the samples as drawn;
* ``monotone``: every coordinate of X cubed and every coordinate of Y through exp;
* ``non_monotone``: every coordinate reflected on (-1, 1) (v -> -v there), a bijection that
  is not monotone, so ranks no longer follow a Gaussian copula.

``estimate_mutual_information`` with ``ksg``, ``ksg2``, ``gaussian_copula`` and ``gaussian``
(``uncertainty="none"``: the error bars do not change the value) and NPEET's ``mi``
(``npeet_plus``, k = 3, skipped if not installed) see the same samples; the table gives
mean bias and RMSE in nats.

Run: ``python benchmarks/accuracy_high_dim_mi.py [--seeds 50] [--quick]``; results go to
``benchmarks/results/accuracy_high_dim_mi.json``.
"""

from __future__ import annotations

import argparse
import json
import math
import time
import warnings
from pathlib import Path
from typing import Any

import numpy as np

from infokit import estimate_mutual_information

warnings.simplefilter("ignore")

RESULTS = Path(__file__).parent / "results" / "accuracy_high_dim_mi.json"
RHO = 0.6
DIMENSION = 5
TRUTH = -DIMENSION / 2 * math.log(1 - RHO**2)
METHODS = ("ksg", "ksg2", "gaussian_copula", "gaussian")

try:
    from npeet_plus import estimators as npeet
except ImportError:  # pragma: no cover - the peer is optional
    npeet = None


def _reflect(values: np.ndarray) -> np.ndarray:
    return np.where(np.abs(values) < 1, -values, values)


def _draw(structure: str, n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    x = rng.normal(size=(n, DIMENSION))
    y = RHO * x + math.sqrt(1 - RHO**2) * rng.normal(size=(n, DIMENSION))
    if structure == "monotone":
        return x**3, np.exp(y)
    if structure == "non_monotone":
        return _reflect(x), _reflect(y)
    return x, y


def run(settings: list[tuple[str, int, int]]) -> list[dict[str, Any]]:
    rows = []
    for structure, n, seeds in settings:
        errors: dict[str, list[float]] = {}
        start = time.perf_counter()
        for seed in range(seeds):
            x, y = _draw(structure, n, np.random.default_rng(seed))
            for method in METHODS:
                value = estimate_mutual_information(x, y, method=method, uncertainty="none")
                errors.setdefault(method, []).append(value.value - TRUTH)
            if npeet is not None:
                value = float(npeet.mi(x, y, k=3, base=math.e))
                errors.setdefault("npeet_k3", []).append(value - TRUTH)
        row: dict[str, Any] = {"structure": structure, "n": n, "seeds": seeds, "truth": TRUTH}
        for name, values in errors.items():
            e = np.asarray(values)
            row[name] = {"bias": float(e.mean()), "rmse": float(np.sqrt(np.mean(e**2)))}
        row["seconds"] = time.perf_counter() - start
        rows.append(row)
        cells = [f"{structure:12s} N={n:5d} s={seeds:2d}"]
        cells += [f"{k} {v['bias']:+.3f}/{v['rmse']:.3f}" for k, v in row.items() if k in errors]
        print(" | ".join(cells), flush=True)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seeds", type=int, default=50)
    parser.add_argument("--quick", action="store_true", help="5 seeds, N = 1000 only")
    args = parser.parse_args()
    if args.quick:
        settings = [(s, 1000, 5) for s in ("gaussian", "monotone", "non_monotone")]
    else:
        # 20 seeds at N = 10^4 to bound the run time
        settings = [
            (s, n, args.seeds if n == 1000 else min(args.seeds, 20))
            for n in (1000, 10_000)
            for s in ("gaussian", "monotone", "non_monotone")
        ]
    print(f"bias/RMSE in nats; truth {TRUTH:.4f} nats")
    rows = run(settings)
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps({"rows": rows}, indent=2) + "\n")


if __name__ == "__main__":
    main()
