"""Sparse count tables: the observed combinations of a group-by, and nothing else.

A group-by in the engine returns one row per observed combination of its keys. Here each key
becomes integer codes (``-1`` for a missing value), with the levels sorted by value so that
every engine gives the same codes, and the counts stay a vector beside them. Nothing is ever
expanded to the product of the cardinalities: an identifier against a uuid over 20,000 rows
is 20,000 cells, not a 20,000 x 20,000 matrix.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

__all__ = ["CountTable", "count_table_from_arrow", "pair_cells"]

IntArray = np.ndarray[Any, np.dtype[np.integer[Any]]]
FloatArray = np.ndarray[Any, np.dtype[np.float64]]


@dataclass(frozen=True)
class CountTable:
    """Counts of the observed combinations of one or more keys.

    Attributes
    ----------
    codes : tuple of int32 arrays
        One array per key, one entry per observed combination: the rank of the key's value
        among its distinct values (sorted), or -1 where the value is missing.
    counts : float64 array
        Rows in each combination.
    """

    codes: tuple[IntArray, ...]
    counts: FloatArray

    def marginal(self, key: int = 0) -> FloatArray:
        """Return the counts of each present value of key `key` (sorted by value)."""
        codes = self.codes[key]
        present = codes >= 0
        if not present.any():
            return np.zeros(0)
        counts = np.bincount(codes[present], weights=self.counts[present]).astype(np.float64)
        return np.asarray(counts[counts > 0], dtype=np.float64)

    def missing(self, key: int = 0) -> int:
        """Rows whose key `key` is missing."""
        return int(self.counts[self.codes[key] < 0].sum())


def _codes(column: Any) -> IntArray:
    """Codes of an Arrow column: dictionary-encoded, levels ranked by value, null is -1.

    int32 codes (a group-by result has fewer than 2^31 rows), made with as few copies as
    possible: a count table of millions of cells stays a few bytes per cell.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    if isinstance(column, pa.ChunkedArray):
        column = column.combine_chunks()
    if pa.types.is_dictionary(column.type):
        column = column.cast(column.type.value_type)
    encoded = column.dictionary_encode()
    del column
    indices = encoded.indices.fill_null(-1).to_numpy(zero_copy_only=False)
    order = pc.array_sort_indices(encoded.dictionary).to_numpy()
    rank = np.empty(order.size + 1, dtype=np.int32)
    rank[order] = np.arange(order.size, dtype=np.int32)
    rank[-1] = -1  # index -1 (missing) picks the last entry
    return np.asarray(rank[indices])


def count_table_from_arrow(table: Any, keys: list[str], count: str) -> CountTable:
    """Turn the Arrow result of a group-by (`keys` and a `count` column) into a CountTable."""
    codes = tuple(_codes(table.column(key)) for key in keys)
    counts = table.column(count).to_numpy().astype(np.float64)
    del table
    return CountTable(codes=codes, counts=counts)


def pair_cells(table: CountTable) -> tuple[IntArray, IntArray, FloatArray]:
    """Return the cells of a two-key table where both keys are present.

    Returns ``(x, y, counts)``, the codes of the table (levels that occur only beside a
    missing value of the other key leave gaps, which the estimates ignore).
    """
    x, y = table.codes[0], table.codes[1]
    both = (x >= 0) & (y >= 0) & (table.counts > 0)
    if both.all():
        return x, y, table.counts
    return x[both], y[both], table.counts[both]
