"""Accuracy of infokit's continuous estimators against closed-form truths, beside the peers.

Every setting draws seeded samples, runs infokit and the peers (scikit-learn, NPEET as
``npeet_plus``, infomeasure -- each skipped if not installed) on the *same* samples, and
reports bias, standard deviation and RMSE against the truth. Then it measures the coverage
of infokit's 95% confidence intervals (block jackknife) on bivariate Gaussians with rho = 0.6,
N = 1000 over 200 seeded repetitions.

Run: ``python benchmarks/accuracy_continuous.py [--quick]``; results go to
``benchmarks/results/accuracy_continuous.json``.
"""

from __future__ import annotations

import argparse
import json
import math
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from scipy import stats

from infokit import estimate_entropy, estimate_kl_divergence, estimate_mutual_information

warnings.simplefilter("ignore")  # ties warnings etc. are not what is measured here

RESULTS = Path(__file__).parent / "results" / "accuracy_continuous.json"


def _optional(name: str) -> Any:
    try:
        return __import__(name, fromlist=["_"])
    except ImportError:
        return None


npeet = _optional("npeet_plus.estimators")
infomeasure = _optional("infomeasure")
sklearn_fs = _optional("sklearn.feature_selection")

Estimator = Callable[..., float]


def summarise(values: list[float], truth: float) -> dict[str, float]:
    array = np.asarray(values, dtype=float)
    error = array - truth
    return {
        "mean": float(array.mean()),
        "bias": float(error.mean()),
        "std": float(array.std(ddof=1)) if array.size > 1 else 0.0,
        "rmse": float(np.sqrt(np.mean(error**2))),
        "n_reps": int(array.size),
    }


def run_setting(
    name: str,
    truth: float,
    draw: Callable[[np.random.Generator], tuple[Any, ...]],
    estimators: dict[str, Estimator],
    reps: int,
    seed: int,
) -> dict[str, Any]:
    values: dict[str, list[float]] = {key: [] for key in estimators}
    seconds: dict[str, float] = dict.fromkeys(estimators, 0.0)
    for rep in range(reps):
        sample = draw(np.random.default_rng([seed, rep]))
        for key, estimator in estimators.items():
            start = time.perf_counter()
            values[key].append(float(estimator(*sample, rep)))
            seconds[key] += time.perf_counter() - start
    rows = {key: summarise(vals, truth) | {"seconds": seconds[key]} for key, vals in values.items()}
    best = min(rows, key=lambda key: rows[key]["rmse"])
    print(f"\n{name}   truth = {truth:.4f}   ({reps} reps)")
    print(f"  {'estimator':<28}{'bias':>9}{'std':>9}{'rmse':>9}{'s/rep':>9}")
    for key, row in rows.items():
        mark = "  <- best" if key == best else ""
        per_rep = row["seconds"] / reps
        print(
            f"  {key:<28}{row['bias']:>9.4f}{row['std']:>9.4f}{row['rmse']:>9.4f}"
            f"{per_rep:>9.4f}{mark}"
        )
    return {"setting": name, "truth": truth, "results": rows}


# ---- mutual information of Gaussians --------------------------------------------------------


def mi_estimators(multivariate: bool = False) -> dict[str, Estimator]:
    estimators: dict[str, Estimator] = {
        "infokit ksg": lambda x, y, rep: estimate_mutual_information(x, y, method="ksg").value,
        "infokit ksg2": lambda x, y, rep: estimate_mutual_information(x, y, method="ksg2").value,
        "infokit gaussian_copula": lambda x, y, rep: (
            estimate_mutual_information(x, y, method="gaussian_copula").value
        ),
    }
    if sklearn_fs is not None and not multivariate:
        estimators["scikit-learn ksg"] = lambda x, y, rep: sklearn_fs.mutual_info_regression(
            x.reshape(-1, 1), y, n_neighbors=3, random_state=rep
        )[0]
    if npeet is not None:
        estimators["npeet ksg"] = lambda x, y, rep: npeet.mi(
            x.reshape(len(x), -1), y.reshape(len(y), -1), k=3, base=math.e
        )
    if infomeasure is not None:
        estimators["infomeasure ksg"] = lambda x, y, rep: infomeasure.mutual_information(
            x, y, approach="ksg", k=3
        )
        estimators["infomeasure ksg2"] = lambda x, y, rep: infomeasure.mutual_information(
            x, y, approach="ksg", k=3, ksg_id=2
        )
    return estimators


def bivariate(rho: float, n: int) -> Callable[[np.random.Generator], tuple[Any, ...]]:
    def draw(rng: np.random.Generator) -> tuple[Any, ...]:
        x = rng.normal(size=n)
        return x, rho * x + math.sqrt(1 - rho**2) * rng.normal(size=n)

    return draw


def multivariate(rho: float, n: int, d: int) -> Callable[[np.random.Generator], tuple[Any, ...]]:
    def draw(rng: np.random.Generator) -> tuple[Any, ...]:
        x = rng.normal(size=(n, d))
        return x, rho * x + math.sqrt(1 - rho**2) * rng.normal(size=(n, d))

    return draw


# ---- entropy, KL, mixed ---------------------------------------------------------------------


def entropy_estimators() -> dict[str, Estimator]:
    estimators: dict[str, Estimator] = {
        f"infokit {method}": (lambda m: lambda x, rep: estimate_entropy(x, method=m).value)(method)
        for method in ("auto", "vasicek", "ebrahimi", "kozachenko_leonenko", "gaussian")
    }
    estimators["scipy van es"] = lambda x, rep: stats.differential_entropy(x, method="van es")
    estimators["scipy correa"] = lambda x, rep: stats.differential_entropy(x, method="correa")
    if npeet is not None:
        estimators["npeet kl"] = lambda x, rep: npeet.entropy(x.reshape(-1, 1), k=3, base=math.e)
    if infomeasure is not None:
        estimators["infomeasure kl"] = lambda x, rep: infomeasure.entropy(
            x, approach="metric", k=3, minkowski_p=2
        )
    return estimators


ENTROPY_CASES: dict[str, tuple[float, Callable[[np.random.Generator, int], Any]]] = {
    "normal": (0.5 * math.log(2 * math.pi * math.e), lambda rng, n: rng.normal(size=n)),
    "uniform": (0.0, lambda rng, n: rng.uniform(size=n)),
    "exponential": (1.0, lambda rng, n: rng.exponential(size=n)),
}


def kl_estimators() -> dict[str, Estimator]:
    estimators: dict[str, Estimator] = {
        "infokit knn": lambda p, q, rep: estimate_kl_divergence(p, q).value,
        "infokit gaussian": lambda p, q, rep: estimate_kl_divergence(p, q, method="gaussian").value,
    }
    if npeet is not None:
        estimators["npeet kldiv"] = lambda p, q, rep: npeet.kldiv(p, q, k=1, base=math.e)
    return estimators


def gaussian_kl_truth(d: int, shift: float, scale: float) -> float:
    """KL(N(0, I) || N(shift, scale^2 I)) in d dimensions."""
    return d * (math.log(scale) + (1 + shift**2) / (2 * scale**2) - 0.5)


def mixed_estimators() -> dict[str, Estimator]:
    estimators: dict[str, Estimator] = {
        "infokit auto (ross)": lambda x, y, rep: estimate_mutual_information(x, y).value,
        "infokit mixed_ksg": lambda x, y, rep: (
            estimate_mutual_information(x.astype(float), y, method="mixed_ksg").value
        ),
    }
    if sklearn_fs is not None:
        estimators["scikit-learn ross"] = lambda x, y, rep: sklearn_fs.mutual_info_classif(
            y.reshape(-1, 1), x, n_neighbors=3, random_state=rep
        )[0]
    if npeet is not None:
        estimators["npeet micd"] = lambda x, y, rep: npeet.micd(
            y.reshape(-1, 1), x.reshape(-1, 1), k=3, base=math.e, warning=False
        )
    return estimators


def gao_uniform(n: int, m: int = 5) -> Callable[[np.random.Generator], tuple[Any, ...]]:
    """Gao et al. (2017): X ~ U{0..m-1}, Y | X ~ U[X, X + 2]."""

    def draw(rng: np.random.Generator) -> tuple[Any, ...]:
        x = rng.integers(0, m, size=n)
        return x, x + 2.0 * rng.random(n)

    return draw


def bernoulli_shift(n: int) -> Callable[[np.random.Generator], tuple[Any, ...]]:
    """X ~ Bernoulli(1/2), Y | X ~ N(2 X, 1)."""

    def draw(rng: np.random.Generator) -> tuple[Any, ...]:
        x = rng.integers(0, 2, size=n)
        return x, 2.0 * x + rng.normal(size=n)

    return draw


def bernoulli_shift_truth() -> float:
    grid = np.linspace(-9, 11, 400001)
    density = 0.5 * (stats.norm.pdf(grid) + stats.norm.pdf(grid, loc=2.0))
    entropy_y = -np.trapezoid(density * np.log(density), grid)
    return float(entropy_y - 0.5 * math.log(2 * math.pi * math.e))


def gao_mixture(n: int, rho: float = 0.9) -> Callable[[np.random.Generator], tuple[Any, ...]]:
    """Gao et al. (2017): half bivariate Gaussian, half atoms at (+-1, +-1)."""

    def draw(rng: np.random.Generator) -> tuple[Any, ...]:
        continuous = rng.random(n) < 0.5
        x = rng.normal(size=n)
        y = rho * x + math.sqrt(1 - rho**2) * rng.normal(size=n)
        atom = rng.choice(4, size=n, p=[0.45, 0.45, 0.05, 0.05])
        atom_x = np.array([1.0, -1.0, 1.0, -1.0])[atom]
        atom_y = np.array([1.0, -1.0, -1.0, 1.0])[atom]
        return np.where(continuous, x, atom_x), np.where(continuous, y, atom_y)

    return draw


def gao_mixture_truth(rho: float = 0.9) -> float:
    """I = H(component) + 1/2 I(Gaussian) + 1/2 I(atoms): the component is seen in X and Y."""
    atoms = 0.9 * math.log(0.45 / 0.25) + 0.1 * math.log(0.05 / 0.25)
    return math.log(2) + 0.5 * (-0.5 * math.log(1 - rho**2)) + 0.5 * atoms


def mixture_estimators() -> dict[str, Estimator]:
    estimators: dict[str, Estimator] = {
        "infokit auto (mixed_ksg)": lambda x, y, rep: estimate_mutual_information(x, y).value,
        "infokit ksg (jittered)": lambda x, y, rep: (
            estimate_mutual_information(x, y, method="ksg").value
        ),
        "infokit gaussian_copula": lambda x, y, rep: (
            estimate_mutual_information(x, y, method="gaussian_copula").value
        ),
    }
    if sklearn_fs is not None:
        estimators["scikit-learn ksg"] = lambda x, y, rep: sklearn_fs.mutual_info_regression(
            x.reshape(-1, 1), y, n_neighbors=3, random_state=rep
        )[0]
    if npeet is not None:
        estimators["npeet ksg"] = lambda x, y, rep: npeet.mi(
            x.reshape(-1, 1), y.reshape(-1, 1), k=3, base=math.e
        )
    return estimators


# ---- coverage -------------------------------------------------------------------------------


def coverage(reps: int) -> dict[str, Any]:
    rho, n = 0.6, 1000
    truth = -0.5 * math.log(1 - rho**2)
    mixed_truth = bernoulli_shift_truth()
    configs: dict[str, tuple[Callable[..., tuple[Any, ...]], float, dict[str, Any]]] = {
        "ksg auto (subsampling)": (bivariate(rho, n), truth, {"method": "ksg"}),
        "ksg block_jackknife": (
            bivariate(rho, n),
            truth,
            {"method": "ksg", "uncertainty": "block_jackknife"},
        ),
        "ksg local_terms": (
            bivariate(rho, n),
            truth,
            {"method": "ksg", "uncertainty": "local_terms"},
        ),
        "gaussian_copula auto (block_jackknife)": (
            bivariate(rho, n),
            truth,
            {"method": "gaussian_copula"},
        ),
        "ross auto (subsampling), Bernoulli mixture": (bernoulli_shift(n), mixed_truth, {}),
    }
    covered: dict[str, int] = dict.fromkeys(configs, 0)
    widths: dict[str, list[float]] = {key: [] for key in configs}
    for rep in range(reps):
        for key, (draw, target, options) in configs.items():
            x, y = draw(np.random.default_rng([7, rep]))
            estimate = estimate_mutual_information(x, y, ci=0.95, rng=rep, **options)
            assert estimate.ci is not None
            low, high = estimate.ci
            covered[key] += int(low <= target <= high)
            widths[key].append(high - low)
    print(
        f"\nCoverage of 95% intervals, N = {n}, {reps} seeded repetitions (bivariate: rho = {rho})"
    )
    result = {}
    for key in configs:
        fraction = covered[key] / reps
        print(f"  {key:<44}{fraction:>7.1%}   mean width {np.mean(widths[key]):.4f}")
        result[key] = {"coverage": fraction, "mean_width": float(np.mean(widths[key]))}
    return {"rho": rho, "n": n, "reps": reps, "truth": truth, "results": result}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    parser.add_argument("--coverage-only", action="store_true", help="only the CI coverage")
    args = parser.parse_args()
    if args.coverage_only:
        coverage(200 if not args.quick else 50)
        return
    scale = 0.2 if args.quick else 1.0

    def reps_for(n: int) -> int:
        base = {100: 100, 1000: 100, 10000: 20}[n]
        return max(3, int(base * scale))

    report: dict[str, Any] = {"bivariate_gaussian_mi": [], "entropy_1d": [], "kl": [], "mixed": []}
    start = time.perf_counter()
    for n in (100, 1000, 10000):
        for rho in (0.0, 0.3, 0.6, 0.9, 0.99):
            truth = -0.5 * math.log(1 - rho**2)
            row = run_setting(
                f"MI bivariate Gaussian rho={rho} N={n}",
                truth,
                bivariate(rho, n),
                mi_estimators(),
                reps_for(n),
                seed=int(rho * 100) + n,
            )
            report["bivariate_gaussian_mi"].append(row | {"rho": rho, "n": n})
    truth_5 = -2.5 * math.log(1 - 0.6**2)
    report["gaussian_5_5"] = run_setting(
        "MI 5+5-dimensional Gaussian rho=0.6 per pair N=1000",
        truth_5,
        multivariate(0.6, 1000, 5),
        mi_estimators(multivariate=True),
        reps_for(1000) // 2,
        seed=5,
    )
    for name, (truth, sampler) in ENTROPY_CASES.items():
        for n in (100, 1000, 10000):
            row = run_setting(
                f"Entropy 1-D {name} N={n}",
                truth,
                (lambda s, size: lambda rng: (s(rng, size),))(sampler, n),
                entropy_estimators(),
                reps_for(n),
                seed=n,
            )
            report["entropy_1d"].append(row | {"distribution": name, "n": n})
    for d in (1, 3):
        truth = gaussian_kl_truth(d, 0.5, 1.5)
        for n in (1000, 10000):

            def draw(rng: np.random.Generator, d: int = d, n: int = n) -> tuple[Any, ...]:
                return rng.normal(size=(n, d)), 0.5 + 1.5 * rng.normal(size=(n, d))

            row = run_setting(
                f"KL N(0,I) || N(0.5, 1.5^2 I) d={d} N={n}",
                truth,
                draw,
                kl_estimators(),
                reps_for(n),
                seed=d,
            )
            report["kl"].append(row | {"d": d, "n": n})
    for n in (100, 1000):
        gao_truth = math.log(5) - 4 * math.log(2) / 5
        report["mixed"].append(
            run_setting(
                f"Mixed: Gao X~U{{0..4}}, Y~U[X,X+2] N={n}",
                gao_truth,
                gao_uniform(n),
                mixed_estimators(),
                reps_for(n),
                seed=11,
            )
            | {"n": n}
        )
        report["mixed"].append(
            run_setting(
                f"Mixed: X~Bern(1/2), Y~N(2X,1) N={n}",
                bernoulli_shift_truth(),
                bernoulli_shift(n),
                mixed_estimators(),
                reps_for(n),
                seed=12,
            )
            | {"n": n}
        )
    for n in (1000, 10000):
        report["mixed"].append(
            run_setting(
                f"Mixed: Gao half Gaussian (rho=0.9), half atoms N={n}",
                gao_mixture_truth(),
                gao_mixture(n),
                mixture_estimators(),
                reps_for(n),
                seed=13,
            )
            | {"n": n}
        )
    report["coverage"] = coverage(200 if not args.quick else 50)
    report["seconds"] = time.perf_counter() - start
    report["versions"] = {
        "numpy": np.__version__,
        "infomeasure": getattr(infomeasure, "__version__", None),
        "scikit-learn": __import__("sklearn").__version__ if sklearn_fs is not None else None,
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=1))
    print(f"\nwrote {RESULTS} in {report['seconds']:.0f} s")


if __name__ == "__main__":
    main()
