"""Benchmark the kNN kernels of `infokit.estimators.neighbors` against their peers.

Run from the repository root, with the allocator settings of ``../shared/PERFORMANCE.md``::

    MALLOC_MMAP_MAX_=0 MALLOC_TRIM_THRESHOLD_=2147483647 python benchmarks/bench_continuous.py

Sections (each prints medians over repeats, measured side by side in this one run, and the
ratio peer / infokit, for wall-clock time and for CPU time summed over threads; on a shared
machine the CPU ratio is the steadier one, the wall-clock one is what a user waits):

1. KSG MI of a 1-D/1-D pair at N = 10^5: scikit-learn's ``mutual_info_regression`` against
   ``ksg_mutual_information`` on the same data. scikit-learn scales and jitters its inputs;
   infokit is given exactly those jittered inputs (scikit-learn's preprocessing replayed
   with the same seed), so the two estimates must agree to rounding.
2. KSG at N = 10^6 (scikit-learn once, with ``--sklearn-large``) and N = 10^7 (infokit in a
   fresh subprocess: wall time and peak resident memory).
3. Kozachenko–Leonenko entropy of 5-D Gaussian data at N = 10^5 against NPEET's ``entropy``
   (from the ``npeet-plus`` package, which packages Ver Steeg's NPEET; NPEET itself is not on
   PyPI), infomeasure's ``entropy(approach="metric")`` and plain scipy ``cKDTree`` code.
4. 50 features against one target at N = 10^5: ``ksg_mutual_information_many`` against
   ``mutual_info_regression`` on the matrix, and against infokit one feature at a time.

Options: ``--repeats R`` (default 5), ``--quick`` (smaller sizes, for a smoke test),
``--skip-huge`` (no 10^7 run), ``--sklearn-large`` (time scikit-learn at 10^6 too),
``--only compile,ksg,large,huge,entropy,batched`` (a subset of the sections).

Rows named "fallback" force the cKDTree/NumPy path (``_knn._backend("scipy")``), as an
install without the ``fast`` extra (numba, pykdtree) runs. Section 0 ("compile") times the
first call in fresh processes: with an empty numba cache (compiling) and with the cache.
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any

import numpy as np
from scipy.spatial import cKDTree
from scipy.special import digamma

from infokit.estimators import _knn
from infokit.estimators.neighbors import (
    kozachenko_leonenko_entropy,
    ksg_mutual_information,
    ksg_mutual_information_many,
)


def timed(function: Callable[[], Any]) -> tuple[float, float, Any]:
    """Wall-clock and CPU seconds (all threads) of one call, and its result."""
    gc.collect()
    start, cpu_start = time.perf_counter(), time.process_time()
    result = function()
    return time.perf_counter() - start, time.process_time() - cpu_start, result


def compare(
    title: str, contenders: dict[str, Callable[[], Any]], repeats: int, *, warm_up: bool = True
) -> dict[str, tuple[float, Any]]:
    """Run the contenders interleaved `repeats` times; print medians and ratios."""
    for function in contenders.values() if warm_up else ():
        function()
    times: dict[str, list[float]] = {name: [] for name in contenders}
    cpu_times: dict[str, list[float]] = {name: [] for name in contenders}
    results: dict[str, Any] = {}
    for _ in range(repeats):
        for name, function in contenders.items():
            seconds, cpu_seconds, results[name] = timed(function)
            times[name].append(seconds)
            cpu_times[name].append(cpu_seconds)
    medians = {name: statistics.median(values) for name, values in times.items()}
    cpu_medians = {name: statistics.median(values) for name, values in cpu_times.items()}
    reference, cpu_reference = medians["infokit"], cpu_medians["infokit"]
    print(f"\n## {title}")
    print(
        f"{'contender':<40}{'median s':>9}{'min s':>8}{'ratio':>7}"
        f"{'cpu s':>8}{'ratio':>7}  estimate"
    )
    for name, median in medians.items():
        value = results[name]
        shown = f"{value:.9f}" if isinstance(value, float) else str(value)[:40]
        print(
            f"{name:<40}{median:>9.4f}{min(times[name]):>8.4f}{median / reference:>6.1f}x"
            f"{cpu_medians[name]:>8.3f}{cpu_medians[name] / cpu_reference:>6.1f}x  {shown}"
        )
    return {name: (medians[name], results[name]) for name in contenders}


def fallback(function: Callable[[], Any]) -> Callable[[], Any]:
    """`function` run on the cKDTree/NumPy path, as without the ``fast`` extra."""

    def run() -> Any:
        with _knn._backend("scipy"):
            return function()

    return run


def gaussian_pair(n: int, rho: float, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    x = rng.normal(size=n)
    return x, rho * x + np.sqrt(1 - rho**2) * rng.normal(size=n)


def sklearn_inputs(features: np.ndarray, target: np.ndarray, seed: int) -> tuple[Any, Any]:
    """Replay scikit-learn's preprocessing in ``_estimate_mi``: scale, then 1e-10 jitter."""
    from sklearn.preprocessing import scale

    noise = np.random.RandomState(seed)
    scaled = scale(features, with_mean=False)
    scaled += (
        1e-10 * np.maximum(1, np.abs(scaled).mean(axis=0)) * noise.standard_normal(scaled.shape)
    )
    y = scale(target, with_mean=False)
    y += 1e-10 * max(1, np.abs(y).mean()) * noise.standard_normal(y.shape[0])
    return scaled, y


def section_ksg(n: int, repeats: int) -> None:
    from sklearn.feature_selection import mutual_info_regression

    x, y = gaussian_pair(n, 0.6)
    features = x[:, None]
    xs, ys = sklearn_inputs(features, y, seed=0)

    def infokit() -> float:
        return ksg_mutual_information(xs, ys[:, None])[0]

    contenders: dict[str, Callable[[], Any]] = {
        "infokit": infokit,
        "infokit fallback (cKDTree, no numba)": fallback(infokit),
        "sklearn mutual_info_regression": lambda: float(
            mutual_info_regression(features, y, n_neighbors=3, random_state=0)[0]
        ),
    }
    out = compare(f"KSG 1-D/1-D, N = {n:.0e}, k = 3", contenders, repeats)
    difference = abs(out["infokit"][1] - out["sklearn mutual_info_regression"][1])
    print(f"|infokit - sklearn| = {difference:.2e} (same jittered inputs)")


def section_ksg_large(n: int, repeats: int, with_sklearn: bool) -> None:
    x, y = gaussian_pair(n, 0.6)
    contenders: dict[str, Callable[[], Any]] = {
        "infokit": lambda: ksg_mutual_information(x[:, None], y[:, None])[0],
    }
    contenders["infokit fallback (cKDTree, no numba)"] = fallback(contenders["infokit"])
    if with_sklearn:
        from sklearn.feature_selection._mutual_info import _compute_mi_cc

        contenders["sklearn _compute_mi_cc (no jitter)"] = lambda: float(_compute_mi_cc(x, y, 3))
    compare(f"KSG 1-D/1-D, N = {n:.0e}, k = 3", contenders, repeats)


_HUGE_SCRIPT = """
import json, resource, sys, time
import numpy as np
from infokit.estimators.neighbors import ksg_mutual_information
n = int(sys.argv[1])
rng = np.random.default_rng(0)
x = rng.normal(size=(n, 1))
y = 0.6 * x + 0.8 * rng.normal(size=(n, 1))
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start, cpu_start = time.perf_counter(), time.process_time()
value, _ = ksg_mutual_information(x, y)
seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu_start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"seconds": seconds, "cpu_seconds": cpu_seconds, "value": value,
                  "rss_before_kib": before, "rss_peak_kib": peak}))
"""


def section_ksg_huge(n: int) -> None:
    completed = subprocess.run(
        [sys.executable, "-c", _HUGE_SCRIPT, str(n)],
        capture_output=True,
        text=True,
        check=True,
    )
    report = json.loads(completed.stdout.strip().splitlines()[-1])
    print(f"\n## KSG 1-D/1-D, N = {n:.0e}, k = 3 (fresh process, one run)")
    print(
        f"time {report['seconds']:.2f} s (CPU {report['cpu_seconds']:.2f} s); "
        f"estimate {report['value']:.6f} "
        f"(truth {-0.5 * np.log(1 - 0.36):.6f}); peak RSS "
        f"{report['rss_peak_kib'] / 1024:.0f} MiB (inputs and interpreter: "
        f"{report['rss_before_kib'] / 1024:.0f} MiB; x and y are {2 * n * 8 / 2**20:.0f} MiB)"
    )


_COMPILE_SCRIPT = """
import json, time
import numpy as np
start = time.perf_counter()
from infokit.estimators.neighbors import kozachenko_leonenko_entropy, ksg_mutual_information
from infokit.estimators import _knn
_knn._optional("numba")
report = {"import": time.perf_counter() - start}
rng = np.random.default_rng(0)
for n in (50_000, 200_000):  # one core, then all cores (separately compiled kernels)
    x = rng.normal(size=(n, 1))
    y = 0.6 * x + 0.8 * rng.normal(size=(n, 1))
    z = rng.normal(size=(n, 5))
    for name, call in (
        ("ksg", lambda: ksg_mutual_information(x, y)),
        ("kl5", lambda: kozachenko_leonenko_entropy(z, metric="chebyshev")),
    ):
        start = time.perf_counter()
        call()
        first = time.perf_counter() - start
        start = time.perf_counter()
        call()
        report[f"{name} n={n}"] = (first, time.perf_counter() - start)
print(json.dumps(report))
"""


def section_compile() -> None:
    """First-call cost of the numba kernels: cold (compiling) and with the on-disk cache."""
    import os
    import tempfile

    with tempfile.TemporaryDirectory() as cache:
        environment = {**os.environ, "NUMBA_CACHE_DIR": cache}
        print("\n## First calls in a fresh process: numba compile (cold) or cache load (warm)")
        for label in ("cold (empty cache: compiles)", "warm (loads the cache)"):
            completed = subprocess.run(
                [sys.executable, "-c", _COMPILE_SCRIPT],
                capture_output=True,
                text=True,
                check=True,
                env=environment,
            )
            report = json.loads(completed.stdout.strip().splitlines()[-1])
            calls = [key for key in report if key != "import"]
            extra = sum(report[key][0] - report[key][1] for key in calls)
            print(
                f"{label:<30} import {report['import']:.2f} s; first call minus second: "
                + ", ".join(f"{key} {report[key][0] - report[key][1]:.2f} s" for key in calls)
                + f"; total {extra:.2f} s"
            )


def section_entropy(n: int, repeats: int) -> None:
    x = np.random.default_rng(1).normal(size=(n, 5))

    def scipy_reference() -> float:  # the formula written plainly with cKDTree
        distances, _ = cKDTree(x).query(x, k=4, p=np.inf)
        return float(digamma(n) - digamma(3) + 5 * np.log(2) + 5 * np.log(distances[:, 3]).mean())

    contenders: dict[str, Callable[[], Any]] = {
        "infokit": lambda: kozachenko_leonenko_entropy(x, metric="chebyshev")[0],
        "infokit (euclidean)": lambda: kozachenko_leonenko_entropy(x, metric="euclidean")[0],
        "infokit fallback (euclidean, cKDTree)": fallback(
            lambda: kozachenko_leonenko_entropy(x, metric="euclidean")[0]
        ),
        "scipy cKDTree reference": scipy_reference,
    }
    try:
        import npeet_plus.estimators as npeet

        contenders["NPEET entropy (npeet-plus)"] = lambda: float(npeet.entropy(x, k=3, base=np.e))
    except ImportError:
        print("npeet-plus is not installed: `pip install npeet-plus` to compare with NPEET")
    try:
        import infomeasure

        contenders["infomeasure entropy(metric)"] = lambda: float(
            infomeasure.entropy(x, approach="metric", k=3)
        )
    except ImportError:
        print("infomeasure is not installed: `pip install infomeasure` to compare with it")
    compare(f"Kozachenko–Leonenko entropy, 5-D, N = {n:.0e}, k = 3, max-norm", contenders, repeats)


def section_batched(n: int, n_features: int, repeats: int) -> None:
    from sklearn.feature_selection import mutual_info_regression

    rng = np.random.default_rng(2)
    target = rng.normal(size=n)
    weights = np.linspace(0, 1, n_features)
    features = target[:, None] * weights + rng.normal(size=(n, n_features))
    xs, ys = sklearn_inputs(features, target, seed=0)

    def one_at_a_time() -> str:
        values = [ksg_mutual_information(xs[:, [j]], ys[:, None])[0] for j in range(n_features)]
        return f"sum {np.maximum(values, 0).sum():.9f}"

    contenders: dict[str, Callable[[], Any]] = {
        "infokit": lambda: f"sum {np.maximum(ksg_mutual_information_many(xs, ys)[0], 0).sum():.9f}",
        "infokit fallback (cKDTree, no numba)": fallback(
            lambda: f"sum {np.maximum(ksg_mutual_information_many(xs, ys)[0], 0).sum():.9f}"
        ),
        "infokit one feature at a time": one_at_a_time,
        "sklearn mutual_info_regression": lambda: (
            "sum " + f"{mutual_info_regression(features, target, random_state=0).sum():.9f}"
        ),
        "sklearn mutual_info_regression n_jobs=2": lambda: (
            "sum "
            + f"{mutual_info_regression(features, target, random_state=0, n_jobs=2).sum():.9f}"
        ),
    }
    compare(
        f"{n_features} features against one target, N = {n:.0e} (negative estimates clamped "
        "at 0 in infokit's sums, as scikit-learn does)",
        contenders,
        repeats,
        warm_up=False,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--skip-huge", action="store_true")
    parser.add_argument("--sklearn-large", action="store_true")
    parser.add_argument("--only", default="compile,ksg,large,huge,entropy,batched")
    args = parser.parse_args()
    scale = 10 if args.quick else 1
    sections = set(args.only.split(","))
    if "compile" in sections:
        section_compile()
    if "ksg" in sections:
        section_ksg(100_000 // scale, args.repeats)
    if "large" in sections:
        section_ksg_large(1_000_000 // scale, max(args.repeats // 2, 1), args.sklearn_large)
    if "huge" in sections and not args.skip_huge:
        section_ksg_huge(10_000_000 // scale)
    if "entropy" in sections:
        section_entropy(100_000 // scale, args.repeats)
    if "batched" in sections:
        section_batched(100_000 // scale, 50, 1 if scale == 1 else 2)


if __name__ == "__main__":
    main()
