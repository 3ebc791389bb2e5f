"""Every continuous MI method of infokit on the 40 "Beyond Normal" tasks (Czyż et al. 2023).

The tasks of P. Czyż, F. Grabowski, J. E. Vogt, N. Beerenwinkel and A. Marx, "Beyond
Normal: On the Evaluation of Mutual Information Estimators", NeurIPS 2023: 1-D to 50-D
Gaussian, Student-t, additive-uniform, bimodal and Swiss-roll distributions, and normal-CDF,
half-cube, wiggly, spiral and asinh transforms, with known mutual information. They are
re-implemented in NumPy/SciPy in ``benchmarks/beyond_normal_tasks.py`` from the definitions
of the reference package ``benchmark-mi`` (https://github.com/cbg-ethz/bmi, MIT licence,
Copyright (c) 2022 Paweł Czyż); see that module for the formulas and their checks.

Each method is ``estimate_mutual_information(x, y, method=...)`` with its default options
(so ``std_error`` is the method's default error bar), on N = 5000 samples of 3 seeds; the
methods are ``"auto"``, every name in
``infokit.estimators._options.CONTINUOUS_MUTUAL_INFORMATION_METHODS`` and the neural ones
(``NEURAL_MUTUAL_INFORMATION_METHODS``: a separable critic trained on InfoNCE, NWJ, SMILE,
MINE or Donsker-Varadhan with its laptop defaults, on the CPU, scored on held-out rows). A
method that refuses the data (``"ross"`` wants one discrete variable) is recorded with its
message. `METHODS` maps a name to a callable ``(x, y, seed) -> Outcome``: add an entry to
benchmark another estimator (a peer) on the same samples.

Reported per method: for each task the mean estimate over the seeds and its bias; over the
tasks, how many have a mean within max(0.1 nats, 10 %) of the truth, the mean |bias|, and the
time spent estimating (after one untimed warm-up call per task and method on 300 rows, which
compiles the numba kernels for that dimension).

Run: ``python benchmarks/accuracy_beyond_normal.py`` (writes
``benchmarks/results/accuracy_beyond_normal.json``), ``--quick`` (N = 1000, 1 seed, 13
tasks up to 5-D, writes nothing unless ``--output`` is given), ``--check`` (the correctness
checks of the task module only).
"""

from __future__ import annotations

import argparse
import importlib.metadata
import importlib.util
import json
import os
import platform
import sys
import time
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np

from infokit import estimate_mutual_information
from infokit.errors import InfokitError

# the list infokit's front end validates `method` against (a private module, read on purpose)
from infokit.estimators._options import (
    CONTINUOUS_MUTUAL_INFORMATION_METHODS,
    NEURAL_MUTUAL_INFORMATION_METHODS,
)


def _load_tasks_module() -> ModuleType:
    """Import the sibling ``beyond_normal_tasks.py`` by path (benchmarks/ is no package)."""
    if "beyond_normal_tasks" in sys.modules:
        return sys.modules["beyond_normal_tasks"]
    path = Path(__file__).resolve().parent / "beyond_normal_tasks.py"
    spec = importlib.util.spec_from_file_location("beyond_normal_tasks", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["beyond_normal_tasks"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


tasks_module = _load_tasks_module()

RESULTS = Path(__file__).parent / "results" / "accuracy_beyond_normal.json"
ABSOLUTE_TOLERANCE = 0.1  # nats
RELATIVE_TOLERANCE = 0.1
WARM_UP_ROWS = 300
QUICK_TASKS = (
    "1v1-normal-0.75",
    "1v1-additive-0.1",
    "1v1-bimodal-0.75",
    "wiggly-1v1-normal-0.75",
    "half_cube-1v1-normal-0.75",
    "student-identity-1-1-1",
    "asinh-student-identity-1-1-1",
    "swissroll_x-normal_cdf-1v1-normal-0.75",
    "multinormal-dense-5-5-0.5",
    "multinormal-sparse-5-5-2-2.0",
    "student-identity-5-5-3",
    "normal_cdf-multinormal-sparse-5-5-2-2.0",
    "spiral-multinormal-sparse-5-5-2-2.0",
)


@dataclass(frozen=True)
class Outcome:
    """One estimate: value and standard error in nats, the method that ran, its warnings."""

    value: float
    std_error: float
    chosen: str
    warnings: tuple[str, ...] = ()


Estimator = Callable[[np.ndarray, np.ndarray, int], Outcome]


def infokit_method(name: str) -> Estimator:
    """``estimate_mutual_information(x, y, method=name, rng=seed)`` with default options."""

    def estimate(x: np.ndarray, y: np.ndarray, seed: int) -> Outcome:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            result = estimate_mutual_information(x, y, method=name, rng=seed)
        messages = tuple(f"{w.category.__name__}: {w.message}" for w in caught)
        return Outcome(float(result.value), float(result.std_error), result.method, messages)

    return estimate


METHODS: dict[str, Estimator] = {
    name: infokit_method(name)
    for name in (
        "auto",
        *CONTINUOUS_MUTUAL_INFORMATION_METHODS,
        *NEURAL_MUTUAL_INFORMATION_METHODS,
    )
}


def tolerance(truth: float) -> float:
    """max(0.1 nats, 10 % of the truth): the acceptance band of a task."""
    return max(ABSOLUTE_TOLERANCE, RELATIVE_TOLERANCE * truth)


def _run_one(estimator: Estimator, x: np.ndarray, y: np.ndarray, seed: int) -> dict[str, Any]:
    start = time.perf_counter()
    try:
        outcome = estimator(x, y, seed)
    except InfokitError as error:  # the method refuses this kind of data
        return {"error": f"{type(error).__name__}: {error}", "seconds": 0.0}
    seconds = time.perf_counter() - start
    return {
        "estimate": outcome.value,
        "std_error": outcome.std_error,
        "seconds": seconds,
        "chosen": outcome.chosen,
        "warnings": sorted(set(outcome.warnings)),
    }


def run(
    tasks: Sequence[tasks_module.Task], methods: Sequence[str], n: int, seeds: int
) -> list[dict[str, Any]]:
    """Every task, seed and method on the same samples; one record per estimate."""
    records = []
    wanted = {task.task_id for task in tasks}
    for index, task in enumerate(tasks_module.TASKS):  # the index seeds the samples
        if task.task_id not in wanted:
            continue
        start = time.perf_counter()
        for seed in range(seeds):
            x, y = task.sample(n, np.random.default_rng([seed, index]))
            for method in methods:
                estimator = METHODS[method]
                warm_up = None
                if seed == 0:  # untimed: compiles the kernels for this dimension
                    begin = time.perf_counter()
                    _run_one(estimator, x[:WARM_UP_ROWS], y[:WARM_UP_ROWS], seed)
                    warm_up = time.perf_counter() - begin
                record = {"task": task.task_id, "method": method, "seed": seed}
                record |= _run_one(estimator, x, y, seed)
                if warm_up is not None:
                    record["warm_up_seconds"] = warm_up
                records.append(record)
        means = {
            r["method"]: r["estimate"]
            for r in records
            if r["task"] == task.task_id and r["seed"] == 0 and "estimate" in r
        }
        cells = " ".join(f"{m}={v:.3f}" for m, v in means.items())
        print(
            f"{task.task_id:48s} truth {task.mutual_information:.3f} | {cells} "
            f"({time.perf_counter() - start:.1f} s)",
            flush=True,
        )
    return records


def summarise(
    tasks: Sequence[tasks_module.Task], methods: Sequence[str], records: list[dict[str, Any]]
) -> dict[str, Any]:
    """Per task and method: mean estimate and bias; per method: count within tolerance."""
    per_task = []
    for task in tasks:
        truth = task.mutual_information
        row: dict[str, Any] = {
            "task": task.task_id,
            "name": task.name,
            "dim_x": task.dim_x,
            "dim_y": task.dim_y,
            "truth": truth,
            "tolerance": tolerance(truth),
            "methods": {},
        }
        for method in methods:
            mine = [r for r in records if r["task"] == task.task_id and r["method"] == method]
            values = [r["estimate"] for r in mine if "estimate" in r]
            if not values:
                errors = sorted({r["error"] for r in mine if "error" in r})
                row["methods"][method] = {"error": errors[0] if errors else "not run"}
                continue
            mean = float(np.mean(values))
            row["methods"][method] = {
                "mean_estimate": mean,
                "bias": mean - truth,
                "within_tolerance": bool(abs(mean - truth) <= tolerance(truth)),
                "seconds": float(sum(r["seconds"] for r in mine)),
                "chosen": sorted({r["chosen"] for r in mine}),
            }
        per_task.append(row)
    per_method = {}
    for method in methods:
        cells = [row["methods"][method] for row in per_task]
        ran = [cell for cell in cells if "mean_estimate" in cell]
        per_method[method] = {
            "tasks_run": len(ran),
            "tasks_within_tolerance": sum(cell["within_tolerance"] for cell in ran),
            "mean_abs_bias": float(np.mean([abs(c["bias"]) for c in ran])) if ran else None,
            "seconds": float(sum(r["seconds"] for r in records if r["method"] == method)),
            "error": next((cell["error"] for cell in cells if "error" in cell), None),
        }
    return {"per_method": per_method, "per_task": per_task}


def print_summary(summary: dict[str, Any], n_tasks: int) -> None:
    """The per-method table, then the tasks each method misses."""
    print(f"\n{'method':16s} {'within':>8s} {'mean |bias|':>12s} {'seconds':>9s}")
    for method, row in summary["per_method"].items():
        if row["tasks_run"] == 0:
            print(f"{method:16s} {'n/a':>8s} {'':>12s} {'':>9s}  {row['error'][:70]}")
            continue
        print(
            f"{method:16s} {row['tasks_within_tolerance']:>3d} / {n_tasks:<2d} "
            f"{row['mean_abs_bias']:12.3f} {row['seconds']:9.1f}"
        )
    for method in summary["per_method"]:
        missed = [
            f"{row['task']} ({row['methods'][method]['bias']:+.2f})"
            for row in summary["per_task"]
            if not row["methods"][method].get("within_tolerance", True)
        ]
        if missed:
            print(f"{method} misses: {', '.join(missed)}")


def dump(result: dict[str, Any]) -> str:
    """JSON of the results, indented, with one line per estimate record (a smaller file)."""
    head = json.dumps({k: v for k, v in result.items() if k != "records"}, indent=1)
    records = ",\n".join("  " + json.dumps(record) for record in result["records"])
    return head[:-2] + ',\n "records": [\n' + records + "\n ]\n}\n"


def _versions() -> dict[str, str]:
    names = ("numpy", "scipy", "numba")
    found = {}
    for name in names:
        try:
            found[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            continue
    import infokit

    found["infokit"] = getattr(infokit, "__version__", "unknown")
    return found


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the options, run the benchmark (or the checks) and write the JSON."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=None, help="samples per task (5000)")
    parser.add_argument("--seeds", type=int, default=None, help="seeds per task (3)")
    parser.add_argument("--quick", action="store_true", help="N = 1000, 1 seed, 13 tasks")
    parser.add_argument("--check", action="store_true", help="run the task checks only")
    parser.add_argument("--tasks", nargs="*", default=None, help="task ids (default: all)")
    parser.add_argument("--methods", nargs="*", default=None, help="method names")
    parser.add_argument("--output", type=Path, default=None, help="results JSON path")
    options = parser.parse_args(argv)
    if options.check:
        return tasks_module.main()
    n = options.n or (1000 if options.quick else 5000)
    seeds = options.seeds or (1 if options.quick else 3)
    wanted = options.tasks or (QUICK_TASKS if options.quick else None)
    tasks = [t for t in tasks_module.TASKS if wanted is None or t.task_id in wanted]
    methods = options.methods or list(METHODS)
    output = options.output or (None if options.quick else RESULTS)

    print(f"N = {n}, {seeds} seed(s), {len(tasks)} tasks, methods: {', '.join(methods)}")
    load_start = os.getloadavg()
    start = time.perf_counter()
    records = run(tasks, methods, n, seeds)
    wall = time.perf_counter() - start
    summary = summarise(tasks, methods, records)
    print_summary(summary, len(tasks))
    print(f"wall time {wall:.0f} s")
    if output is not None:
        result = {
            "n_samples": n,
            "seeds": seeds,
            "tolerance": "max(0.1 nats, 10 % of the truth), on the mean over seeds",
            "machine": {"platform": platform.platform(), "cpus": os.cpu_count()},
            "versions": _versions(),
            "load_average_start": load_start,
            "load_average_end": os.getloadavg(),
            "wall_seconds": wall,
            "summary": summary,
            "records": records,
        }
        output.parent.mkdir(exist_ok=True)
        output.write_text(dump(result), encoding="utf-8")
        print(f"wrote {output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
