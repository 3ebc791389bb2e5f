"""Write a Parquet file of N rows x 50 columns of every cardinality, for `bench_profile.py`.

The columns a real table has, in chunks so memory stays small at N = 10^7:

- identifiers: a row number, a 20-hex-digit key string, a timestamp, a ``customer_id``;
- informative: ``signal_k`` (the class plus Gaussian noise of scale k), ``copy_k``
  (categories that copy the class with probability k/10), a rounded ``signal_rounded``;
- independent of the target (planted): Gaussians, rounded Gaussians, integer counts,
  categories of 2, 10, 1000, 10^5 and N/10 levels, strings of 10^4 levels;
- the target ``y``: 4 classes.

Usage::

    python benchmarks/make_wide_table.py --rows 10000000 --out /tmp/wide-1e7.parquet
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

N_CLASSES = 4


def chunk(start: int, n: int, total: int, rng: np.random.Generator) -> pa.Table:
    y = rng.integers(0, N_CLASSES, n)
    columns: dict[str, object] = {
        "row_number": np.arange(start, start + n, dtype=np.int64),
        "key": pa.array([f"{v:020x}" for v in rng.integers(0, 2**62, n)]),
        "created": pa.array(
            np.datetime64("2020-01-01T00:00:00") + rng.integers(0, 10**9, n).astype("m8[s]")
        ),
        "customer_id": rng.integers(10**9, 10**10, n),
    }
    for k in range(1, 7):
        columns[f"signal_{k}"] = y + k * rng.normal(size=n)
    for k in range(1, 7):
        copy = rng.random(n) < k / 10
        columns[f"copy_{k}"] = np.where(copy, y, rng.integers(0, N_CLASSES + k, n))
    columns["signal_rounded"] = np.round(10 * y + 20 * rng.normal(size=n))
    for k in range(8):
        columns[f"gaussian_{k}"] = rng.normal(size=n)
    for k in range(6):
        columns[f"rounded_{k}"] = np.round(rng.normal(40, 10, n))
    for k in range(4):
        columns[f"count_{k}"] = rng.poisson(3.0 * (k + 1), n)
    levels = [2, 10, 1000, 10**5, max(total // 10, 2)]
    for k in range(12):
        columns[f"category_{k}"] = rng.integers(0, levels[k % len(levels)], n)
    codes = rng.integers(0, 10**4, n)
    columns["city"] = pa.array([f"city-{c}" for c in codes])
    columns["y"] = y
    return pa.table(columns)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10**7)
    parser.add_argument("--chunk", type=int, default=10**6)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=Path("/tmp/wide-table.parquet"))
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    begin = time.perf_counter()
    writer = None
    written = 0
    while written < args.rows:
        table = chunk(written, min(args.chunk, args.rows - written), args.rows, rng)
        if writer is None:
            writer = pq.ParquetWriter(args.out, table.schema, compression="zstd")
        writer.write_table(table, row_group_size=args.chunk)
        written += table.num_rows
    assert writer is not None
    writer.close()
    size = args.out.stat().st_size / 2**20
    print(
        f"wrote {written} rows x {table.num_columns} columns to {args.out} ({size:.0f} MiB) "
        f"in {time.perf_counter() - begin:.1f} s"
    )


if __name__ == "__main__":
    main()
