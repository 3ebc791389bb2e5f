"""`infokit profile` at scale: DuckDB out of core, and the in-memory path against scikit-learn.

1. Out of core: ``infokit profile FILE --target y --format json`` through DuckDB in a
   subprocess under ``/usr/bin/time -v``: wall time, peak RSS, and the profiled mutual
   information against the planted values of ``make_profile_data.py`` (to 3 decimals).
2. In memory, same file loaded as a pandas (and polars) DataFrame: `profile_dataframe`
   (MI with the target only, ``max_pairwise=0``, and the full profile) against the loop a
   pandas user writes, ``{c: mutual_info_score(df[c], df["y"]) for c in columns}``.

Run with the allocator settings of ``../shared/PERFORMANCE.md``::

    python benchmarks/make_profile_data.py --rows 100000000 --out /tmp/profile-1e8.parquet
    MALLOC_MMAP_MAX_=0 MALLOC_TRIM_THRESHOLD_=2147483647 \\
        python benchmarks/bench_profile.py --file /tmp/profile-1e8.parquet --in-memory-rows 10000000

Results go to ``benchmarks/results/bench_profile.json``.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq


def out_of_core(path: Path, *, max_pairwise: int) -> dict[str, Any]:
    command = [
        "/usr/bin/time",
        "-v",
        sys.executable,
        "-m",
        "infokit.cli",
        "profile",
        str(path),
        "--target",
        "y",
        "--format",
        "json",
        "--no-progress",
        "--max-pairwise",
        str(max_pairwise),
    ]
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    wall = time.perf_counter() - start
    rss_kib = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr)[1])
    profile = json.loads(done.stdout)
    planted = json.loads(path.with_suffix(".planted.json").read_text())
    rows = []
    for name, expected in sorted(planted.items()):
        column = next(c for c in profile["columns"] if c["name"] == name)
        rows.append(
            {
                "column": name,
                "planted_bits": expected,
                "profiled_bits": column["mutual_information"],
                "std_error": column["mutual_information_std_error"],
                "p_value": column["p_value"],
                # 3 decimals: within half a unit of the third decimal
                "agrees_to_3_decimals": abs(column["mutual_information"] - expected) < 5e-4,
                "difference_in_std_errors": (column["mutual_information"] - expected)
                / column["mutual_information_std_error"],
            }
        )
    return {
        "rows": profile["n_rows"],
        "max_pairwise": max_pairwise,
        "wall_s": wall,
        "peak_rss_mib": rss_kib / 1024,
        "columns": rows,
    }


def in_memory(path: Path, *, rows: int, repeats: int) -> dict[str, Any]:
    import polars as pl
    from sklearn.metrics import mutual_info_score

    from infokit.profiling import profile_dataframe

    table = pq.read_table(path).slice(0, rows)
    frame = table.to_pandas()
    polars_frame = pl.from_arrow(table)
    names = [c for c in frame.columns if c != "y"]

    def sklearn_loop() -> dict[str, float]:
        return {c: mutual_info_score(frame[c], frame["y"]) for c in names}

    contenders = {
        "sklearn mutual_info_score loop (pandas)": sklearn_loop,
        "profile_dataframe pandas, max_pairwise=0": lambda: profile_dataframe(
            frame, target="y", max_pairwise=0
        ),
        "profile_dataframe polars, max_pairwise=0": lambda: profile_dataframe(
            polars_frame, target="y", max_pairwise=0
        ),
        "profile_dataframe pandas, full (45 pairs)": lambda: profile_dataframe(frame, target="y"),
    }
    times: dict[str, list[float]] = {name: [] for name in contenders}
    results: dict[str, Any] = {}
    for name, run in contenders.items():  # warm-up
        results[name] = run()
    for _ in range(repeats):  # interleaved rounds
        for name, run in contenders.items():
            start = time.perf_counter()
            run()
            times[name].append(time.perf_counter() - start)
    reference = results["sklearn mutual_info_score loop (pandas)"]
    profile = results["profile_dataframe pandas, max_pairwise=0"]
    plugin = profile_dataframe(frame, target="y", max_pairwise=0, method="plugin")
    worst = max(abs(plugin.column(c).mutual_information - reference[c]) for c in names)
    base = statistics.median(times["sklearn mutual_info_score loop (pandas)"])
    return {
        "rows": len(frame),
        "median_s": {name: statistics.median(t) for name, t in times.items()},
        "ratio_to_sklearn": {name: statistics.median(t) / base for name, t in times.items()},
        "max_abs_diff_plugin_vs_sklearn_nats": worst,
        "miller_madow_minus_plugin_x9_nats": profile.column("x9").mutual_information
        - plugin.column("x9").mutual_information,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--file", type=Path, default=Path("/tmp/profile-data.parquet"))
    parser.add_argument("--in-memory-rows", type=int, default=10**7)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--max-pairwise", type=int, default=20)
    parser.add_argument("--skip-in-memory", action="store_true")
    args = parser.parse_args()

    report: dict[str, Any] = {}
    scale = out_of_core(args.file, max_pairwise=args.max_pairwise)
    report["out_of_core_duckdb"] = scale
    print(
        f"DuckDB, {scale['rows']:.0e} rows, pairwise of {args.max_pairwise}: "
        f"{scale['wall_s']:.1f} s, peak RSS {scale['peak_rss_mib']:.0f} MiB"
    )
    header = ["column", "planted", "profiled", "± s.e.", "diff/s.e."]
    print("  ".join(f"{h:>9}" for h in header) + "  |diff|<5e-4")
    for row in scale["columns"]:
        print(
            f"{row['column']:>9}  {row['planted_bits']:9.4f}  {row['profiled_bits']:9.4f}  "
            f"{row['std_error']:9.1e}  {row['difference_in_std_errors']:9.2f}  "
            f"{row['agrees_to_3_decimals']}"
        )
    if not args.skip_in_memory:
        memory = in_memory(args.file, rows=args.in_memory_rows, repeats=args.repeats)
        report["in_memory"] = memory
        print(f"\nin memory, {memory['rows']:.0e} rows x 10 columns (median of {args.repeats}):")
        for name, seconds in memory["median_s"].items():
            ratio = memory["ratio_to_sklearn"][name]
            print(f"  {name:<45} {seconds:7.2f} s   x{ratio:.2f} of sklearn")
        diff = memory["max_abs_diff_plugin_vs_sklearn_nats"]
        print(f"  plug-in MI vs sklearn: max |difference| = {diff:.1e} nats")
    out = Path(__file__).parent / "results" / "bench_profile.json"
    out.parent.mkdir(exist_ok=True)
    if out.exists():  # keep the other part of an earlier run, and earlier out-of-core runs
        earlier = json.loads(out.read_text())
        if args.skip_in_memory and "in_memory" in earlier:
            report["in_memory"] = earlier["in_memory"]
        runs = earlier.get("out_of_core_wall_s_runs", [earlier["out_of_core_duckdb"]["wall_s"]])
        if earlier["out_of_core_duckdb"]["rows"] == scale["rows"]:
            report["out_of_core_wall_s_runs"] = [*runs, scale["wall_s"]]
    out.write_text(json.dumps(report, indent=2, default=lambda v: None if math.isnan(v) else v))
    print(f"\nwritten {out}")


if __name__ == "__main__":
    main()
