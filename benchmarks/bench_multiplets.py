"""O-information of every multiplet: infokit against hoi and a loop, side by side, same data.

Times the public call a user makes, ``infokit.estimate_multiplet_information(data)`` with
its defaults (Gaussian copula, block-jackknife standard errors on every multiplet), and the
same call without error bars, against

* hoi's ``Oinfo(data).fit(minsize=k, maxsize=k, method="gc")`` (JAX, Gaussian copula; it
  reports bits, so its values are divided by log2(e) before comparing), timed cold (the
  first call, JIT compilation included: what a script pays) and warm (the median of the
  repeats after it), when hoi is installed;
* a Python loop of the public one-multiplet call ``infokit.estimate_o_information(*columns,
  method="gaussian_copula")`` over the first ``--loop`` multiplets, extrapolated linearly to
  all of them (labelled as such).

The data are 50 (or ``--variables``) standard normal columns at N = 10^4 with a few
coupled ones, so the O-information values are not all near zero. Run with the allocator
settings of ``../shared/PERFORMANCE.md``::

    MALLOC_MMAP_MAX_=0 MALLOC_TRIM_THRESHOLD_=2147483647 python benchmarks/bench_multiplets.py

Results go to ``benchmarks/results/bench_multiplets.json``.
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import time
from pathlib import Path
from typing import Any

import numpy as np


def _median_time(call: Any, repeats: int) -> tuple[float, Any]:
    value = call()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        value = call()
        times.append(time.perf_counter() - start)
    return statistics.median(times), value


def _data(n: int, d: int, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    data = rng.standard_normal((n, d))
    data[:, 1] += data[:, 0]  # redundancy among 0, 1, 2
    data[:, 2] += data[:, 0]
    data[:, 5] += data[:, 3] + data[:, 4]  # a sum: synergy among 3, 4, 5
    return data


def main() -> None:
    import infokit as ik

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--variables", type=int, default=50)
    parser.add_argument("--size", type=int, default=3)
    parser.add_argument("--loop", type=int, default=200, help="multiplets timed in the loop")
    args = parser.parse_args()
    data = _data(args.n, args.variables)
    n_multiplets = math.comb(args.variables, args.size)
    row: dict[str, Any] = {
        "n": args.n,
        "variables": args.variables,
        "size": args.size,
        "multiplets": n_multiplets,
    }

    default_s, result = _median_time(
        lambda: ik.estimate_multiplet_information(data, size=args.size), args.repeats
    )
    bare_s, _ = _median_time(
        lambda: ik.estimate_multiplet_information(data, size=args.size, uncertainty="none"),
        args.repeats,
    )
    row["infokit_default_s"] = default_s
    row["infokit_no_errors_s"] = bare_s
    print(f"{n_multiplets} multiplets of {args.size} of {args.variables} variables, n={args.n}")
    print(f"infokit estimate_multiplet_information (defaults, jackknife SE): {default_s:.3f} s")
    print(f"infokit estimate_multiplet_information(uncertainty='none'):    {bare_s:.3f} s")

    # The loop: the one-multiplet public call, on the first `--loop` multiplets.
    subset = result.multiplets[: args.loop]
    start = time.perf_counter()
    loop_values = [
        ik.estimate_o_information(*(data[:, j] for j in multiplet), method="gaussian_copula").value
        for multiplet in subset
    ]
    loop_s = (time.perf_counter() - start) * n_multiplets / len(subset)
    row["loop_extrapolated_s"] = loop_s
    row["loop_max_abs_difference"] = float(
        np.max(np.abs(np.asarray(loop_values) - result.o_information[: len(subset)]))
    )
    print(
        f"loop of estimate_o_information over {len(subset)} multiplets, extrapolated: "
        f"{loop_s:.1f} s (x{loop_s / default_s:.0f} the batched call), "
        f"|diff| {row['loop_max_abs_difference']:.1e}"
    )

    try:
        from hoi.metrics import Oinfo
    except ImportError:
        print("hoi is not installed: pip install hoi to compare with it")
    else:
        start = time.perf_counter()
        values = Oinfo(data, verbose=False).fit(minsize=args.size, maxsize=args.size, method="gc")
        cold_s = time.perf_counter() - start
        warm_s, values = _median_time(
            lambda: Oinfo(data, verbose=False).fit(
                minsize=args.size, maxsize=args.size, method="gc"
            ),
            max(1, args.repeats // 2),
        )
        theirs = np.asarray(values, dtype=np.float64)[:, 0] / math.log2(math.e)
        row["hoi_cold_s"] = cold_s
        row["hoi_warm_s"] = warm_s
        row["speedup_vs_hoi_warm"] = warm_s / default_s
        row["hoi_max_abs_difference_nats"] = float(np.max(np.abs(theirs - result.o_information)))
        print(
            f"hoi Oinfo.fit(method='gc'): cold {cold_s:.2f} s, warm {warm_s:.2f} s; "
            f"infokit (defaults) x{warm_s / default_s:.1f} faster than warm hoi, "
            f"|diff| {row['hoi_max_abs_difference_nats']:.1e} nats (hoi computes in float32)"
        )

    out = Path(__file__).parent / "results" / "bench_multiplets.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(row, indent=2))
    print(f"written {out}")


if __name__ == "__main__":
    main()
