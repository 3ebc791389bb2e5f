"""The device paths: the same public calls on NumPy arrays, torch CPU tensors and a GPU.

Times the calls a user writes, with their defaults (error bars included), on NumPy
(float64), on torch CPU tensors (float64), and on a CUDA device in float32 and float64
when one is present (the GPU rows are skipped, with a line saying so, when there is none):

* ``estimate_mutual_information(x, y, method="gaussian")`` and ``"gaussian_copula"``
  (block jackknife, 10 replicates), ``estimate_conditional_mutual_information(x, y, z,
  method="gaussian_copula")``, and the plug-in MI of 10x as many integer labels;
* the variational bounds ``infonce_lower_bound`` and ``nwj_lower_bound`` of a 1024 x 1024
  score matrix, and ``prediction_information`` (BALD) of 100 members x 10^4 points x 10
  classes from logits, when infokit has them.

Each torch row also reports the largest difference from the NumPy value. Run with the
allocator settings of ``../shared/PERFORMANCE.md``::

    MALLOC_MMAP_MAX_=0 MALLOC_TRIM_THRESHOLD_=2147483647 python benchmarks/bench_device.py

Results go to ``benchmarks/results/bench_device.json``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np


def _median_time(
    call: Callable[[], Any], repeats: int, sync: Callable[[], None]
) -> tuple[float, Any]:
    value = call()
    sync()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        value = call()
        sync()
        times.append(time.perf_counter() - start)
    return statistics.median(times), value


def _as_float(value: Any) -> float:
    value = getattr(value, "value", value)
    detach = getattr(value, "detach", None)
    return float(detach() if callable(detach) else value)


def _cases(n: int) -> dict[str, tuple[Callable[..., Any], tuple[np.ndarray, ...]]]:
    import infokit as ik

    rng = np.random.default_rng(0)
    x = rng.standard_normal((n, 4))
    y = x @ rng.standard_normal((4, 4)) + rng.standard_normal((n, 4))
    z = x[:, :2] + rng.standard_normal((n, 2))
    cases: dict[str, tuple[Callable[..., Any], tuple[np.ndarray, ...]]] = {
        f"MI gaussian, n={n:.0e}, 4+4 dims": (
            lambda a, b: ik.estimate_mutual_information(a, b, method="gaussian"),
            (x, y),
        ),
        f"MI gaussian_copula, n={n:.0e}, 4+4 dims": (
            lambda a, b: ik.estimate_mutual_information(a, b, method="gaussian_copula"),
            (x, y),
        ),
        f"CMI gaussian_copula, n={n:.0e}, 4+4|2 dims": (
            lambda a, b, c: ik.estimate_conditional_mutual_information(
                a, b, c, method="gaussian_copula"
            ),
            (x, y, z),
        ),
    }
    labels_x = rng.integers(0, 1000, n * 10)
    labels_y = (labels_x + rng.integers(0, 50, n * 10)) % 1000
    cases[f"MI plugin, n={n * 10:.0e} labels, 1000 x 1000"] = (
        lambda a, b: ik.estimate_mutual_information(a, b, method="plugin"),
        (labels_x, labels_y),
    )
    try:
        from infokit import bounds
    except ImportError:
        bounds = None
    if bounds is not None:
        scores = rng.standard_normal((1024, 1024)) + 3 * np.eye(1024)
        cases["infonce_lower_bound, 1024 x 1024"] = (bounds.infonce_lower_bound, (scores,))
        cases["nwj_lower_bound, 1024 x 1024"] = (bounds.nwj_lower_bound, (scores,))
    if hasattr(ik, "prediction_information"):
        logits = rng.standard_normal((100, 10_000, 10))
        cases["prediction_information, 100 x 1e4 x 10 logits"] = (
            lambda p: ik.prediction_information(p, members_axis=0, from_logits=True),
            (logits,),
        )
    return cases


def main() -> None:
    import torch

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--n", type=int, nargs="+", default=[10_000, 100_000])
    args = parser.parse_args()
    gpu = torch.cuda.is_available()
    if not gpu:
        print("no CUDA device: the GPU rows are skipped")
    rows = []
    for n in args.n:
        for name, (call, arrays) in _cases(n).items():
            numpy_s, numpy_value = _median_time(lambda: call(*arrays), args.repeats, lambda: None)  # noqa: B023
            row: dict[str, Any] = {"case": name, "numpy_s": numpy_s}
            targets = [("torch_cpu", "cpu", torch.float64)]
            if gpu:
                targets += [
                    ("cuda_f64", "cuda", torch.float64),
                    ("cuda_f32", "cuda", torch.float32),
                ]
            for label, device, dtype in targets:
                tensors = [
                    torch.as_tensor(a, dtype=dtype if a.dtype.kind == "f" else None, device=device)
                    for a in arrays
                ]
                sync = torch.cuda.synchronize if device == "cuda" else (lambda: None)
                seconds, value = _median_time(lambda: call(*tensors), args.repeats, sync)  # noqa: B023
                row[f"{label}_s"] = seconds
                row[f"{label}_abs_difference"] = abs(_as_float(value) - _as_float(numpy_value))
            rows.append(row)
            shown = ", ".join(
                f"{key[:-2]} {value:.4f} s" for key, value in row.items() if key.endswith("_s")
            )
            print(f"{name:<52} {shown}; torch-numpy {row['torch_cpu_abs_difference']:.1e}")
    out = Path(__file__).parent / "results" / "bench_device.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps({"gpu": gpu, "rows": rows}, indent=2))
    print(f"written {out}")


if __name__ == "__main__":
    main()
