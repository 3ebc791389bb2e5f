"""Accuracy of infokit's discrete entropy and mutual information estimators (and of peers).

Ground truth is exact: Zipf (s = 1) and uniform distributions over K = 1000 symbols, sample
sizes N in {100, 1000, 10000}, `--reps` repetitions (200 by default). For every method, with
the alphabet size unknown and (where a method uses it) known, the script reports bias,
standard deviation, RMSE, the largest value, NaN/crash counts, and the coverage of the
nominal 95% interval (``ci=0.95``) and its mean width. For one entropy every method but
Chao–Wang–Jost reports the hull of its own interval and the Chao–Wang–Jost one; the coverage
and width of the method's own interval (``details["own_interval"]``) are reported beside
them. The same is done for the mutual information of a known joint distribution (X uniform
over 30 symbols, Y = X with probability 0.5, else uniform). infomeasure, when installed, is
run on the same samples for comparison (the same count vectors, when ``--peer-reps`` equals
``--reps``). The machine (CPU, cores, library versions) is
recorded with the results.

Usage::

    python benchmarks/accuracy_discrete.py [--reps 200] [--bootstrap 300] [--peer-reps 200]
    python benchmarks/accuracy_discrete.py --markdown   # tables of an existing result file
    python benchmarks/accuracy_discrete.py --no-ci --reps 1000 --peer-reps 1000 \
        --output benchmarks/results/accuracy_discrete_rmse.json   # RMSE to ± 0.002

Results go to ``benchmarks/results/accuracy_discrete.json``. Every RMSE comes with its Monte
Carlo standard error (``rmse_se``, a bootstrap over the repetitions): with 200 repetitions it
is about 0.004 nats at N = 1000 on Zipf, as large as the gaps between the best methods.
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

from infokit.errors import SmallSampleWarning
from infokit.estimators._frontends import estimate_mutual_information
from infokit.estimators.discrete.engine import DISCRETE_METHODS, estimate_entropy_from_counts
from record_machine import machine  # benchmarks/record_machine.py, beside this script

K = 1000
SIZES = (100, 1000, 10000)
# every discrete method, "auto" last
METHODS = (*(m for m in DISCRETE_METHODS if m != "auto"), "auto")
USES_K = ("james_stein", "dirichlet", "nsb", "auto")
PEER_APPROACHES = {
    "plugin": "discrete",
    "miller_madow": "miller_madow",
    "grassberger": "grassberger",
    "chao_shen": "chao_shen",
    "chao_wang_jost": "chao_wang_jost",
    "james_stein": "shrink",
    "nsb": "nsb",
}


def distributions() -> dict[str, np.ndarray]:
    zipf = 1.0 / np.arange(1, K + 1)
    return {"zipf": zipf / zipf.sum(), "uniform": np.full(K, 1.0 / K)}


def exact_entropy(p: np.ndarray) -> float:
    p = p[p > 0]
    return float(-(p * np.log(p)).sum())


def rmse_standard_error(errors: np.ndarray, resamples: int = 2000) -> float:
    """Bootstrap standard error of the RMSE over the repetitions (Monte Carlo error)."""
    if errors.size < 2:
        return math.nan
    rng = np.random.default_rng(0)
    picks = rng.integers(0, errors.size, size=(resamples, errors.size))
    return float(np.sqrt((errors[picks] ** 2).mean(axis=1)).std(ddof=1))


def summarise(
    values: list[float], truth: float, covered: list[bool], widths: list[float] | None = None
) -> dict[str, Any]:
    array = np.asarray(values, dtype=float)
    finite = array[np.isfinite(array)]
    errors = finite - truth
    return {
        "bias": float(errors.mean()) if finite.size else math.nan,
        "std": float(finite.std(ddof=1)) if finite.size > 1 else math.nan,
        "rmse": float(np.sqrt((errors**2).mean())) if finite.size else math.nan,
        "rmse_se": rmse_standard_error(errors),
        "max": float(finite.max()) if finite.size else math.nan,
        "n_nan": int(array.size - finite.size),
        "coverage": float(np.mean(covered)) if covered else None,
        "mean_ci_width": float(np.mean(widths)) if widths else None,
    }


def run_entropy(reps: int, n_bootstrap: int, seed: int, *, with_ci: bool = True) -> dict[str, Any]:
    results: dict[str, Any] = {}
    rng = np.random.default_rng(seed)
    for name, p in distributions().items():
        truth = exact_entropy(p)
        for n in SIZES:
            samples = [rng.multinomial(n, p) for _ in range(reps)]
            for method in METHODS:
                for known in (False, True):
                    values, covered, widths, crashes = [], [], [], 0
                    own_covered, own_widths = [], []
                    ci_methods: set[str] = set()
                    started = time.perf_counter()
                    for index, counts in enumerate(samples):
                        try:
                            estimate = estimate_entropy_from_counts(
                                counts,
                                method=method,
                                alphabet_size=K if known else None,
                                ci=0.95 if with_ci else None,
                                rng=index,
                                n_bootstrap=n_bootstrap,
                            )
                        except Exception:
                            crashes += 1
                            values.append(math.nan)
                            continue
                        values.append(estimate.value)
                        if not with_ci:
                            continue
                        low, high = estimate.ci  # type: ignore[misc]
                        covered.append(low - 1e-9 <= truth <= high + 1e-9)
                        widths.append(high - low)
                        ci_methods.add(estimate.details["ci_method"])
                        own_low, own_high = estimate.details.get("own_interval", (low, high))
                        own_covered.append(own_low - 1e-9 <= truth <= own_high + 1e-9)
                        own_widths.append(own_high - own_low)
                    key = f"{name}/N={n}/{method}/{'K known' if known else 'K unknown'}"
                    summary = summarise(values, truth, covered, widths)
                    summary.update(
                        truth=truth,
                        own_coverage=float(np.mean(own_covered)) if own_covered else None,
                        own_mean_ci_width=float(np.mean(own_widths)) if own_widths else None,
                        ci_methods=sorted(ci_methods),
                        crashes=crashes,
                        seconds_per_call=(time.perf_counter() - started) / reps,
                    )
                    results[key] = summary
                    coverage = (
                        f"cover {summary['coverage']:.2f}  width {summary['mean_ci_width']:.3f}  "
                        f"own cover {summary['own_coverage']:.2f}  "
                        if with_ci
                        else ""
                    )
                    print(
                        f"{key:48s} bias {summary['bias']:+.4f}  std {summary['std']:.4f}  "
                        f"rmse {summary['rmse']:.4f} ± {summary['rmse_se']:.4f}  {coverage}"
                        f"max {summary['max']:.3f}  nan {summary['n_nan']}",
                        flush=True,
                    )
    return results


def run_peers(reps: int, seed: int) -> dict[str, Any]:
    try:
        import infomeasure as im
    except ImportError:
        print("infomeasure not installed: peers skipped")
        return {}
    results: dict[str, Any] = {}
    rng = np.random.default_rng(seed)
    for name, p in distributions().items():
        truth = exact_entropy(p)
        for n in SIZES:
            # the same count vectors as `run_entropy` (same seed and draws when reps agree)
            samples = [np.repeat(np.arange(K), rng.multinomial(n, p)) for _ in range(reps)]
            for method, approach in PEER_APPROACHES.items():
                values = []
                for data in samples:
                    try:
                        with warnings.catch_warnings():
                            warnings.simplefilter("ignore")
                            values.append(float(im.entropy(data, approach=approach)))
                    except Exception:
                        values.append(math.nan)
                key = f"infomeasure/{name}/N={n}/{method}"
                summary = summarise(values, truth, [])
                results[key] = summary
                print(
                    f"{key:48s} bias {summary['bias']:+.4f}  rmse {summary['rmse']:.4f}  "
                    f"nan {summary['n_nan']}",
                    flush=True,
                )
    return results


def joint_distribution(size: int = 30, keep: float = 0.5) -> np.ndarray:
    joint = np.full((size, size), (1 - keep) / size**2)
    joint[np.diag_indices(size)] += keep / size
    return joint


def run_mutual_information(reps: int, n_bootstrap: int, seed: int) -> dict[str, Any]:
    joint = joint_distribution()
    size = joint.shape[0]
    truth = exact_entropy(joint.sum(1)) + exact_entropy(joint.sum(0)) - exact_entropy(joint.ravel())
    rng = np.random.default_rng(seed)
    results: dict[str, Any] = {}
    for n in SIZES:
        cells = [rng.choice(size * size, size=n, p=joint.ravel()) for _ in range(reps)]
        for method in METHODS:
            for known in (False, True) if method in USES_K else (False,):
                values, covered, widths = [], [], []
                for index, code in enumerate(cells):
                    estimate = estimate_mutual_information(
                        code // size,
                        code % size,
                        method=method,
                        alphabet_size=(size, size) if known else None,
                        ci=0.95,
                        rng=index,
                        n_bootstrap=n_bootstrap,
                    )
                    values.append(estimate.value)
                    if estimate.ci is None:
                        continue
                    low, high = estimate.ci
                    covered.append(low <= truth <= high)
                    widths.append(high - low)
                key = f"mi/N={n}/{method}/{'K known' if known else 'K unknown'}"
                summary = summarise(values, truth, covered, widths)
                summary["truth"] = truth
                results[key] = summary
                print(
                    f"{key:40s} bias {summary['bias']:+.4f}  std {summary['std']:.4f}  "
                    f"rmse {summary['rmse']:.4f}  cover {summary['coverage'] or math.nan:.2f}",
                    flush=True,
                )
    return results


def interval_table(report: dict[str, Any]) -> str:
    """Bias, spread, RMSE, 95% coverage and mean interval width of every setting (Markdown).

    "own" columns are the method's own interval before the hull with Chao–Wang–Jost.
    """
    lines = [
        "| distribution | N | method | K | bias | sd | RMSE | coverage | mean CI width "
        "| own coverage | own mean CI width |",
        "|---" * 11 + "|",
    ]
    for name in ("zipf", "uniform"):
        for n in SIZES:
            for method in METHODS:
                for known in ("K unknown", "K known"):
                    entry = report["entropy"].get(f"{name}/N={n}/{method}/{known}")
                    if entry is None:
                        continue
                    own = entry.get("own_coverage")
                    own_width = entry.get("own_mean_ci_width")
                    lines.append(
                        f"| {name} | {n} | {method} | {known.split()[1]} | {entry['bias']:+.3f} "
                        f"| {entry['std']:.3f} | {entry['rmse']:.3f} | {entry['coverage']:.1%} "
                        f"| {entry['mean_ci_width']:.3f} "
                        f"| {'' if own is None else f'{own:.1%}'} "
                        f"| {'' if own_width is None else f'{own_width:.3f}'} |"
                    )
    return "\n".join(lines)


def markdown_table(report: dict[str, Any]) -> str:
    """RMSE (and 95% coverage) of every method and setting, as a Markdown table."""
    columns = [f"{name} N={n}" for name in ("zipf", "uniform") for n in SIZES]
    lines = [
        "| method | K | " + " | ".join(columns) + " |",
        "|---" * (len(columns) + 2) + "|",
    ]
    for method in METHODS:
        for known in ("K unknown", "K known"):
            cells = []
            for name in ("zipf", "uniform"):
                for n in SIZES:
                    entry = report["entropy"].get(f"{name}/N={n}/{method}/{known}")
                    if entry is None:
                        cells.append("")
                        continue
                    cells.append(f"{entry['rmse']:.3f} ({entry['coverage']:.0%})")
            lines.append(f"| {method} | {known.split()[1]} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reps", type=int, default=200)
    parser.add_argument("--bootstrap", type=int, default=300)
    parser.add_argument("--peer-reps", type=int, default=200)
    parser.add_argument("--mi-reps", type=int, default=100)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--output",
        type=Path,
        default=Path(__file__).parent / "results" / "accuracy_discrete.json",
    )
    parser.add_argument(
        "--markdown", action="store_true", help="print the table of an existing --output and exit"
    )
    parser.add_argument(
        "--no-ci",
        action="store_true",
        help="entropy point estimates only (no intervals, no mutual information): for many reps",
    )
    args = parser.parse_args()
    if args.markdown:
        report = json.loads(args.output.read_text())
        print("RMSE in nats (coverage of the 95% interval)\n")
        print(markdown_table(report))
        print("\nBias, spread, RMSE (nats), coverage and mean width of the 95% interval\n")
        print(interval_table(report))
        return
    warnings.simplefilter("ignore", SmallSampleWarning)
    started = time.perf_counter()
    report = {
        "machine": machine(),
        "settings": {
            "K": K,
            "sizes": SIZES,
            "reps": args.reps,
            "n_bootstrap": args.bootstrap,
            "peer_reps": args.peer_reps,
            "mi_reps": args.mi_reps,
            "seed": args.seed,
            "intervals": not args.no_ci,
        },
        "entropy": run_entropy(args.reps, args.bootstrap, args.seed, with_ci=not args.no_ci),
        "mutual_information": (
            {}
            if args.no_ci
            else run_mutual_information(args.mi_reps, args.bootstrap, args.seed + 1)
        ),
        "peers": run_peers(args.peer_reps, args.seed) if args.peer_reps > 0 else {},
    }
    report["seconds"] = time.perf_counter() - started
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(report, indent=1))
    print(f"wrote {args.output} in {report['seconds']:.0f} s")


if __name__ == "__main__":
    main()
