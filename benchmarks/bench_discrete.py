"""Speed and memory of infokit's discrete estimators, side by side with floors and peers.

Run with the allocator settings of ``../shared/PERFORMANCE.md``::

    MALLOC_MMAP_MAX_=0 MALLOC_TRIM_THRESHOLD_=2147483647 python benchmarks/bench_discrete.py

Each case times its contenders in interleaved rounds (after a warm-up) and prints medians and
the ratio to the floor measured in the same run. Peers (scikit-learn, infomeasure, pyitlib,
dit) run only if installed, with fewer rounds because they are slow. Results are written to
``benchmarks/results/bench_discrete.json``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
import tracemalloc
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from infokit.errors import SmallSampleWarning
from infokit.estimators._frontends import estimate_entropy, estimate_mutual_information
from infokit.estimators.discrete.engine import estimate_entropy_from_counts

warnings.simplefilter("ignore", SmallSampleWarning)


def _peer(name: str) -> Any:
    try:
        if name == "sklearn":
            from sklearn import metrics

            return metrics
        if name == "infomeasure":
            import infomeasure

            return infomeasure
        if name == "pyitlib":
            from pyitlib import discrete_random_variable

            return discrete_random_variable
        if name == "dit":
            import dit

            return dit
    except ImportError:
        print(f"  ({name} not installed: skipped)")
    return None


def time_side_by_side(
    contenders: dict[str, Callable[[], object]], rounds: int, slow_rounds: int, slow: set[str]
) -> dict[str, float]:
    """Median seconds of each contender, rounds interleaved so drifts hit all alike."""
    for function in contenders.values():
        function()  # warm-up
    samples: dict[str, list[float]] = {name: [] for name in contenders}
    for round_index in range(rounds):
        for name, function in contenders.items():
            if name in slow and round_index >= slow_rounds:
                continue
            started = time.perf_counter()
            function()
            samples[name].append(time.perf_counter() - started)
    return {name: statistics.median(values) for name, values in samples.items()}


def report(title: str, medians: dict[str, float], floor: str) -> dict[str, Any]:
    print(f"\n{title}")
    for name, seconds in medians.items():
        ratio = seconds / medians[floor]
        print(f"  {name:42s} {seconds * 1e3:10.1f} ms   {ratio:7.2f}x {floor}")
    return {"medians_seconds": medians, "floor": floor}


def peak_memory(function: Callable[[], object]) -> int:
    tracemalloc.start()
    tracemalloc.reset_peak()
    function()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak


def entropy_case(n: int, rounds: int) -> dict[str, Any]:
    rng = np.random.default_rng(0)
    x = rng.integers(0, 1000, n)
    contenders: dict[str, Callable[[], object]] = {
        "np.bincount alone (floor)": lambda: np.bincount(x),
        "infokit plugin": lambda: estimate_entropy(x, method="plugin"),
        "infokit miller_madow": lambda: estimate_entropy(x, method="miller_madow"),
        "infokit auto (chao_wang_jost)": lambda: estimate_entropy(x),
        "infokit nsb, K = 1000": lambda: estimate_entropy(x, method="nsb", alphabet_size=1000),
    }
    slow = set()
    infomeasure = _peer("infomeasure")
    if infomeasure is not None:
        contenders["infomeasure discrete"] = lambda: infomeasure.entropy(x, approach="discrete")
        slow.add("infomeasure discrete")
    pyitlib = _peer("pyitlib")
    if pyitlib is not None:
        contenders["pyitlib entropy"] = lambda: pyitlib.entropy(x, base=np.e)
        slow.add("pyitlib entropy")
    dit = _peer("dit")
    if dit is not None:
        small = x[: n // 10]

        def dit_entropy() -> float:
            values, counts = np.unique(small, return_counts=True)
            outcomes = [str(value) for value in values.tolist()]
            distribution = dit.Distribution(outcomes, (counts / counts.sum()).tolist())
            return float(dit.shannon.entropy(distribution))  # bits; timing only

        contenders["dit (np.unique + entropy) on N/10"] = dit_entropy
        slow.add("dit (np.unique + entropy) on N/10")
    medians = time_side_by_side(contenders, rounds, 3, slow)
    result = report(
        f"plug-in entropy, {n:.0e} int64 labels over 1000 categories",
        medians,
        "np.bincount alone (floor)",
    )
    result["peak_memory_ratio"] = (
        peak_memory(lambda: estimate_entropy(x, method="plugin")) / x.nbytes
    )
    result["peak_memory_ratio_auto"] = peak_memory(lambda: estimate_entropy(x)) / x.nbytes
    print(
        f"  peak memory / input size: plugin {result['peak_memory_ratio']:.2f}, "
        f"auto {result['peak_memory_ratio_auto']:.2f}"
    )
    return result


def mutual_information_case(n: int, rounds: int) -> dict[str, Any]:
    rng = np.random.default_rng(1)
    x = rng.integers(0, 100, n)
    y = (x + rng.integers(0, 10, n)) % 50
    combined = x * 50 + y
    contenders: dict[str, Callable[[], object]] = {
        "np.bincount of combined codes (floor)": lambda: np.bincount(combined),
        "infokit plugin": lambda: estimate_mutual_information(x, y, method="plugin"),
        "infokit auto (chao_wang_jost)": lambda: estimate_mutual_information(x, y),
    }
    slow = set()
    sklearn = _peer("sklearn")
    if sklearn is not None:
        contenders["scikit-learn mutual_info_score"] = lambda: sklearn.mutual_info_score(x, y)
        slow.add("scikit-learn mutual_info_score")
    infomeasure = _peer("infomeasure")
    if infomeasure is not None:
        contenders["infomeasure discrete"] = lambda: infomeasure.mutual_information(
            x, y, approach="discrete"
        )
        slow.add("infomeasure discrete")
    pyitlib = _peer("pyitlib")
    if pyitlib is not None:
        contenders["pyitlib information_mutual"] = lambda: pyitlib.information_mutual(
            x, y, base=np.e
        )
        slow.add("pyitlib information_mutual")
    medians = time_side_by_side(contenders, rounds, 3, slow)
    result = report(
        f"plug-in mutual information, {n:.0e} int64 pairs (100 x 50 categories)",
        medians,
        "np.bincount of combined codes (floor)",
    )
    inputs = x.nbytes + y.nbytes
    result["peak_memory_ratio"] = (
        peak_memory(lambda: estimate_mutual_information(x, y, method="plugin")) / inputs
    )
    print(f"  peak memory / input size (x and y): {result['peak_memory_ratio']:.2f}")
    return result


def string_case(n: int, rounds: int) -> dict[str, Any]:
    rng = np.random.default_rng(2)
    words = np.array([f"w{i:03d}" for i in range(1000)])
    labels = words[rng.integers(0, 1000, n)]
    contenders: dict[str, Callable[[], object]] = {
        "np.unique(return_inverse) (factorisation)": lambda: np.unique(labels, return_inverse=True),
        "infokit plugin on strings": lambda: estimate_entropy(labels, method="plugin"),
    }
    slow = set()
    try:
        import pandas as pd

        series = pd.Series(labels)
        contenders["pandas.factorize (hash factorisation)"] = lambda: pd.factorize(series)
        contenders["infokit plugin on a pandas Series"] = lambda: estimate_entropy(
            series, method="plugin"
        )
        categorical = series.astype("category")
        contenders["infokit plugin on a pandas categorical"] = lambda: estimate_entropy(
            categorical, method="plugin"
        )
    except ImportError:
        pass
    sklearn = _peer("sklearn")
    if sklearn is not None:
        contenders["scikit-learn mutual_info_score(s, s)"] = lambda: sklearn.mutual_info_score(
            labels, labels
        )
        slow.add("scikit-learn mutual_info_score(s, s)")
    medians = time_side_by_side(contenders, rounds, 3, slow)
    return report(
        f"string labels, {n:.0e} samples over 1000 categories",
        medians,
        "np.unique(return_inverse) (factorisation)",
    )


def high_cardinality_case(n: int, rounds: int) -> dict[str, Any]:
    rng = np.random.default_rng(3)
    x = rng.integers(0, 10**5, n)
    y = (x + rng.integers(0, 3, n)) % 10**5
    contenders: dict[str, Callable[[], object]] = {
        "np.unique(x * 10^5 + y) (sort floor)": lambda: np.unique(
            x * 10**5 + y, return_counts=True
        ),
        "infokit plugin (sparse path)": lambda: estimate_mutual_information(x, y, method="plugin"),
    }
    slow = set()
    sklearn = _peer("sklearn")
    if sklearn is not None:
        contenders["scikit-learn mutual_info_score"] = lambda: sklearn.mutual_info_score(x, y)
        slow.add("scikit-learn mutual_info_score")
    medians = time_side_by_side(contenders, rounds, 3, slow)
    result = report(
        f"high cardinality, {n:.0e} pairs over 10^5 x 10^5 labels",
        medians,
        "np.unique(x * 10^5 + y) (sort floor)",
    )
    result["peak_memory_ratio"] = peak_memory(
        lambda: estimate_mutual_information(x, y, method="plugin")
    ) / (x.nbytes + y.nbytes)
    print(f"  peak memory / input size (x and y): {result['peak_memory_ratio']:.2f}")
    return result


def nsb_case(rounds: int) -> dict[str, Any]:
    rng = np.random.default_rng(4)
    p = 1 / np.arange(1, 10**4 + 1)
    p /= p.sum()
    results = {}
    print("\nNSB on counts of 10^4 categories (Zipf), K = 10^4 known")
    for n in (10**4, 10**5, 10**6, 10**7):
        counts = rng.multinomial(n, p)
        medians = time_side_by_side(
            {
                "nsb": lambda counts=counts: estimate_entropy_from_counts(
                    counts, method="nsb", alphabet_size=10**4
                )
            },
            rounds,
            rounds,
            set(),
        )
        distinct = np.unique(counts[counts > 0]).size
        print(f"  N = {n:.0e}: {medians['nsb'] * 1e3:7.1f} ms ({distinct} distinct counts)")
        results[f"N={n}"] = {"seconds": medians["nsb"], "distinct_counts": int(distinct)}
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=10**7)
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--strings", type=int, default=10**6)
    parser.add_argument(
        "--output", type=Path, default=Path(__file__).parent / "results" / "bench_discrete.json"
    )
    args = parser.parse_args()
    results = {
        "entropy": entropy_case(args.n, args.rounds),
        "mutual_information": mutual_information_case(args.n, args.rounds),
        "strings": string_case(args.strings, args.rounds),
        "high_cardinality": high_cardinality_case(10**6, args.rounds),
        "nsb": nsb_case(args.rounds),
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(results, indent=1))
    print(f"\nwrote {args.output}")


if __name__ == "__main__":
    main()
