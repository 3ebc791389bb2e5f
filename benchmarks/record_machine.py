"""Record the machine the committed benchmark results were measured on.

Writes ``benchmarks/results/machine.json``: CPU model and core count, memory, operating
system, Python and the versions of the libraries compared. The documentation's benchmark
pages print it beside the tables. Run it on the machine that ran the benchmarks::

    python benchmarks/record_machine.py
"""

from __future__ import annotations

import importlib.metadata
import json
import os
import platform
from pathlib import Path

LIBRARIES = [
    "infokit",
    "numpy",
    "scipy",
    "torch",
    "jax",
    "scikit-learn",
    "numba",
    "pykdtree",
    "infomeasure",
    "pyitlib",
    "npeet-plus",
    "pandas",
    "polars",
    "duckdb",
]


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _memory_gib() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                return round(int(line.split()[1]) / 2**20, 1)
    except OSError:
        pass
    return None


def machine() -> dict[str, object]:
    """Describe this machine and the installed versions of the compared libraries."""
    versions = {}
    for name in LIBRARIES:
        try:
            versions[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            continue
    return {
        "cpu": _cpu_model(),
        "cores": os.cpu_count(),
        "memory_gib": _memory_gib(),
        "system": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "versions": versions,
    }


if __name__ == "__main__":
    target = Path(__file__).resolve().parent / "results" / "machine.json"
    target.write_text(json.dumps(machine(), indent=2) + "\n", encoding="utf-8")
    print(json.dumps(machine(), indent=2))
