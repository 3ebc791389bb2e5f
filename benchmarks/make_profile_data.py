"""Write a Parquet file of N rows x (10 categorical columns + target) with planted MI.

The target Y is uniform over 4 classes. Column ``x{j}`` (j = 0..9) copies Y with probability
``a_j = j / 10`` and is otherwise uniform over ``4 + j`` categories, so its joint law with Y is

    p(x, y) = (1/4) * (a_j * [x == y] + (1 - a_j) / (4 + j)),

and its exact mutual information with Y (computed here by `infokit.mutual_information` on that
table) is the value a profile must recover. The file is written in row groups of `--chunk`
rows, so memory stays small for N = 10^8::

    python benchmarks/make_profile_data.py --rows 100000000 --out /tmp/profile-1e8.parquet

A JSON file beside it (``<out>.planted.json``) holds the planted values in bits.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from infokit import mutual_information

N_CLASSES = 4
N_COLUMNS = 10


def planted_joint(j: int) -> np.ndarray:
    """Joint law p(x_j, y) of column j and the target."""
    a, k = j / 10, N_CLASSES + j
    joint = np.full((k, N_CLASSES), (1 - a) / k / N_CLASSES)
    joint[np.arange(N_CLASSES), np.arange(N_CLASSES)] += a / N_CLASSES
    return joint


def planted_mutual_information() -> dict[str, float]:
    """Exact I(x_j; y) in bits."""
    return {f"x{j}": float(mutual_information(planted_joint(j), base=2)) for j in range(N_COLUMNS)}


def chunk(n: int, rng: np.random.Generator) -> pa.Table:
    y = rng.integers(0, N_CLASSES, n, dtype=np.int8)
    columns = {}
    for j in range(N_COLUMNS):
        copy = rng.random(n, dtype=np.float32) < j / 10
        other = rng.integers(0, N_CLASSES + j, n, dtype=np.int8)
        columns[f"x{j}"] = np.where(copy, y, other)
    columns["y"] = y
    return pa.table(columns)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10**7)
    parser.add_argument("--chunk", type=int, default=5 * 10**6)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=Path("/tmp/profile-data.parquet"))
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    start = time.perf_counter()
    writer = None
    written = 0
    while written < args.rows:
        table = chunk(min(args.chunk, args.rows - written), rng)
        if writer is None:
            writer = pq.ParquetWriter(args.out, table.schema, compression="zstd")
        writer.write_table(table, row_group_size=10**6)
        written += table.num_rows
    assert writer is not None
    writer.close()
    planted = planted_mutual_information()
    args.out.with_suffix(".planted.json").write_text(json.dumps(planted, indent=2))
    size = args.out.stat().st_size / 2**20
    elapsed = time.perf_counter() - start
    print(f"wrote {written} rows to {args.out} ({size:.0f} MiB) in {elapsed:.1f} s")
    for name, value in planted.items():
        print(f"planted I({name}; y) = {value:.4f} bits")


if __name__ == "__main__":
    main()
