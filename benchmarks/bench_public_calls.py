"""Time the public calls the way a user writes them, error bars included, against the peers.

Run from the repository root, with the allocator settings of ``../shared/PERFORMANCE.md``::

    MALLOC_MMAP_MAX_=0 MALLOC_TRIM_THRESHOLD_=2147483647 python benchmarks/bench_public_calls.py

Every infokit row is a public function with its defaults (``uncertainty="auto"``: the
standard error is part of the call); the rows "(no error bar)" pass ``uncertainty="none"``
so that the error bar's share can be read off. Sections, each run side by side in one
process with interleaved repeats (medians, and ratios peer / infokit):

1. ``estimate_mutual_information(x, y)``, 1-D/1-D Gaussians (rho = 0.6), N = 10^5, against
   scikit-learn's ``mutual_info_regression(x[:, None], y)`` and NPEET's ``mi``.
2. The same call at N = 10^6 (infokit only; scikit-learn takes about 10 s there).
3. ``estimate_entropy(x)``, 5-D standard Gaussian, N = 10^5, against NPEET's ``entropy``.
4. ``independence_test(x, y)`` (1000 permutations), 2000 continuous pairs, against the loop
   a user writes with scikit-learn: ``mutual_info_regression`` on 1000 shuffles (3 repeats:
   the loop takes about 10 s).

Options: ``--repeats R`` (default 5), ``--quick`` (smaller sizes). Figures go to
``benchmarks/results/bench_public_calls.json`` with the machine and the load average.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_continuous as bench
import infokit

RESULTS_PATH = Path(__file__).resolve().parent / "results" / "bench_public_calls.json"


def _optional(name: str) -> Any:
    try:
        return __import__(name, fromlist=["_"])
    except ImportError:
        print(f"({name} is not installed: its rows are skipped)")
        return None


sklearn_fs = _optional("sklearn.feature_selection")
npeet = _optional("npeet_plus.estimators")


def gaussian_pair(n: int, rho: float = 0.6, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    x = rng.standard_normal(n)
    return x, rho * x + math.sqrt(1 - rho**2) * rng.standard_normal(n)


def section_mutual_information(n: int, repeats: int, key: str, peers: bool) -> None:
    x, y = gaussian_pair(n)
    contenders = {
        "infokit": lambda: infokit.estimate_mutual_information(x, y).value,
        "infokit (no error bar)": lambda: (
            infokit.estimate_mutual_information(x, y, uncertainty="none").value
        ),
    }
    if peers and sklearn_fs is not None:
        contenders["scikit-learn mutual_info_regression"] = lambda: float(
            sklearn_fs.mutual_info_regression(x[:, None], y, n_neighbors=3, random_state=0)[0]
        )
    if peers and npeet is not None:
        contenders["NPEET mi (npeet-plus)"] = lambda: float(
            npeet.mi(x[:, None], y[:, None], k=3, base=math.e)
        )
    bench.compare(
        f"estimate_mutual_information(x, y), 1-D/1-D, N = {n:.0e}, defaults",
        contenders,
        repeats,
        key=key,
        setting={"n": n, "rho": 0.6},
    )


def section_entropy(n: int, repeats: int) -> None:
    x = np.random.default_rng(1).standard_normal((n, 5))
    contenders = {
        "infokit": lambda: infokit.estimate_entropy(x).value,
        "infokit (no error bar)": lambda: infokit.estimate_entropy(x, uncertainty="none").value,
    }
    if npeet is not None:
        contenders["NPEET entropy (npeet-plus)"] = lambda: float(npeet.entropy(x, k=3, base=math.e))
    bench.compare(
        f"estimate_entropy(x), 5-D Gaussian, N = {n:.0e}, defaults",
        contenders,
        repeats,
        key="entropy_5d",
        setting={"n": n, "d": 5},
    )


def section_independence(n: int, repeats: int) -> None:
    x, y = gaussian_pair(n, rho=0.05, seed=2)
    contenders = {
        "infokit": lambda: infokit.independence_test(x, y).p_value,
    }
    if sklearn_fs is not None:
        rng = np.random.default_rng(3)

        def sklearn_loop() -> float:
            observed = sklearn_fs.mutual_info_regression(x[:, None], y, random_state=0)[0]
            null = [
                sklearn_fs.mutual_info_regression(x[:, None], rng.permutation(y), random_state=0)[0]
                for _ in range(1000)
            ]
            return float((1 + np.sum(np.asarray(null) >= observed)) / 1001)

        contenders["scikit-learn loop, 1000 shuffles"] = sklearn_loop
    bench.compare(
        f"independence_test(x, y), {n} continuous pairs, 1000 permutations",
        contenders,
        repeats,
        key="independence_test",
        setting={"n": n, "n_permutations": 1000},
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    scale = 10 if args.quick else 1
    section_mutual_information(100_000 // scale, args.repeats, "mutual_information_1e5", True)
    section_mutual_information(
        1_000_000 // scale, max(3, args.repeats // 2), "mutual_information_1e6", False
    )
    section_entropy(100_000 // scale, args.repeats)
    section_independence(2000, min(3, args.repeats))
    document = {"machine": bench.machine(), "sections": bench.RESULTS}
    RESULTS_PATH.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    print(f"\nwrote {RESULTS_PATH}")


if __name__ == "__main__":
    main()
