"""Whether a variable is discrete: the one rule of infokit's estimators, selectors and profile.

A variable is *discrete* (labels, counted) or *continuous* (measurements, kNN or spacing
estimators). The rule looks at the values, not only at the dtype, so that an integer column
and its float copy get the same answer:

- booleans, strings, bytes, categoricals and objects that are not all numbers: discrete;
- numbers (integers, floats, object arrays of numbers, dates and durations as their integer
  ticks): discrete when every present value is a whole number, there are few distinct
  values (at most 10, or at most one per 5 samples) **and** they recur (at most half of the
  samples are seen only once); two distinct whole numbers are always discrete; otherwise
  continuous;
- complex numbers: continuous (the continuous estimators then refuse them).

So a count, an id, a body mass in grams or a price in cents with many distinct values is
continuous, as are measurements with decimals; a 0/1 float column, ratings 1–5 stored as
floats, or a few integer codes that recur are discrete. Integer codes of a large alphabet
sampled not far above its size are ambiguous from the values alone and are taken as
measurements: pass ``discrete=True`` for them (strings and categoricals are always labels).
Missing values (NaN, None, NaT) are left out of the counts. Pass ``discrete=`` to any
estimator to override the rule.
"""

from __future__ import annotations

import importlib
from numbers import Number
from typing import Any

import numpy as np

from infokit._array import to_numpy
from infokit.errors import ArrayLibraryError

__all__ = [
    "MAX_LEVELS",
    "SAMPLES_PER_LEVEL",
    "SINGLETON_FRACTION",
    "discrete_from_summary",
    "is_discrete",
]

#: Whole numbers are discrete when at most this fraction of the present values are seen once,
SINGLETON_FRACTION = 0.5
#: and there are at most `MAX_LEVELS` distinct values, or at most one per
#: `SAMPLES_PER_LEVEL` samples.
MAX_LEVELS = 10
SAMPLES_PER_LEVEL = 5


def discrete_from_summary(
    *, n_present: int, n_distinct: int, n_singletons: int, whole_numbers: bool
) -> bool:
    """Apply the rule to a numeric variable summarised by its counts.

    Parameters
    ----------
    n_present : int
        Number of present (non-missing) values.
    n_distinct : int
        Number of distinct present values.
    n_singletons : int
        Number of values seen exactly once.
    whole_numbers : bool
        Whether every present value is a whole number.

    Returns
    -------
    bool
        True when the values are whole numbers, at most ``SINGLETON_FRACTION`` of the samples
        are singletons and there are at most ``max(MAX_LEVELS, n_present /
        SAMPLES_PER_LEVEL)`` distinct values (or at most two).

    Examples
    --------
    A career at-bats column, 314 distinct values in 322 rows, is a measurement; five levels in
    100 rows are labels:

    >>> discrete_from_summary(n_present=322, n_distinct=314, n_singletons=306, whole_numbers=True)
    False
    >>> discrete_from_summary(n_present=100, n_distinct=5, n_singletons=0, whole_numbers=True)
    True
    """
    if not whole_numbers:
        return False
    if n_distinct <= 2:
        return True
    few = n_distinct <= max(MAX_LEVELS, n_present / SAMPLES_PER_LEVEL)
    return few and n_singletons <= SINGLETON_FRACTION * n_present


def is_discrete(x: object, /) -> bool:
    """Tell whether samples `x` are discrete (labels) or continuous (measurements).

    The rule of this module: booleans, strings and categoricals are discrete; numbers are
    discrete when they are whole numbers with few distinct values (at most 10, or one per 5
    samples) that recur (at most half of the samples seen once). A 2-D input is discrete
    when every column is.

    Parameters
    ----------
    x : array_like of shape (n_samples,) or (n_samples, n_columns)
        Samples of any array library, a list, or a pandas or polars Series.

    Returns
    -------
    bool
        True for discrete samples.

    Examples
    --------
    >>> import numpy as np
    >>> is_discrete([True, False, True]), is_discrete(["a", "b", "a"])
    (True, True)
    >>> is_discrete(np.array([1, 2, 2, 1, 3, 3])), is_discrete(np.array([1.0, 2.0, 2.0, 1.0]))
    (True, True)
    >>> is_discrete(np.arange(100)), is_discrete([0.5, 1.5, 0.5, 1.5])
    (False, False)
    """
    module = type(x).__module__.split(".", 1)[0]
    if module == "pandas":
        return _pandas_is_discrete(x)
    if module == "polars":
        return _polars_is_discrete(x)
    array = _as_array(x)
    if array.ndim == 2:
        return all(_numpy_is_discrete(array[:, j]) for j in range(array.shape[1]))
    return _numpy_is_discrete(array.reshape(-1))


def _as_array(x: object) -> np.ndarray[Any, Any]:
    if isinstance(x, np.ndarray):
        return x
    if hasattr(x, "__array_namespace__") or type(x).__module__.split(".", 1)[0] == "torch":
        return np.asarray(to_numpy(x))
    try:
        return np.asarray(x)
    except ValueError as error:  # ragged nesting
        msg = (
            f"samples must be an array; got a {type(x).__name__} that does not convert to one "
            f"(ragged nesting?): {error}"
        )
        raise ArrayLibraryError(msg) from error


def _numpy_is_discrete(values: np.ndarray[Any, Any]) -> bool:
    kind = values.dtype.kind
    if kind in "bUS":
        return True
    if kind == "c":
        return False
    if kind in "mM":
        ticks = values.view(np.int64)
        return _numbers_are_discrete(ticks[~np.isnat(values)])
    if kind == "O":
        items = values.tolist()
        present = [item for item in items if item is not None and item == item]  # NaN != NaN
        numbers = all(
            isinstance(item, Number) and not isinstance(item, bool | np.bool_) for item in present
        )
        if not numbers or not present:
            return True
        return _numbers_are_discrete(np.asarray(present, dtype=np.float64))
    if kind in "iu":
        return _numbers_are_discrete(values)
    if kind == "f":
        return _numbers_are_discrete(values[~np.isnan(values)])
    return True


def _numbers_are_discrete(values: np.ndarray[Any, Any]) -> bool:
    """Apply the rule to present numeric values (integers or floats without NaN)."""
    n = int(values.size)
    if n == 0:
        return True
    if values.dtype.kind == "f":
        if not np.isfinite(values).all():
            return False
        whole = bool(np.all(values == np.round(values)))
        if not whole:
            return False
    if values.dtype.kind in "iu":
        low, high = int(values.min()), int(values.max())
        if high - low < 1 << 22:  # a dense range: one bincount instead of a sort
            counts = np.bincount((values - low).astype(np.intp))
            counts = counts[counts > 0]
            return discrete_from_summary(
                n_present=n,
                n_distinct=int(counts.size),
                n_singletons=int(np.count_nonzero(counts == 1)),
                whole_numbers=True,
            )
    _, counts = np.unique(values, return_counts=True)
    return discrete_from_summary(
        n_present=n,
        n_distinct=int(counts.size),
        n_singletons=int(np.count_nonzero(counts == 1)),
        whole_numbers=True,
    )


def _pandas_is_discrete(x: Any) -> bool:
    types = importlib.import_module("pandas").api.types  # only reached for pandas input
    if hasattr(x, "columns"):  # a DataFrame: every column
        return all(_pandas_is_discrete(x.iloc[:, j]) for j in range(x.shape[1]))
    dtype = x.dtype
    if isinstance(dtype, importlib.import_module("pandas").CategoricalDtype):
        return True
    if types.is_bool_dtype(dtype) or types.is_string_dtype(dtype):
        return True
    if types.is_complex_dtype(dtype):
        return False
    if types.is_datetime64_any_dtype(dtype) or types.is_timedelta64_dtype(dtype):
        present = x.dropna()
        ticks = np.asarray(present.astype("int64"), dtype=np.int64)
        return _numbers_are_discrete(ticks)
    if types.is_numeric_dtype(dtype):
        present = x.dropna()
        return _numbers_are_discrete(np.asarray(present.to_numpy(dtype=np.float64)))
    return _numpy_is_discrete(np.asarray(x.to_numpy(dtype=object)))


def _polars_is_discrete(x: Any) -> bool:
    if hasattr(x, "columns"):
        return all(_polars_is_discrete(x.get_column(name)) for name in x.columns)
    dtype = x.dtype
    if dtype.is_numeric() or dtype.is_temporal():
        present = x.drop_nulls()
        if dtype.is_float():
            present = present.drop_nans()
        if dtype.is_temporal():
            present = present.to_physical()
        values = np.asarray(present.to_numpy())
        if values.dtype.kind == "f" or dtype.is_float():
            return _numbers_are_discrete(values.astype(np.float64))
        return _numbers_are_discrete(values.astype(np.int64))
    return True
