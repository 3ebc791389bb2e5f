"""Speed of infokit's feature selection, side by side with scikit-learn in one run.

Run with the allocator settings of ``../shared/PERFORMANCE.md``::

    MALLOC_MMAP_MAX_=0 MALLOC_TRIM_THRESHOLD_=2147483647 \\
        python benchmarks/bench_feature_selection.py

Cases:

1. ``mutual_information_scores`` against ``sklearn.feature_selection.mutual_info_classif(X, y,
   random_state=0)`` on 100 000 rows x 50 continuous features with a binary target (the same
   estimator, Ross's): medians of interleaved rounds, their ratio, and the largest difference
   between the scores (scikit-learn's clamped at 0 and jittered by 1e-10 of a standard
   deviation; ours compared after clamping).
2. ``MutualInformationSelector`` selecting 20 of 200 features on 20 000 rows (mRMR, and JMI and
   CMIM with ``--all-strategies``), with ``make_classification`` data: ``method="auto"``
   (the Gaussian copula at this size) and, with ``--knn``, the kNN estimators.

Results go to ``benchmarks/results/bench_feature_selection.json``.
"""

# ruff: noqa: N806  (X is the feature matrix, as in scikit-learn)

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.datasets import make_classification
from sklearn.feature_selection import mutual_info_classif

from infokit.feature_selection import MutualInformationSelector, mutual_information_scores


def _time(function: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = function()
    return time.perf_counter() - start, result


def scores_case(n_samples: int, n_features: int, rounds: int) -> dict[str, Any]:
    """Case 1: per-feature MI against a binary target."""
    rng = np.random.default_rng(0)
    y = rng.integers(0, 2, size=n_samples)
    X = rng.normal(size=(n_samples, n_features))
    # a range of dependence strengths, from none to strong
    X += np.linspace(0, 2, n_features)[None, :] * y[:, None]
    ours_times: list[float] = []
    theirs_times: list[float] = []
    ours: Any = None
    theirs: Any = None
    mutual_information_scores(X[:2000], y[:2000])  # warm-up (imports, thread pool)
    for _ in range(rounds):  # interleaved, so that load drifts hit both alike
        seconds, ours = _time(lambda: mutual_information_scores(X, y))
        ours_times.append(seconds)
        seconds, theirs = _time(lambda: mutual_info_classif(X, y, random_state=0))
        theirs_times.append(seconds)
    ours_median = statistics.median(ours_times)
    theirs_median = statistics.median(theirs_times)
    difference = float(np.max(np.abs(np.maximum(ours.values, 0) - theirs)))
    print(
        f"scores {n_samples} x {n_features}: infokit {ours_median:.3f} s, scikit-learn "
        f"{theirs_median:.3f} s, ratio {theirs_median / ours_median:.1f}x; "
        f"max |difference| {difference:.2e} nats"
    )
    return {
        "n_samples": n_samples,
        "n_features": n_features,
        "infokit_seconds": ours_times,
        "sklearn_seconds": theirs_times,
        "infokit_median": ours_median,
        "sklearn_median": theirs_median,
        "speedup": theirs_median / ours_median,
        "max_abs_difference_nats": difference,
    }


def selector_case(
    n_samples: int,
    n_features: int,
    n_select: int,
    strategies: list[str],
    rounds: int,
    methods: list[str],
) -> dict[str, Any]:
    """Case 2: greedy selection of `n_select` of `n_features` features."""
    X, y = make_classification(
        n_samples=n_samples,
        n_features=n_features,
        n_informative=10,
        n_redundant=10,
        random_state=0,
    )
    results: dict[str, Any] = {}
    for method in methods:
        for strategy in strategies:
            times = []
            fitted: Any = None
            for _ in range(rounds):
                selector = MutualInformationSelector(n_select, strategy=strategy, method=method)  # type: ignore[arg-type]
                seconds, fitted = _time(lambda selector=selector: selector.fit(X, y))
                times.append(seconds)
            median = statistics.median(times)
            print(
                f"{strategy} (method={method!r} -> {fitted.method_}): {n_select} of {n_features} "
                f"on {n_samples} rows: {median:.2f} s"
            )
            results[f"{strategy}/{method}"] = {
                "seconds": times,
                "median": median,
                "method_used": fitted.method_,
                "selected": fitted.selected_features_.tolist(),
            }
    return {"n_samples": n_samples, "n_features": n_features, "n_select": n_select, **results}


def main() -> None:
    """Run the cases and write the JSON results."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="smaller sizes, one round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--all-strategies", action="store_true")
    parser.add_argument(
        "--knn", action="store_true", help="also time method='knn' (slow: about a minute)"
    )
    args = parser.parse_args()
    rounds = 1 if args.quick else args.rounds
    scale = 10 if args.quick else 1
    strategies = ["mrmr", "jmi", "cmim"] if args.all_strategies else ["mrmr"]
    print(f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores")
    report = {
        "scores": scores_case(100_000 // scale, 50, rounds),
        "selector": selector_case(
            20_000 // scale,
            200,
            20,
            strategies,
            max(1, rounds // 2),
            ["auto", "knn"] if args.knn else ["auto"],
        ),
        "environment": {"cores": os.cpu_count(), "python": platform.python_version()},
    }
    out = Path(__file__).parent / "results" / "bench_feature_selection.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(report, indent=2))
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
