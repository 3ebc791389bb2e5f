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

Three more parts, each on its own flag (results in ``bench_profile_real_tables.json``):

3. ``--two-id``: a 20,000-row CSV of an integer id, a uuid and a binary target, profiled by
   the CLI with and without ``--keep-identifiers`` (wall time, peak RSS). A dense id x uuid
   table would need 3 GB.
4. ``--wide FILE``: the 50-column table of ``make_wide_table.py`` (every cardinality,
   identifiers, rounded and integer columns) through DuckDB: wall time and peak RSS.
5. ``--calibration``: p-values of planted independent columns (Gaussian, rounded Gaussian,
   low- and high-cardinality categories, a shuffled real column) added to the Palmer
   penguins and to a 5000-row synthetic table, over seeds: the fraction below 0.05 and a
   Kolmogorov-Smirnov test of uniformity, per kind; and how often a planted column ranks
   above a real informative one.
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


def _timed_cli(arguments: list[str]) -> tuple[float, float, str]:
    command = ["/usr/bin/time", "-v", sys.executable, "-m", "infokit.cli", *arguments]
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    wall = time.perf_counter() - start
    rss_kib = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr)[1])
    return wall, rss_kib / 1024, done.stdout


def two_identifiers(folder: Path, *, repeats: int) -> dict[str, Any]:
    import uuid

    import numpy as np
    import pandas as pd

    n = 20_000
    rng = np.random.default_rng(0)
    path = folder / "two-ids.csv"
    pd.DataFrame(
        {
            "id": np.arange(n),
            "uuid": [str(uuid.UUID(int=int(v))) for v in rng.integers(0, 2**62, n)],
            "target": rng.integers(0, 2, n),
        }
    ).to_csv(path, index=False)
    result: dict[str, Any] = {"rows": n, "file_mib": path.stat().st_size / 2**20}
    for label, extra in [("default", []), ("--keep-identifiers", ["--keep-identifiers"])]:
        runs = [
            _timed_cli(["profile", str(path), "--target", "target", "--format", "json", *extra])
            for _ in range(repeats)
        ]
        result[label] = {
            "wall_s": statistics.median(r[0] for r in runs),
            "peak_rss_mib": statistics.median(r[1] for r in runs),
            "identifiers": [
                c["name"] for c in json.loads(runs[0][2])["columns"] if c["identifier"]
            ],
        }
    return result


def wide_table(path: Path) -> dict[str, Any]:
    wall, rss, stdout = _timed_cli(
        ["profile", str(path), "--target", "y", "--format", "json", "--no-progress"]
    )
    profile = json.loads(stdout)
    return {
        "rows": profile["n_rows"],
        "columns": len(profile["columns"]) + 1,
        "wall_s": wall,
        "peak_rss_mib": rss,
        "identifiers": [c["name"] for c in profile["columns"] if c["identifier"]],
        "ranked_first": [c["name"] for c in profile["columns"][:8]],
    }


def _planted(frame: Any, rng: Any, real: str) -> Any:
    import numpy as np

    n = len(frame)
    frame = frame.copy()
    frame["planted_gaussian"] = rng.normal(size=n)
    frame["planted_rounded"] = np.round(rng.normal(40, 10, n))
    frame["planted_low_card"] = rng.integers(0, 4, n).astype(str)
    frame["planted_high_card"] = [f"c{v}" for v in rng.integers(0, max(n // 10, 2), n)]
    frame["planted_shuffled"] = rng.permutation(frame[real].to_numpy())
    return frame


def calibration(*, seeds: int) -> dict[str, Any]:
    import numpy as np
    from scipy import stats

    from infokit.data import load_penguins
    from infokit.profiling import profile_dataframe

    penguins = load_penguins()
    rng0 = np.random.default_rng(0)
    n = 5000
    y = rng0.integers(0, 3, n)
    import pandas as pd

    synthetic = pd.DataFrame(
        {
            "informative": np.where(rng0.random(n) < 0.5, y, rng0.integers(0, 3, n)).astype(str),
            "real": y + rng0.normal(size=n),
            "target": y,
        }
    )
    tables = {
        "penguins (344 rows, target species)": (penguins, "species", "bill_length_mm"),
        "synthetic (5000 rows, 3 classes)": (synthetic, "target", "real"),
    }
    kinds = ["gaussian", "rounded", "low_card", "high_card", "shuffled"]
    report: dict[str, Any] = {}
    for label, (frame, target, real) in tables.items():
        p_values: dict[str, list[float]] = {k: [] for k in kinds}
        above_real = 0
        start = time.perf_counter()
        for seed in range(seeds):
            rng = np.random.default_rng(1000 + seed)
            profile = profile_dataframe(
                _planted(frame, rng, real), target=target, max_pairwise=0, rng=seed
            )
            informative = [  # the table's own columns that clearly inform the target
                c.rank
                for c in profile.columns
                if not c.name.startswith("planted") and c.rank and (c.p_value or 1.0) < 0.01
            ]
            for kind in kinds:
                column = profile.column(f"planted_{kind}")
                p_values[kind].append(column.p_value)
                worst = max(informative, default=0)
                above_real += int(column.rank is not None and column.rank < worst)
        report[label] = {
            "seeds": seeds,
            "seconds": time.perf_counter() - start,
            "fraction_below_0.05": {
                k: float(np.mean(np.array(v) < 0.05)) for k, v in p_values.items()
            },
            "ks_uniform_p": {
                k: float(stats.kstest(v, "uniform").pvalue) for k, v in p_values.items()
            },
            "planted_above_an_informative_column": above_real,
        }
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--file", type=Path, default=Path("/tmp/profile-data.parquet"))
    parser.add_argument("--in-memory-rows", type=int, default=10**7)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--max-pairwise", type=int, default=20)
    parser.add_argument("--skip-in-memory", action="store_true")
    parser.add_argument("--two-id", action="store_true", help="only part 3")
    parser.add_argument("--wide", type=Path, help="only part 4, on this file")
    parser.add_argument("--calibration", type=int, metavar="SEEDS", help="only part 5")
    args = parser.parse_args()
    if args.two_id or args.wide or args.calibration:
        real_tables(args)
        return

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


def real_tables(args: argparse.Namespace) -> None:
    import tempfile

    out = Path(__file__).parent / "results" / "bench_profile_real_tables.json"
    report: dict[str, Any] = json.loads(out.read_text()) if out.exists() else {}
    if args.two_id:
        with tempfile.TemporaryDirectory() as folder:
            report["two_identifiers_csv"] = two_identifiers(Path(folder), repeats=args.repeats)
        part = report["two_identifiers_csv"]
        for label in ("default", "--keep-identifiers"):
            print(
                f"two-id CSV, {part['rows']} rows, {label}: {part[label]['wall_s']:.2f} s, "
                f"peak RSS {part[label]['peak_rss_mib']:.0f} MiB, "
                f"flagged {part[label]['identifiers']}"
            )
    if args.wide:
        report["wide_table_duckdb"] = wide_table(args.wide)
        part = report["wide_table_duckdb"]
        print(
            f"wide table {part['rows']:.0e} rows x {part['columns']} columns through DuckDB: "
            f"{part['wall_s']:.1f} s, peak RSS {part['peak_rss_mib']:.0f} MiB; "
            f"flagged {part['identifiers']}; first {part['ranked_first']}"
        )
    if args.calibration:
        report["calibration"] = calibration(seeds=args.calibration)
        for label, part in report["calibration"].items():
            print(f"{label}, {part['seeds']} seeds ({part['seconds']:.0f} s):")
            for kind, fraction in part["fraction_below_0.05"].items():
                print(
                    f"  {kind:<10} P(p < 0.05) = {fraction:.3f}   "
                    f"KS uniformity p = {part['ks_uniform_p'][kind]:.3f}"
                )
            print(
                "  planted above an informative column: "
                f"{part['planted_above_an_informative_column']}"
            )
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(report, indent=2))
    print(f"written {out}")


if __name__ == "__main__":
    main()
