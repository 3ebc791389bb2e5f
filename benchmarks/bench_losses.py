"""Benchmark `cross_entropy_loss` against ``torch.nn.functional.cross_entropy``.

Workload (issue 3): (65536, 1000) float32 logits with integer targets, mean reduction.
Timed in one run, interleaved, after a warm-up: torch's own kernel, infokit on torch tensors
(native path), infokit on NumPy arrays (blocked, threaded kernel), and for reference the
generic array-API code on NumPy and one ``np.exp`` pass (the floor).

Run with the allocator kept from returning freed memory to the host (otherwise every fresh
260 MB temporary is paid for in page faults, and timings split into two clusters)::

    MALLOC_MMAP_MAX_=0 MALLOC_TRIM_THRESHOLD_=2147483647 python benchmarks/bench_losses.py

Goals: torch path <= 1.2x torch's time, NumPy path <= 2x torch's time.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import torch

from infokit.losses import cross_entropy_loss
from infokit.losses.cross_entropy import index_cross_entropy


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=65536)
    parser.add_argument("--classes", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=21)
    parser.add_argument("--generic", action="store_true", help="also time the generic code")
    args = parser.parse_args()

    rng = np.random.default_rng(0)
    logits = (3 * rng.standard_normal((args.rows, args.classes))).astype(np.float32)
    labels = rng.integers(0, args.classes, args.rows)
    logits_t, labels_t = torch.from_numpy(logits), torch.from_numpy(labels)

    reference = torch.nn.functional.cross_entropy(logits_t, labels_t).item()
    assert abs(float(cross_entropy_loss(logits, labels)) - reference) <= 1e-6 * reference
    assert abs(cross_entropy_loss(logits_t, labels_t).item() - reference) <= 1e-6 * reference

    cases: dict[str, Callable[[], object]] = {
        "torch F.cross_entropy": lambda: torch.nn.functional.cross_entropy(logits_t, labels_t),
        "infokit, torch tensors": lambda: cross_entropy_loss(logits_t, labels_t),
        "infokit, NumPy arrays": lambda: cross_entropy_loss(logits, labels),
        "floor: one np.exp pass": lambda: np.exp(logits),
    }
    if args.generic:
        cases["infokit generic code, NumPy"] = lambda: index_cross_entropy(
            logits, labels, 1, None, None, 0.0, "mean", xp=np, native=False
        )
    for function in cases.values():  # warm-up: thread pools, page faults, caches
        function()
    timings: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(args.repeats):  # interleave call by call, so drifts hit every contender
        for name, function in cases.items():
            start = time.perf_counter()
            function()
            timings[name].append(1e3 * (time.perf_counter() - start))
    medians = {name: statistics.median(values) for name, values in timings.items()}
    torch_time = medians["torch F.cross_entropy"]
    print(
        f"cross-entropy, ({args.rows}, {args.classes}) float32 logits, integer targets, "
        f"torch threads = {torch.get_num_threads()}"
    )
    for name, median in medians.items():
        print(f"  {name:30s} {median:8.1f} ms   {median / torch_time:5.2f}x torch")
    results = {
        "cross_entropy": {
            "shape": [args.rows, args.classes],
            "dtype": "float32",
            "torch_threads": torch.get_num_threads(),
            "medians_seconds": {name: median / 1e3 for name, median in medians.items()},
            "floor": "torch F.cross_entropy",
        }
    }
    target = Path(__file__).resolve().parent / "results" / "bench_losses.json"
    target.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
