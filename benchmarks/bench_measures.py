"""Per-row entropy and KL divergence of a (20000, 1000) float64 batch: infokit against the peers.

Run::

    MALLOC_MMAP_MAX_=0 MALLOC_TRIM_THRESHOLD_=2147483647 python benchmarks/bench_measures.py

Every contender runs in the same process on the same arrays, interleaved, several times;
the table gives medians and ratios to the floor (one ``np.log(P)`` pass). infokit runs with
validation on (its default). The torch rows compare infokit's torch path with
``torch.special.entr(T).sum(1)``. Results are also written to
``benchmarks/results/measures.json``.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
from scipy import special, stats

import infokit as ik


def _timed(function: Callable[[], object], repeats: int) -> float:
    function()  # warm up (allocations, imports, kernels)
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def _masked_numpy_entropy(p: np.ndarray) -> np.ndarray:
    logs = np.zeros_like(p)
    np.log(p, out=logs, where=p > 0)
    return -np.sum(p * logs, axis=1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--outcomes", type=int, default=1_000)
    parser.add_argument("--repeats", type=int, default=9)
    args = parser.parse_args()

    rng = np.random.default_rng(0)
    p = rng.random((args.rows, args.outcomes))
    p /= p.sum(axis=1, keepdims=True)
    q = rng.random((args.rows, args.outcomes)) + 0.01
    q /= q.sum(axis=1, keepdims=True)

    contenders: dict[str, Callable[[], object]] = {
        "floor: np.log(P)": lambda: np.log(p),
        "scipy.stats.entropy(P, axis=1)": lambda: stats.entropy(p, axis=1),
        "scipy.special.entr(P).sum(1)": lambda: special.entr(p).sum(1),
        "masked numpy expression": lambda: _masked_numpy_entropy(p),
        "infokit.entropy(P)": lambda: ik.entropy(p),
        "scipy.stats.entropy(P, Q, axis=1)": lambda: stats.entropy(p, q, axis=1),
        "scipy.special.rel_entr(P, Q).sum(1)": lambda: special.rel_entr(p, q).sum(1),
        "infokit.kl_divergence(P, Q)": lambda: ik.kl_divergence(p, q),
    }
    try:
        import torch

        tp, tq = torch.from_numpy(p), torch.from_numpy(q)
        contenders |= {
            "torch.special.entr(T).sum(1)": lambda: torch.special.entr(tp).sum(1),
            "infokit.entropy(T) [torch]": lambda: ik.entropy(tp),
            "torch F.kl_div(log Q, P).sum(1)": lambda: torch.nn.functional.kl_div(
                tq.log(), tp, reduction="none"
            ).sum(1),
            "infokit.kl_divergence(T) [torch]": lambda: ik.kl_divergence(tp, tq),
        }
    except ImportError:
        torch = None

    # Same answers before timing anything.
    np.testing.assert_allclose(ik.entropy(p), stats.entropy(p, axis=1), rtol=1e-12)
    np.testing.assert_allclose(ik.kl_divergence(p, q), stats.entropy(p, q, axis=1), rtol=1e-10)

    rounds: dict[str, list[float]] = {name: [] for name in contenders}
    for _ in range(3):  # interleave contenders so drift hits all of them alike
        for name, function in contenders.items():
            rounds[name].append(_timed(function, args.repeats))
    medians = {name: statistics.median(times) for name, times in rounds.items()}
    floor = medians["floor: np.log(P)"]

    print(
        f"shape ({args.rows}, {args.outcomes}) float64, validation on; medians of "
        f"{3 * args.repeats} runs"
    )
    print(f"{'contender':<38} {'ms':>8} {'x np.log':>9}")
    for name, seconds in medians.items():
        print(f"{name:<38} {seconds * 1e3:8.1f} {seconds / floor:9.2f}")
    summary = {
        "entropy / log pass": medians["infokit.entropy(P)"] / floor,
        "kl_divergence / log pass": medians["infokit.kl_divergence(P, Q)"] / floor,
        "scipy.stats.entropy / infokit.entropy": medians["scipy.stats.entropy(P, axis=1)"]
        / medians["infokit.entropy(P)"],
    }
    if torch is not None:
        summary["infokit torch entropy / torch entr sum"] = (
            medians["infokit.entropy(T) [torch]"] / medians["torch.special.entr(T).sum(1)"]
        )
        summary["infokit torch kl / torch kl_div sum"] = (
            medians["infokit.kl_divergence(T) [torch]"] / medians["torch F.kl_div(log Q, P).sum(1)"]
        )
    print()
    for name, ratio in summary.items():
        print(f"{name:<42} {ratio:6.2f}")
    results = {
        "machine": {
            "processor": platform.processor(),
            "python": platform.python_version(),
            "numpy": np.__version__,
        },
        "shape": [args.rows, args.outcomes],
        "median_seconds": medians,
        "ratios": summary,
    }
    out = Path(__file__).parent / "results" / "measures.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
