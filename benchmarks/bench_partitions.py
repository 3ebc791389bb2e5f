"""Comparing partitions: infokit against scikit-learn, side by side, same labels.

Times `adjusted_mutual_information` (whose expected-MI term dominates), the normalised MI
and the V-measure against ``sklearn.metrics``' ``adjusted_mutual_info_score``,
``normalized_mutual_info_score`` and ``v_measure_score`` on random labelings, and checks
that the values agree. Run with the allocator settings of ``../shared/PERFORMANCE.md``::

    MALLOC_MMAP_MAX_=0 MALLOC_TRIM_THRESHOLD_=2147483647 python benchmarks/bench_partitions.py

Results go to ``benchmarks/results/bench_partitions.json``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path
from typing import Any

import numpy as np


def _time(call: Any, repeats: int) -> tuple[float, Any]:
    value = call()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times), value


def main() -> None:
    from sklearn import metrics

    import infokit as ik

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    cases = [(10**5, 100, 100), (10**6, 1000, 1000), (10**6, 10, 10)]
    pairs = [
        ("AMI", ik.adjusted_mutual_information, metrics.adjusted_mutual_info_score),
        ("NMI", ik.normalized_mutual_information, metrics.normalized_mutual_info_score),
        ("V-measure", ik.v_measure, metrics.v_measure_score),
    ]
    report = []
    for n, k1, k2 in cases:
        rng = np.random.default_rng(0)
        x, y = rng.integers(0, k1, n), rng.integers(0, k2, n)
        for name, ours, theirs in pairs:
            slow = name == "AMI" and k1 * k2 >= 10**6
            our_time, our_value = _time(lambda: ours(x, y), args.repeats)  # noqa: B023
            if slow:  # one timed run of scikit-learn's Cython sum, which takes minutes
                start = time.perf_counter()
                their_value = theirs(x, y)
                their_time = time.perf_counter() - start
            else:
                their_time, their_value = _time(lambda: theirs(x, y), args.repeats)  # noqa: B023
            row = {
                "score": name,
                "n": n,
                "clusters": [k1, k2],
                "infokit_s": our_time,
                "sklearn_s": their_time,
                "speedup": their_time / our_time,
                "abs_difference": abs(our_value - their_value),
            }
            report.append(row)
            print(
                f"{name:<10} n={n:.0e} {k1}x{k2}: infokit {our_time:8.3f} s, "
                f"sklearn {their_time:8.3f} s, x{row['speedup']:.1f}, "
                f"|diff| {row['abs_difference']:.1e}"
            )
    out = Path(__file__).parent / "results" / "bench_partitions.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(report, indent=2))
    print(f"written {out}")


if __name__ == "__main__":
    main()
