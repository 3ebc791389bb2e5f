"""Golden values of every estimator on fixed inputs, recorded across refactors.

``python -m tests.estimators.golden`` (from the repository root) writes
``tests/estimators/golden_values.json``; ``test_golden.py`` recomputes every case and
compares. The cases call only the public functions, as a user would, so the recording
survives any change of the modules behind them.
"""

from __future__ import annotations

import json
import math
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

import infokit as ik
from infokit.estimators.discrete import DISCRETE_METHODS

GOLDEN_PATH = Path(__file__).with_name("golden_values.json")

Case = Callable[[], Any]


def _labels(seed: int, n: int, k: int) -> np.ndarray[Any, Any]:
    rng = np.random.default_rng(seed)
    weights = 1.0 / np.arange(1, k + 1)
    return rng.choice(k, size=n, p=weights / weights.sum())


def _gaussian_pairs(seed: int, n: int, rho: float) -> tuple[np.ndarray[Any, Any], ...]:
    rng = np.random.default_rng(seed)
    x = rng.normal(size=n)
    y = rho * x + math.sqrt(1 - rho**2) * rng.normal(size=n)
    return x, y


def cases() -> dict[str, Case]:
    """Return the named cases: each a function of no arguments returning a result."""
    out: dict[str, Case] = {}
    labels = _labels(1, 300, 40)
    other = (labels + _labels(2, 300, 6)) % 7
    third = _labels(3, 300, 3)
    counts = np.bincount(_labels(4, 400, 60), minlength=60)
    for method in DISCRETE_METHODS:
        out[f"entropy/{method}"] = lambda m=method: ik.estimate_entropy(labels, method=m)
        out[f"entropy_K/{method}"] = lambda m=method: ik.estimate_entropy(
            labels, method=m, alphabet_size=50
        )
        out[f"entropy_ci/{method}"] = lambda m=method: ik.estimate_entropy(
            labels, method=m, ci=0.95, rng=5, n_bootstrap=100
        )
        out[f"counts/{method}"] = lambda m=method: ik.estimate_entropy_from_counts(
            counts, method=m, ci=0.9, rng=3, n_bootstrap=100
        )
        out[f"mi/{method}"] = lambda m=method: ik.estimate_mutual_information(
            labels, other, method=m, ci=0.95, rng=7, n_bootstrap=100
        )
        out[f"joint/{method}"] = lambda m=method: ik.estimate_joint_entropy(labels, other, method=m)
        out[f"conditional_entropy/{method}"] = lambda m=method: ik.estimate_conditional_entropy(
            labels, other, method=m
        )
        out[f"cmi/{method}"] = lambda m=method: ik.estimate_conditional_mutual_information(
            labels, other, third, method=m
        )
    out["entropy/auto"] = lambda: ik.estimate_entropy(labels)
    out["counts/auto"] = lambda: ik.estimate_entropy_from_counts(counts)
    out["mi/auto_discrete"] = lambda: ik.estimate_mutual_information(labels, other)
    out["strings/auto"] = lambda: ik.estimate_entropy(np.array(["a", "b", "b", "c"] * 20))

    rng = np.random.default_rng(11)
    x1 = rng.normal(size=600)
    x3 = rng.normal(size=(500, 3)) @ np.array([[1.0, 0.3, 0.0], [0.0, 1.0, 0.5], [0, 0, 1]])
    for method in ("kozachenko_leonenko", "vasicek", "ebrahimi", "gaussian", "auto"):
        out[f"differential_entropy_1d/{method}"] = lambda m=method: ik.estimate_entropy(
            x1, method=m, ci=0.95, rng=0
        )
    for method in ("kozachenko_leonenko", "gaussian", "auto"):
        out[f"differential_entropy_3d/{method}"] = lambda m=method: ik.estimate_entropy(
            x3, method=m, rng=0
        )
    out["differential_entropy/uncertainty_none"] = lambda: ik.estimate_entropy(
        x3, uncertainty="none", n_neighbors=5, metric="chebyshev", rng=0
    )
    x, y = _gaussian_pairs(12, 800, 0.6)
    for method in ("ksg", "ksg2", "gaussian_copula", "gaussian", "mixed_ksg", "auto"):
        out[f"continuous_mi/{method}"] = lambda m=method: ik.estimate_mutual_information(
            x, y, method=m, ci=0.95, rng=4
        )
    for uncertainty in ("subsampling", "block_jackknife", "local_terms", "none"):
        out[f"continuous_mi_uncertainty/{uncertainty}"] = lambda u=uncertainty: (
            ik.estimate_mutual_information(x, y, method="ksg", uncertainty=u, rng=2)
        )
    classes = (x > 0).astype(np.int64) + (x > 1)
    out["mixed_mi/ross"] = lambda: ik.estimate_mutual_information(classes, y, method="ross", rng=0)
    out["mixed_mi/auto"] = lambda: ik.estimate_mutual_information(y, classes, ci=0.9, rng=0)
    zero_inflated = np.where(x > 0.3, x, 0.0)
    out["mixed_mi/ties_auto"] = lambda: ik.estimate_mutual_information(zero_inflated, y, rng=0)
    z = 0.5 * x + rng.normal(size=800)
    w = z + rng.normal(size=800)
    for method in ("ksg", "gaussian_copula", "auto"):
        out[f"continuous_cmi/{method}"] = lambda m=method: (
            ik.estimate_conditional_mutual_information(x, w, z, method=m, rng=1)
        )
    out["continuous_cmi/discrete_z"] = lambda: ik.estimate_conditional_mutual_information(
        x, w, classes, rng=0
    )
    xp_ = rng.normal(size=(400, 2))
    xq_ = rng.normal(loc=0.5, size=(450, 2))
    for method in ("knn", "gaussian"):
        out[f"kl/{method}"] = lambda m=method: ik.estimate_kl_divergence(
            xp_, xq_, method=m, ci=0.95, rng=0
        )
    out["independence/g_test"] = lambda: ik.independence_test(labels, other, method="g_test")
    out["independence/permutation_discrete"] = lambda: ik.independence_test(
        labels, other, n_permutations=200, rng=9
    )
    xs, ys = _gaussian_pairs(13, 150, 0.2)
    out["independence/permutation_continuous"] = lambda: ik.independence_test(
        xs, ys, n_permutations=30, rng=9
    )
    # Integer columns of high cardinality: the discreteness rule changes these on purpose.
    wide = np.round(x * 1000).astype(np.int64)
    out["integer_high_cardinality/mi"] = lambda: ik.estimate_mutual_information(wide, y, rng=0)
    out["integer_high_cardinality/entropy"] = lambda: ik.estimate_entropy(wide)
    out["integer_low_cardinality/mi"] = lambda: ik.estimate_mutual_information(
        classes, np.digitize(y, [-1.0, 0.0, 1.0])
    )
    return out


def summarise(result: Any) -> dict[str, Any]:
    """Return the numbers of an `Estimate` or a test result that must not change."""
    if isinstance(result, ik.Estimate):
        return {
            "value": result.value,
            "std_error": result.std_error,
            "method": result.method,
            "ci": None if result.ci is None else list(result.ci),
        }
    return {
        "statistic": result.statistic,
        "p_value": result.p_value,
        "null_mean": result.null_mean,
        "null_std": result.null_std,
    }


def record() -> dict[str, dict[str, Any]]:
    """Compute every case, silencing the warnings some of them raise on purpose."""
    out = {}
    for name, case in cases().items():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            out[name] = summarise(case())
    return out


if __name__ == "__main__":
    GOLDEN_PATH.write_text(json.dumps(record(), indent=1, sort_keys=True) + "\n")
