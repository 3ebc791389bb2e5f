"""Benchmark the kNN kernels of `infokit.estimators.continuous.neighbors` against their peers.

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

The figures go to ``benchmarks/results/bench_continuous.json`` (per section: sizes, medians,
ratios, estimates; with the machine, the library versions and the load average at the start
and the end of the run). A run of some sections replaces those sections and keeps the others.

Rows named "fallback" force the cKDTree/NumPy path (``_knn._backend("scipy")``), as an
install without the ``fast`` extra (numba, pykdtree) runs. Section 0 ("compile") times the
first call in fresh processes: with an empty numba cache (compiling) and with the cache.
"""

from __future__ import annotations

import argparse
import gc
import importlib.metadata
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from scipy.spatial import cKDTree
from scipy.special import digamma

from infokit.estimators.continuous.neighbors import (
    kozachenko_leonenko_entropy,
    ksg_mutual_information,
    ksg_mutual_information_many,
)
from infokit.estimators.knn import search as _knn
from infokit.estimators.knn import tree as _knn_tree

RESULTS_PATH = Path(__file__).resolve().parent / "results" / "bench_continuous.json"
# Figures of the sections run, written to RESULTS_PATH at the end.
RESULTS: dict[str, Any] = {}
LIBRARIES = ["infokit", "numpy", "scipy", "numba", "pykdtree", "scikit-learn"]
LIBRARIES += ["npeet-plus", "infomeasure"]


def load_average() -> list[float]:
    """1, 5 and 15 minute load averages (other processes share the cores)."""
    try:
        return [float(v) for v in Path("/proc/loadavg").read_text().split()[:3]]
    except OSError:
        return []


def machine() -> dict[str, Any]:
    """CPU model, core count and the versions of the libraries compared."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    versions = {"python": platform.python_version()}
    for name in LIBRARIES:
        try:
            versions[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            continue
    try:
        import numba

        try:  # the layer in use, known once a parallel kernel has run
            layer = str(getattr(numba, "threading_layer")())  # noqa: B009 (not exported)
        except ValueError:
            layer = str(getattr(numba.config, "THREADING_LAYER", "?"))
        threads = int(getattr(numba.config, "NUMBA_NUM_THREADS", 0))
    except ImportError:
        layer, threads = "numba not installed", 1
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "system": f"{platform.system()} {platform.release()}",
        "versions": versions,
        "numba_threading_layer": layer,
        "numba_threads": threads,
    }


def write_results() -> None:
    """Merge this run's sections into RESULTS_PATH (sections not run are kept)."""
    previous: dict[str, Any] = {}
    if RESULTS_PATH.exists():
        previous = json.loads(RESULTS_PATH.read_text(encoding="utf-8"))
    sections = {**previous.get("sections", {}), **RESULTS}
    document = {"machine": machine(), "sections": sections}
    RESULTS_PATH.parent.mkdir(exist_ok=True)
    RESULTS_PATH.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    print(f"\nwrote {RESULTS_PATH}")


def timed(function: Callable[[], Any]) -> tuple[float, float, Any]:
    """Wall-clock and CPU seconds (all threads) of one call, and its result."""
    gc.collect()
    start, cpu_start = time.perf_counter(), time.process_time()
    result = function()
    return time.perf_counter() - start, time.process_time() - cpu_start, result


def compare(
    title: str,
    contenders: dict[str, Callable[[], Any]],
    repeats: int,
    *,
    warm_up: bool = True,
    key: str | None = None,
    setting: dict[str, Any] | None = None,
) -> dict[str, tuple[float, Any]]:
    """Run the contenders interleaved `repeats` times; print medians and ratios.

    With `key`, the figures are also kept in RESULTS[key] (with `setting`: sizes, k, metric).
    """
    load_before = load_average()
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
    if key is not None:
        RESULTS[key] = {
            "title": title,
            **(setting or {}),
            "repeats": repeats,
            "load_average_before": load_before,
            "load_average_after": load_average(),
            "contenders": {
                name: {
                    "median_seconds": medians[name],
                    "min_seconds": min(times[name]),
                    "cpu_median_seconds": cpu_medians[name],
                    "ratio_to_infokit": medians[name] / reference,
                    "cpu_ratio_to_infokit": cpu_medians[name] / cpu_reference,
                    "cpu_over_wall": cpu_medians[name] / medians[name],
                    "estimate": results[name]
                    if isinstance(results[name], (float, int, str))
                    else str(results[name]),
                }
                for name in contenders
            },
        }
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
    out = compare(
        f"KSG 1-D/1-D, N = {n:.0e}, k = 3",
        contenders,
        repeats,
        key="ksg",
        setting={"n": n, "d": 2, "k": 3, "metric": "chebyshev"},
    )
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
    compare(
        f"KSG 1-D/1-D, N = {n:.0e}, k = 3",
        contenders,
        repeats,
        key="ksg_large",
        setting={"n": n, "d": 2, "k": 3, "metric": "chebyshev"},
    )


_HUGE_SCRIPT = """
import json, resource, sys, time
import numpy as np
from infokit.estimators.continuous.neighbors import ksg_mutual_information
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
    RESULTS["ksg_huge"] = {"n": n, "d": 2, "k": 3, "metric": "chebyshev", **report}


_COMPILE_SCRIPT = """
import json, time
import numpy as np
start = time.perf_counter()
from infokit.estimators.continuous.neighbors import (
    kozachenko_leonenko_entropy,
    ksg_mutual_information,
)
from infokit.estimators.knn import search as _knn
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
        RESULTS["compile"] = {}
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
            RESULTS["compile"][label.split()[0]] = {
                "import_seconds": report["import"],
                "first_call_minus_second_seconds": {
                    key: report[key][0] - report[key][1] for key in calls
                },
                "total_extra_seconds": extra,
            }


def section_entropy(n: int, repeats: int) -> None:
    dimension, k = 5, 3
    x = np.random.default_rng(1).normal(size=(n, dimension))

    def scipy_reference() -> float:  # the formula written plainly with cKDTree
        distances, _ = cKDTree(x).query(x, k=k + 1, p=np.inf)
        return float(
            digamma(n)
            - digamma(k)
            + dimension * np.log(2)
            + dimension * np.log(distances[:, k]).mean()
        )

    def one_thread() -> float:
        threshold, _knn_tree._MIN_PARALLEL_TREE = _knn_tree._MIN_PARALLEL_TREE, 1 << 62
        try:
            return kozachenko_leonenko_entropy(x, metric="chebyshev")[0]
        finally:
            _knn_tree._MIN_PARALLEL_TREE = threshold

    contenders: dict[str, Callable[[], Any]] = {
        "infokit": lambda: kozachenko_leonenko_entropy(x, metric="chebyshev")[0],
        "infokit (one thread)": one_thread,
        "infokit (euclidean)": lambda: kozachenko_leonenko_entropy(x, metric="euclidean")[0],
        "infokit fallback (euclidean, cKDTree)": fallback(
            lambda: kozachenko_leonenko_entropy(x, metric="euclidean")[0]
        ),
        "scipy cKDTree reference": scipy_reference,
    }
    peers = []
    try:
        import npeet_plus.estimators as npeet  # type: ignore[import-untyped]

        contenders["NPEET entropy (npeet-plus)"] = lambda: float(npeet.entropy(x, k=k, base=np.e))
        peers.append("NPEET entropy (npeet-plus)")
    except ImportError:
        print("npeet-plus is not installed: `pip install npeet-plus` to compare with NPEET")
    try:
        import infomeasure  # type: ignore[import-untyped]

        contenders["infomeasure entropy(metric)"] = lambda: float(
            infomeasure.entropy(x, approach="metric", k=k)
        )
        peers.append("infomeasure entropy(metric)")
    except ImportError:
        print("infomeasure is not installed: `pip install infomeasure` to compare with it")
    out = compare(
        f"Kozachenko–Leonenko entropy, {dimension}-D, N = {n:.0e}, k = {k}, max-norm",
        contenders,
        repeats,
        key="entropy",
        setting={"n": n, "d": dimension, "k": k, "metric": "chebyshev"},
    )
    print(
        "infokit runs its kd-tree build and queries on all cores (numba, "
        f"{os.cpu_count()} here); NPEET (scikit-learn's KDTree) and infomeasure (scipy's "
        "cKDTree) on one: the 'cpu s' column is the time summed over threads. The goal is "
        "wall-clock time; 'infokit (one thread)' is the same code on one core."
    )
    for peer in peers:
        for mine in ("infokit", "infokit (one thread)"):
            print(f"{peer} / {mine}: {out[peer][0] / out[mine][0]:.1f}x (same run)")


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
        key="batched",
        setting={"n": n, "features": n_features, "k": 3, "metric": "chebyshev"},
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
    if not args.quick:  # smoke tests do not overwrite the recorded figures
        write_results()


if __name__ == "__main__":
    main()
