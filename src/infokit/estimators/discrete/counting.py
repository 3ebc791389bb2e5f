"""Turn labels into integer codes and codes into counts, without a Python loop over samples.

Every discrete estimator starts here. Each variable (a 1-D array of labels, or a 2-D array
whose columns together form one variable) is *factorised* once into integer codes bounded by
a known size; the codes of several variables are combined in mixed radix and counted with one
`np.bincount`. Codes need not be dense: categories that never occur get a zero count, which
the estimators ignore, so non-negative integer labels are counted as they are, with no copy.

When the combined table would be much larger than the sample (e.g. 10^5 × 10^5 labels), the
counting switches to a sparse path (`np.unique` on the combined codes) whose memory is bounded
by the number of samples, never by the product of the alphabet sizes.
"""

from __future__ import annotations

import importlib
import math
import sys
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from infokit._validation import check_choice
from infokit.errors import InvalidParameterError, ShapeError

__all__ = [
    "NanPolicy",
    "Table",
    "TermCounts",
    "Variable",
    "contingency_table",
    "factorize",
    "prepare_variables",
]

NanPolicy = Literal["raise", "omit", "category"]
_NAN_POLICIES = ("raise", "omit", "category")

IntArray = np.ndarray[Any, np.dtype[np.intp]]
FloatArray = np.ndarray[Any, np.dtype[np.float64]]
BoolArray = np.ndarray[Any, np.dtype[np.bool_]]

# Combined codes stay below this, so mixed-radix products never overflow int64.
_CODE_LIMIT = 1 << 62
# Dense counting (one bincount) is used while the table has at most this many bins, or at
# most one bin per sample: the bincount buffer then never exceeds the size of the input.
_DENSE_BINS = 1 << 22
# Block length of the cached counting of small joint tables (see `_blocked_bincount`).
_BLOCK = 1 << 16


@dataclass(frozen=True)
class Variable:
    """One discrete variable as integer codes.

    Attributes
    ----------
    codes : ndarray of int, shape (n_samples,)
        Codes in ``[0, size)``; may be the caller's own integer array (never written to).
    size : int
        Upper bound on the codes plus one (not necessarily the number of categories seen).
    missing : ndarray of bool or None
        Samples whose label was missing (NaN/None), when ``nan_policy="omit"``.
    maybe_negative : bool
        The codes are signed integers whose minimum was not checked (only the maximum): a
        lone variable is counted directly and checked only if `np.bincount` refuses it,
        which saves a pass over the data; `checked` resolves it otherwise.
    """

    codes: np.ndarray[Any, Any]
    size: int
    missing: BoolArray | None = None
    maybe_negative: bool = False

    def checked(self) -> Variable:
        """Return the variable with codes certainly in ``[0, size)``."""
        if not self.maybe_negative:
            return self
        codes, size = _factorize_integers(self.codes, known_high=self.size - 1)
        return Variable(codes, size, self.missing)


@dataclass(frozen=True)
class Table:
    """The occupied cells of a contingency table of several discrete variables.

    Attributes
    ----------
    counts : ndarray of int64, shape (n_cells,)
        Positive count of each occupied cell (int64; float weights only inside the bootstrap).
    cell_codes : list of ndarray of int, each shape (n_cells,)
        Code of each variable in each occupied cell.
    sizes : list of int
        Code bound of each variable.
    n_samples : int
        Total count.
    """

    counts: np.ndarray[Any, Any]
    cell_codes: list[IntArray]
    sizes: list[int]
    n_samples: int

    def group(self, variables: tuple[int, ...]) -> tuple[IntArray, np.ndarray[Any, Any]]:
        """Return, for the given subset of variables, each cell's group and the group counts.

        Returns
        -------
        groups : ndarray of int, shape (n_cells,)
            Index of the marginal category of each cell, in ``[0, n_groups)``.
        counts : ndarray of int64, shape (n_groups,)
            Positive marginal counts.
        """
        if len(variables) == len(self.sizes):
            return np.arange(self.counts.size, dtype=np.intp), self.counts
        codes, size = combine_codes(
            [self.cell_codes[v] for v in variables], [self.sizes[v] for v in variables]
        )
        if size <= max(_DENSE_BINS, 2 * codes.size):
            sums = np.bincount(codes, weights=self.counts, minlength=size)
            present = np.flatnonzero(sums)
            lookup = np.zeros(size, dtype=np.intp)
            lookup[present] = np.arange(present.size)
            return lookup[codes], np.rint(sums[present]).astype(np.int64)
        _, groups = np.unique(codes, return_inverse=True)
        sums = np.bincount(groups, weights=self.counts)
        return groups.astype(np.intp, copy=False), np.rint(sums).astype(np.int64)


@dataclass(frozen=True)
class TermCounts:
    """The counts of one entropy term of a combination, with its sign and cell groups."""

    sign: float
    groups: np.ndarray[Any, Any]  # group of each cell
    counts: FloatArray  # positive group counts
    alphabet_size: float | None


def check_nan_policy(nan_policy: object) -> NanPolicy:
    """Check the `nan_policy` option."""
    return check_choice(nan_policy, _NAN_POLICIES, name="nan_policy")  # type: ignore[return-value]


def _module_of(value: object) -> str:
    return type(value).__module__.split(".", 1)[0]


def _raise_missing(name: str, missing: BoolArray) -> None:
    where = np.flatnonzero(missing)
    shown = ", ".join(str(i) for i in where[:5]) + (", ..." if where.size > 5 else "")
    msg = (
        f"`{name}` contains {where.size} missing label(s) (NaN or None) at position(s) {shown}. "
        "Pass `nan_policy='omit'` to drop those samples or `nan_policy='category'` to count "
        "missing labels as a category of their own."
    )
    raise InvalidParameterError(msg)


def _finish(
    codes: np.ndarray[Any, Any], size: int, missing: BoolArray | None, *, name: str, policy: str
) -> Variable:
    """Apply the missing-label policy to codes whose missing samples are flagged."""
    if missing is None or not missing.any():
        return Variable(codes, size)
    if policy == "raise":
        _raise_missing(name, missing)
    if policy == "category":
        codes = np.where(missing, size, codes).astype(np.intp, copy=False)
        return Variable(codes, size + 1)
    return Variable(np.where(missing, 0, codes).astype(np.intp, copy=False), size, missing)


def _factorize_integers(
    values: np.ndarray[Any, Any], *, check_minimum: bool = True, known_high: int | None = None
) -> tuple[np.ndarray[Any, Any], int]:
    """Codes for integer labels: the labels themselves when small and non-negative.

    With ``check_minimum=False``, signed labels whose maximum is small are returned as they
    are without looking for negative values (see `Variable.maybe_negative`); `known_high`
    is a maximum found earlier, to save a pass.
    """
    if values.dtype == np.bool_:
        return values.view(np.uint8), 2
    high = int(values.max()) if known_high is None else known_high
    small = high < max(_DENSE_BINS, 2 * values.size)
    if not check_minimum and small and np.can_cast(values.dtype, np.intp):
        return values, high + 1
    low = int(values.min())
    span = high - low + 1
    if span <= max(_DENSE_BINS, 2 * values.size):
        if low >= 0 and np.can_cast(values.dtype, np.intp):
            return values, high + 1  # count the labels as they are: no copy
        return (values - low).astype(np.intp, copy=False), span
    uniques, codes = np.unique(values, return_inverse=True)
    return codes.astype(np.intp, copy=False), int(uniques.size)


def _missing_objects(values: np.ndarray[Any, Any]) -> BoolArray:
    """Flag None and float NaN in an object array (elementwise ufuncs, no Python loop)."""
    with np.errstate(invalid="ignore"):
        is_none = np.equal(values, np.array(None, dtype=object))
        is_nan = np.not_equal(values, values)
    return np.asarray(is_none | is_nan, dtype=bool)


def _factorize_objects(values: np.ndarray[Any, Any]) -> tuple[IntArray, int]:
    try:
        uniques, codes = np.unique(values, return_inverse=True)
        return codes.astype(np.intp, copy=False), int(uniques.size)
    except TypeError:
        # Labels of mixed, unorderable types (e.g. 1 and "a"): hash them instead. This is the
        # only path with a Python-level loop, and only for such mixed object arrays.
        table: dict[object, int] = {}
        codes = np.fromiter(
            (table.setdefault(value, len(table)) for value in values.tolist()),
            dtype=np.intp,
            count=values.size,
        )
        return codes, len(table)


def _factorize_numpy(values: np.ndarray[Any, Any], *, name: str, policy: str) -> Variable:
    kind = values.dtype.kind
    if kind in "biu":
        lazy = kind == "i"  # unsigned and boolean labels cannot be negative
        codes, size = _factorize_integers(values, check_minimum=not lazy)
        return Variable(codes, size, maybe_negative=lazy and codes is values)
    if kind == "f":
        missing = np.isnan(values)
        has_missing = bool(missing.any())
        if has_missing and policy == "raise":
            _raise_missing(name, missing)
        present = values[~missing] if has_missing else values
        if present.size and np.all(present == np.rint(present)):
            low, high = float(present.min()), float(present.max())
            if high - low < max(_DENSE_BINS, 2 * values.size):  # whole numbers: as integers
                codes = (
                    np.where(missing, 0, values - low).astype(np.intp)
                    if has_missing
                    else ((values - low).astype(np.intp))
                )
                return _finish(codes, int(high - low) + 1, missing, name=name, policy=policy)
        filled = np.where(missing, 0.0, values) if has_missing else values
        uniques, codes = np.unique(filled, return_inverse=True)
        return _finish(codes.astype(np.intp), int(uniques.size), missing, name=name, policy=policy)
    if kind in "US" and "pandas" in sys.modules:
        return _factorize_pandas(values, name=name, policy=policy)
    if kind in "USM m":
        uniques, codes = np.unique(values, return_inverse=True)
        return Variable(codes.astype(np.intp, copy=False), int(uniques.size))
    if kind == "O" and "pandas" in sys.modules:
        return _factorize_pandas(values, name=name, policy=policy)
    if kind == "O":
        missing = _missing_objects(values)
        if missing.any():
            if policy == "raise":
                _raise_missing(name, missing)
            filled = values.copy()
            filled[missing] = next((v for v in values[~missing][:1]), 0)
            codes, size = _factorize_objects(filled)
            return _finish(codes, size, missing, name=name, policy=policy)
        codes, size = _factorize_objects(values)
        return Variable(codes, size)
    msg = (
        f"`{name}` must hold labels (integers, booleans, strings or objects); got dtype "
        f"{values.dtype}."
    )
    raise InvalidParameterError(msg)


def _factorize_pandas(series: Any, *, name: str, policy: str) -> Variable:
    """Factorise with pandas' hash table (about 10x faster than sorting strings).

    Used for pandas input, and for NumPy string or object labels when pandas is already
    imported (it is never imported for them).
    """
    pd = importlib.import_module("pandas")

    if isinstance(series, pd.DataFrame):
        msg = (
            f"`{name}` must be one column (a Series); got a DataFrame. Pass its columns as a 2-D "
            "array or separately."
        )
        raise ShapeError(msg)
    if isinstance(series.dtype, pd.CategoricalDtype):
        codes = np.asarray(series.cat.codes if hasattr(series, "cat") else series.codes)
        size = len(series.dtype.categories)
    else:
        codes, uniques = pd.factorize(series, use_na_sentinel=True)
        size = len(uniques)
    codes = np.asarray(codes)
    missing = codes < 0
    if not missing.any():
        return Variable(codes.astype(np.intp, copy=False), size)
    return _finish(
        np.where(missing, 0, codes).astype(np.intp), size, missing, name=name, policy=policy
    )


def _factorize_polars(series: Any, *, name: str, policy: str) -> Variable:
    pl = importlib.import_module("polars")  # only reached for polars input

    if isinstance(series, pl.DataFrame):
        msg = (
            f"`{name}` must be one column (a Series); got a DataFrame. Pass its columns as a 2-D "
            "array or separately."
        )
        raise ShapeError(msg)
    missing_series = series.is_null()
    if series.dtype.is_float():
        missing_series = missing_series | series.is_nan().fill_null(True)
    missing = missing_series.to_numpy()
    if isinstance(series.dtype, pl.Categorical | pl.Enum):
        physical = series.to_physical().fill_null(0).to_numpy().astype(np.intp)
        size = int(physical.max()) + 1 if physical.size else 1
        return _finish(physical, size, missing, name=name, policy=policy)
    ranks = series.rank("dense").fill_null(1).to_numpy().astype(np.intp) - 1
    size = int(ranks.max()) + 1 if ranks.size else 1
    return _finish(ranks, size, missing, name=name, policy=policy)


def _as_label_array(x: object, *, name: str) -> np.ndarray[Any, Any]:
    if isinstance(x, np.ndarray):
        return x
    if isinstance(x, str | bytes) or x is None or np.isscalar(x):
        msg = (
            f"`{name}` must be an array of labels (1-D, or 2-D with one column per variable); got "
            f"{type(x).__name__} {x!r}."
        )
        raise ShapeError(msg)
    detach = getattr(x, "detach", None)
    if callable(detach):  # torch tensors: to the host
        return np.asarray(detach().cpu().numpy())
    try:
        return np.asarray(x)
    except (TypeError, ValueError) as error:
        msg = (
            f"`{name}` must be an array of labels; got {type(x).__name__} that does not convert to "
            "one (ragged nesting?)."
        )
        raise ShapeError(msg) from error


def factorize(x: object, /, *, name: str, nan_policy: str = "raise") -> Variable:
    """Turn one variable's labels into integer codes.

    Parameters
    ----------
    x : array_like of shape (n_samples,) or (n_samples, n_columns)
        Labels: NumPy arrays, lists, pandas or polars Series (categoricals reuse their codes),
        torch or JAX arrays. The columns of a 2-D array together form one joint variable.
    name : str
        Argument name, for error messages.
    nan_policy : {"raise", "omit", "category"}, default="raise"
        What to do with missing labels (NaN, None, pandas/polars nulls).

    Returns
    -------
    Variable
        Integer codes with their bound, and the mask of missing samples for ``"omit"``.
    """
    module = _module_of(x)
    if module == "pandas":
        return _factorize_pandas(x, name=name, policy=nan_policy)
    if module == "polars":
        return _factorize_polars(x, name=name, policy=nan_policy)
    values = _as_label_array(x, name=name)
    if values.ndim == 0 or values.ndim > 2:
        msg = (
            f"`{name}` must be 1-D (one variable) or 2-D (rows are samples, columns are "
            f"variables); got an array of shape {values.shape}."
        )
        raise ShapeError(msg)
    if values.ndim == 2:
        if values.shape[1] == 0:
            msg = f"`{name}` must have at least one column; got shape {values.shape}."
            raise ShapeError(msg)
        columns = [
            _factorize_numpy(
                np.ascontiguousarray(values[:, j]), name=f"{name}[:, {j}]", policy=nan_policy
            )
            for j in range(values.shape[1])
        ]
        return _merge_columns(columns)
    return _factorize_numpy(values, name=name, policy=nan_policy)


def _merge_columns(columns: list[Variable]) -> Variable:
    columns = [column.checked() for column in columns]
    missing = [c.missing for c in columns if c.missing is not None]
    codes, size = combine_codes([c.codes for c in columns], [c.size for c in columns])
    merged_missing = np.logical_or.reduce(missing) if missing else None
    return Variable(codes, size, merged_missing)


def combine_codes(
    codes: list[np.ndarray[Any, Any]], sizes: list[int]
) -> tuple[np.ndarray[Any, Any], int]:
    """Combine codes of several variables into one code per sample (mixed radix).

    When the product of the sizes would overflow, the partial code is first compressed to
    dense codes with `np.unique` (a sort; only for very high cardinalities).
    """
    combined, size = codes[0], sizes[0]
    owned = False
    for part, part_size in zip(codes[1:], sizes[1:], strict=True):
        if size * part_size >= _CODE_LIMIT:
            uniques, combined = np.unique(combined, return_inverse=True)
            size, owned = int(uniques.size), True
        if owned:
            combined *= part_size
        else:
            combined = np.multiply(combined, part_size, dtype=np.intp)
            owned = True
        combined += part
        size *= part_size
    return combined, size


def prepare_variables(
    variables: list[object], names: list[str], *, nan_policy: str
) -> tuple[list[Variable], int]:
    """Factorise several variables, check their lengths, and apply ``nan_policy="omit"``."""
    policy = check_nan_policy(nan_policy)
    factorised = [
        factorize(v, name=n, nan_policy=policy) for v, n in zip(variables, names, strict=True)
    ]
    lengths = [v.codes.shape[0] for v in factorised]
    if len(set(lengths)) > 1:
        shown = ", ".join(f"`{n}` has {k}" for n, k in zip(names, lengths, strict=True))
        msg = f"the variables must have the same number of samples; {shown}. Pass paired samples."
        raise ShapeError(msg)
    masks = [v.missing for v in factorised if v.missing is not None]
    if masks:
        keep = ~np.logical_or.reduce(masks)
        factorised = [
            Variable(v.codes[keep], v.size, maybe_negative=v.maybe_negative) for v in factorised
        ]
    n_samples = int(factorised[0].codes.shape[0])
    if n_samples == 0:
        what = "after dropping missing labels" if masks else "given"
        msg = f"`{names[0]}` must hold at least one sample; got none ({what})."
        raise ShapeError(msg)
    return factorised, n_samples


def contingency_table(variables: list[Variable]) -> Table:
    """Count the occupied cells of the joint table of `variables` (dense or sparse path).

    Variables whose minimum was not checked (`Variable.maybe_negative`) are counted as they
    are where a negative code cannot go unnoticed: a lone variable by `np.bincount`, which
    refuses negative values, and small joint tables by `_blocked_bincount`, which checks each
    block while it is in cache. Elsewhere, and after either refusal, they are checked first.
    """
    n_samples = int(variables[0].codes.shape[0])
    if len(variables) == 1 and variables[0].maybe_negative:
        if variables[0].size <= max(_DENSE_BINS, n_samples):
            try:
                return _single_table(variables[0], np.bincount(variables[0].codes))
            except ValueError:  # a negative label: shift or factorise, then count again
                pass
        variables = [variables[0].checked()]
    total = math.prod(v.size for v in variables)
    if len(variables) > 1 and total <= _BLOCK:
        try:
            bins = _blocked_bincount(
                [v.codes for v in variables],
                [v.size for v in variables],
                total,
                unchecked=[v.maybe_negative for v in variables],
            )
            return _dense_table(bins, [v.size for v in variables], n_samples)
        except _NegativeCodeError:
            pass
    variables = [v.checked() for v in variables]
    codes = [v.codes for v in variables]
    sizes = [v.size for v in variables]
    total = math.prod(sizes)
    if total <= max(_DENSE_BINS, n_samples):
        if len(codes) > 1 and total <= _BLOCK:
            bins = _blocked_bincount(codes, sizes, total, unchecked=[False] * len(codes))
        else:
            combined, _ = combine_codes(codes, sizes) if len(codes) > 1 else (codes[0], sizes[0])
            bins = np.bincount(combined, minlength=total)
        return _dense_table(bins, sizes, n_samples)
    combined, size = combine_codes(codes, sizes) if len(codes) > 1 else (codes[0], sizes[0])
    if size == total:  # plain mixed radix: decode the cells arithmetically
        cells, counts = np.unique(combined, return_counts=True)
        cell_codes = [np.asarray(c, dtype=np.intp) for c in np.unravel_index(cells, sizes)]
    else:  # the codes were compressed on the way: read each cell's codes at its first sample
        _, first, counts = np.unique(combined, return_index=True, return_counts=True)
        cell_codes = [np.asarray(c[first], dtype=np.intp) for c in codes]
    return Table(counts.astype(np.int64), cell_codes, sizes, n_samples)


class _NegativeCodeError(Exception):
    """A block holds a negative label: the codes must be checked before counting."""


def _dense_table(bins: np.ndarray[Any, Any], sizes: list[int], n_samples: int) -> Table:
    cells = np.flatnonzero(bins)
    counts = bins[cells].astype(np.int64, copy=False)
    cell_codes = [np.asarray(c, dtype=np.intp) for c in np.unravel_index(cells, sizes)]
    return Table(counts, cell_codes, sizes, n_samples)


def _blocked_bincount(
    codes: list[np.ndarray[Any, Any]], sizes: list[int], total: int, *, unchecked: list[bool]
) -> np.ndarray[Any, Any]:
    """Count mixed-radix codes block by block, each block's codes built in a cached buffer.

    Building the combined codes of all N samples first writes and re-reads an array as large
    as the input; in blocks of `_BLOCK` samples the buffer stays in cache, and the per-block
    counts (at most `_BLOCK` bins) are summed. A loop over blocks, not over samples.
    """
    n_samples = codes[0].shape[0]
    bins = np.zeros(total, dtype=np.intp)
    buffer = np.empty(_BLOCK, dtype=np.intp)
    for start in range(0, n_samples, _BLOCK):
        stop = min(start + _BLOCK, n_samples)
        for part, check in zip(codes, unchecked, strict=True):
            if check and part[start:stop].min() < 0:  # the block is in cache: a cheap check
                raise _NegativeCodeError
        combined = buffer[: stop - start]
        np.multiply(codes[0][start:stop], sizes[1], out=combined, casting="unsafe")
        combined += codes[1][start:stop]
        for part, part_size in zip(codes[2:], sizes[2:], strict=True):
            combined *= part_size
            combined += part[start:stop]
        bins += np.bincount(combined, minlength=total)
    return bins


def _single_table(variable: Variable, bins: np.ndarray[Any, Any]) -> Table:
    cells = np.flatnonzero(bins)
    counts = bins[cells].astype(np.int64, copy=False)
    return Table(counts, [cells.astype(np.intp)], [variable.size], int(variable.codes.shape[0]))
