"""Benchmark the kNN estimators against NPEET from 2 to 100 dimensions.

Run from the repository root, with the allocator settings of ``../shared/PERFORMANCE.md``::

    MALLOC_MMAP_MAX_=0 MALLOC_TRIM_THRESHOLD_=2147483647 python benchmarks/bench_knn_dimensions.py

For each joint dimension d (x and y of d // 2 and d - d // 2 correlated Gaussian
coordinates) and sample size N, side by side in this one run, medians over repeats:

- ``infokit.estimate_mutual_information(x, y, uncertainty="none")`` (the KSG kernel) and the
  default call (with its error bar), against NPEET's ``mi(x, y)`` (``npeet_plus``: scipy
  cKDTree, one core);
- ``infokit.estimate_entropy(joint, method="kozachenko_leonenko", uncertainty="none")``
  against NPEET's ``entropy(joint)`` (NPEET uses the max-norm, infokit the Euclidean norm by
  default: the same work, another norm);
- the split of the KSG kernel: the joint k-NN query and the two marginal radius counts.

infokit runs on all cores, NPEET on one; the ratio NPEET / infokit is of wall-clock time.
Options: ``--repeats R`` (default 5), ``--quick`` (N = 5000 only, dimensions up to 20).
Results go to ``benchmarks/results/bench_knn_dimensions.json``.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import os
import platform
import statistics
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

import infokit
from infokit.errors import SmallSampleWarning
from infokit.estimators.knn import search

RESULTS = Path(__file__).parent / "results" / "bench_knn_dimensions.json"
# (N, joint dimensions) of the runs.
_CASES = [
    (5000, [2, 4, 6, 10, 20, 50, 100]),
    (10_000, [2, 4, 6, 10]),
    (100_000, [2, 4, 6]),
]


def _median(function: Callable[[], Any], repeats: int) -> float:
    function()  # warm up: numba compiles or loads its cache on first use
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _samples(n: int, d: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    d_x = d // 2
    x = rng.normal(size=(n, d_x))
    y = 0.6 * np.resize(x, (n, d - d_x)) + 0.8 * rng.normal(size=(n, d - d_x))
    return x, y


def _kernel_split(x: np.ndarray, y: np.ndarray, repeats: int) -> dict[str, float]:
    joint = np.concatenate([x, y], axis=1)
    radii = search.kth_neighbor_distances(joint, 3)
    query = _median(lambda: search.kth_neighbor_distances(joint, 3), repeats)
    counts = _median(
        lambda: (search.count_within(x, radii), search.count_within(y, radii)), repeats
    )
    return {"knn_query_s": query, "range_counts_s": counts}


def _run_case(n: int, d: int, repeats: int) -> dict[str, Any]:
    from npeet_plus.estimators import entropy as npeet_entropy
    from npeet_plus.estimators import mi as npeet_mi

    x, y = _samples(n, d)
    joint = np.concatenate([x, y], axis=1)
    slow = n * d > 10**6  # NPEET and the default error bar take many seconds there
    few = max(1, repeats // 2) if slow else repeats
    row: dict[str, Any] = {"n": n, "d_joint": d, "d_x": x.shape[1], "d_y": y.shape[1]}
    row["infokit_mi_s"] = _median(
        lambda: infokit.estimate_mutual_information(x, y, uncertainty="none"), repeats
    )
    row["infokit_mi_default_s"] = _median(lambda: infokit.estimate_mutual_information(x, y), few)
    row["npeet_mi_s"] = _median(lambda: npeet_mi(x, y), few)
    row["infokit_entropy_s"] = _median(
        lambda: infokit.estimate_entropy(joint, method="kozachenko_leonenko", uncertainty="none"),
        repeats,
    )
    row["npeet_entropy_s"] = _median(lambda: npeet_entropy(joint), few)
    row.update(_kernel_split(x, y, repeats))
    row["mi_ratio_npeet_over_infokit"] = row["npeet_mi_s"] / row["infokit_mi_s"]
    row["entropy_ratio_npeet_over_infokit"] = row["npeet_entropy_s"] / row["infokit_entropy_s"]
    row["infokit_mi_nats"] = float(
        infokit.estimate_mutual_information(x, y, uncertainty="none").value
    )
    row["npeet_mi_nats"] = float(npeet_mi(x, y, base=np.e))
    return row


def _print_row(row: dict[str, Any]) -> None:
    print(
        f"{row['n']:>7} {row['d_joint']:>4} | MI {row['infokit_mi_s']:8.4f} "
        f"(default {row['infokit_mi_default_s']:8.4f}) NPEET {row['npeet_mi_s']:8.4f} "
        f"x{row['mi_ratio_npeet_over_infokit']:5.1f} | H {row['infokit_entropy_s']:8.4f} "
        f"NPEET {row['npeet_entropy_s']:8.4f} x{row['entropy_ratio_npeet_over_infokit']:5.1f}"
        f" | kNN {row['knn_query_s']:.4f} counts {row['range_counts_s']:.4f}",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--quick", action="store_true")
    options = parser.parse_args()
    cases = [(5000, [2, 4, 6, 10, 20])] if options.quick else _CASES
    warnings.simplefilter("ignore", SmallSampleWarning)  # expected in many dimensions
    print("      N    d | times in seconds (median); xR = NPEET time / infokit time")
    rows = []
    load_start = os.getloadavg()
    for n, dimensions in cases:
        for d in dimensions:
            row = _run_case(n, d, options.repeats)
            _print_row(row)
            rows.append(row)
    result = {
        "machine": {"platform": platform.platform(), "cpus": os.cpu_count()},
        "versions": {
            name: importlib.metadata.version(name)
            for name in ("numpy", "scipy", "numba", "npeet-plus")
        },
        "load_average_start": load_start,
        "load_average_end": os.getloadavg(),
        "repeats": options.repeats,
        "rows": rows,
    }
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")
    print(f"wrote {RESULTS}")


if __name__ == "__main__":
    main()
