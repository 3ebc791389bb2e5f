"""Checking and preparing samples for the continuous and mixed estimators.

Samples arrive as arrays of any library (NumPy, PyTorch, JAX, lists, pandas columns) and
leave as host float64 arrays of shape ``(n, d)``: the kd-tree kernels run on the host. Rules:

- NaN or infinite values, object dtypes that are not all strings, empty inputs and more than
  two dimensions are errors.
- Ties (repeated values in a column) break the strict/non-strict counts of the kNN
  estimators and give zero distances. `break_ties` adds seeded Gaussian jitter of
  ``1e-10`` times each column's standard deviation (its spread, not its mean, so data far from
  zero is treated like data near zero), after centring the column, so that the jitter is far
  above the rounding unit of the values; centring moves no distance.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from numpy.typing import NDArray

from infokit._array import to_numpy
from infokit._validation import check_int
from infokit._warnings import warn
from infokit.errors import ArrayLibraryError, InvalidParameterError, ShapeError, TieWarning

__all__ = [
    "JITTER_SCALE",
    "TieWarning",
    "as_labels",
    "as_samples",
    "break_ties",
    "check_n_neighbors",
    "constant_columns",
    "power_of_two_log_scale",
    "power_of_two_scale",
    "tie_fraction",
]

#: Relative size of the jitter that breaks ties, in units of each column's standard deviation.
JITTER_SCALE = 1e-10

FloatArray = NDArray[np.float64]


def _host_array(value: object, *, name: str) -> NDArray[Any]:
    """Bring `value` to a host NumPy array without changing its dtype."""
    dtype = getattr(value, "dtype", None)
    if dtype is not None and str(dtype) == "category":  # pandas categorical: use the codes
        codes = getattr(getattr(value, "cat", value), "codes", None)
        if codes is not None:
            return np.asarray(codes)
    if value is None or isinstance(value, str | bytes):
        msg = f"`{name}` must be an array of samples; got {type(value).__name__}."
        raise ArrayLibraryError(msg)
    try:
        array = to_numpy(value)
    except (TypeError, ValueError) as error:
        msg = (
            f"`{name}` must be an array of samples; got {type(value).__name__} that does not "
            "convert to one (ragged nesting?)."
        )
        raise ArrayLibraryError(msg) from error
    return array


def _as_2d(array: NDArray[Any], *, name: str) -> NDArray[Any]:
    if array.ndim == 1:
        array = array[:, None]
    if array.ndim != 2:
        msg = (
            f"`{name}` must have shape (n_samples,) or (n_samples, n_dims); got shape "
            f"{array.shape}."
        )
        raise ShapeError(msg)
    if array.shape[0] == 0 or array.shape[1] == 0:
        msg = f"`{name}` must hold at least one sample of one dimension; got shape {array.shape}."
        raise ShapeError(msg)
    return array


def _all_strings(array: NDArray[Any]) -> bool:
    return all(isinstance(item, str | bytes) for item in array.reshape(-1).tolist())


def as_samples(value: object, *, name: str) -> FloatArray:
    """Return continuous samples `value` as a finite float64 array of shape ``(n, d)``.

    Raises
    ------
    ArrayLibraryError
        If `value` is not numeric (object, complex or string dtype).
    ShapeError
        If `value` is empty or has more than two dimensions.
    InvalidParameterError
        If `value` holds NaN or infinite values.
    """
    array = _host_array(value, name=name)
    if array.dtype.kind not in "biuf":
        msg = (
            f"`{name}` must hold real numbers; got dtype {array.dtype}. Convert it with "
            "`np.asarray(x, dtype=float)`, or pass labels as integers or strings to a "
            "discrete-aware method."
        )
        raise ArrayLibraryError(msg)
    samples = _as_2d(np.asarray(array, dtype=np.float64), name=name)
    finite = np.isfinite(samples)
    if not finite.all():
        row, column = np.argwhere(~finite)[0]
        count = int((~finite).sum())
        msg = (
            f"`{name}` must be finite; got {count} NaN or infinite value(s), the first "
            f"{samples[row, column]} at row {row}, column {column}. Drop or impute them first."
        )
        raise InvalidParameterError(msg)
    return samples


def as_labels(value: object, *, name: str) -> NDArray[np.intp]:
    """Return discrete samples `value` as integer codes of shape ``(n,)``.

    Rows of a two-dimensional input are treated as one joint symbol each.
    """
    array = _host_array(value, name=name)
    if array.dtype.kind == "O" and not _all_strings(array):
        msg = (
            f"`{name}` has dtype object with non-string elements; pass labels as integers or "
            "strings, or continuous values as floats."
        )
        raise ArrayLibraryError(msg)
    if array.dtype.kind == "f" and not np.isfinite(array).all():
        msg = f"`{name}` must be finite; got NaN or infinite labels."
        raise InvalidParameterError(msg)
    if array.dtype.kind not in "biufUSO":
        msg = f"`{name}` must hold labels (integers, booleans or strings); got {array.dtype}."
        raise ArrayLibraryError(msg)
    array = _as_2d(array, name=name)
    if array.dtype.kind == "O":
        array = array.astype(str)
    _, codes = np.unique(array, axis=0, return_inverse=True)
    return np.asarray(codes, dtype=np.intp).reshape(-1)


def check_n_neighbors(n_neighbors: object, n_samples: int, *, name: str = "n_neighbors") -> int:
    """Check that `n_neighbors` is a positive integer below `n_samples` (if that is >= 0)."""
    k = check_int(n_neighbors, name=name, minimum=1)
    if n_samples < 0:  # only the option is checked
        return k
    if n_samples < k + 1:
        msg = (
            f"kNN estimation with `{name}`={k} needs at least {k + 1} samples; got {n_samples}. "
            f"Pass more samples or a smaller `{name}`."
        )
        raise ShapeError(msg)
    return k


def constant_columns(samples: FloatArray) -> NDArray[np.bool_]:
    """Flag the columns of `samples` whose values are all equal."""
    return np.asarray((samples == samples[:1]).all(axis=0))


def tie_fraction(samples: FloatArray) -> float:
    """Return the fraction of rows that repeat a value of another row in some column."""
    tied_columns = []
    for column in samples.T:  # a sort per column; the rows are only found if there are ties
        ordered = np.sort(column)
        if (ordered[1:] == ordered[:-1]).any():
            tied_columns.append(column)
    if not tied_columns:
        return 0.0
    tied = np.zeros(samples.shape[0], dtype=bool)
    for column in tied_columns:
        order = np.argsort(column, kind="stable")
        sorted_values = column[order]
        equal_next = sorted_values[1:] == sorted_values[:-1]
        in_run = np.zeros(column.shape[0], dtype=bool)
        in_run[1:] |= equal_next
        in_run[:-1] |= equal_next
        tied[order] |= in_run
    return float(tied.mean())


def break_ties(
    samples: FloatArray,
    rng: np.random.Generator,
    *,
    name: str,
    action: str,
    fraction: float | None = None,
) -> FloatArray:
    """Centre each column and, if there are repeated values, dequantise or jitter them.

    Tied columns whose values lie on a grid (rounded measurements, integers) are first
    dequantised by ``Uniform(-step/2, step/2)`` noise of one grid step
    (`dequantize_grid_columns`): the result is a sample of the piecewise-uniform density of
    the rounded data, whose differential entropy is that of the underlying continuous
    variable up to O(step²) (Sheppard's correction), while a jitter far below the grid step
    would give ``log(jitter)``-sized nonsense (-20 nats for 2-D data rounded to 0.1). Ties
    that remain (atoms off a grid) get Gaussian jitter of ``JITTER_SCALE`` times each
    column's standard deviation. Emits a `TieWarning` naming `name` and `action` for either.
    `fraction` is `tie_fraction` of `samples` when the caller already computed it.
    """
    centred = samples - samples.mean(axis=0)
    if fraction is None:
        fraction = tie_fraction(centred)
    if fraction == 0:
        return np.asarray(centred, dtype=np.float64)
    dequantised = dequantize_grid_columns(centred, rng)
    on_grid = int(np.sum(np.any(dequantised != centred, axis=0)))
    remaining = tie_fraction(dequantised) if on_grid else fraction
    parts = []
    if on_grid:
        parts.append(
            f"dequantised {on_grid} column(s) on a grid (rounded values) by uniform noise "
            "of one grid step"
        )
    if remaining > 0:
        spread = dequantised.std(axis=0)
        dequantised = dequantised + rng.standard_normal(centred.shape) * (JITTER_SCALE * spread)
        parts.append(
            f"added Gaussian jitter of {JITTER_SCALE:g} x each column's standard deviation"
        )
    msg = (
        f"`{name}` has repeated values ({fraction:.1%} of rows tie in some column); "
        f"{action} {' and '.join(parts)} (seeded by `rng`) to break the ties."
    )
    warn(msg, TieWarning)
    return np.asarray(dequantised, dtype=np.float64)


def power_of_two_scale(samples: FloatArray, *, like: FloatArray | None = None) -> FloatArray:
    """Divide each column by the power of two just above its largest magnitude.

    Multiplying by a power of two is exact in floating point (ties, ranks and ratios are
    unchanged), and brings every column into ``[-1, 1)`` so that squares, variances and
    distances neither overflow (data near 1e300) nor underflow (data near 1e-300); the
    absolute thresholds downstream (singular covariances, jitter, constant tests) then act
    relative to the data. `like`, when given, supplies the column magnitudes (KL divergence
    scales both samples alike). The entropy shift is `power_of_two_log_scale`.
    """
    exponents = _column_exponents(samples if like is None else like)
    return np.asarray(np.ldexp(samples, -exponents[None, :]), dtype=np.float64)


def power_of_two_log_scale(samples: FloatArray) -> float:
    """``sum(log(scale))`` of the scales that `power_of_two_scale` divides `samples` by."""
    return float(_column_exponents(samples).sum()) * math.log(2)


def _column_exponents(samples: FloatArray) -> NDArray[np.int64]:
    _, exponents = np.frexp(np.abs(samples).max(axis=0))  # |x| = m 2^e, 0.5 <= m < 1
    return np.asarray(exponents, dtype=np.int64)


def dequantize_grid_columns(samples: FloatArray, rng: np.random.Generator) -> FloatArray:
    """Add uniform noise of one grid step to each tied column whose values lie on a grid.

    A column whose distinct values are ``offset + step * integer`` (rounded measurements,
    integer counts) gets independent ``Uniform(-step/2, step/2)`` noise: the map is
    invertible (rounding recovers the values), so mutual information is exactly unchanged,
    and the result is a sample of a continuous distribution, for which KSG needs no jitter.
    Columns with atoms off a grid (e.g. exact zeros among continuous values) are kept.
    """
    out = samples.copy()
    for j, column in enumerate(samples.T):
        distinct = np.unique(column)
        if distinct.size < 2 or distinct.size == column.size:
            continue
        gaps = np.diff(distinct)
        step = float(gaps.min())
        cells = gaps / step
        if np.all(np.abs(cells - np.round(cells)) <= 1e-6 * np.maximum(cells, 1.0)):
            out[:, j] = column + step * (rng.random(column.size) - 0.5)
    return np.asarray(out, dtype=np.float64)


def log_det_scale(scale: FloatArray) -> float:
    """Return ``sum(log(scale))``: the entropy shift of dividing each column by `scale`."""
    return float(np.sum(np.log(scale)))


def standardize_columns(samples: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Centre each column and divide it by its standard deviation; return data and scales.

    Constant columns keep scale 1 (the caller handles them). The columns are first brought
    to ``[-1, 1)`` by an exact power of two (`power_of_two_scale`), so that neither the
    variance of data near 1e300 overflows nor that of data near 1e-300 underflows; the
    returned scales include that factor.
    """
    exponents = _column_exponents(samples)
    centred = power_of_two_scale(samples)
    centred = centred - centred.mean(axis=0)
    scale = centred.std(axis=0)
    scale = np.where(scale > 0, scale, 1.0)
    return centred / scale, np.ldexp(scale, exponents)


def warn_high_dimension(n_samples: int, n_dims: int, *, name: str) -> None:
    """Warn when the dimension makes kNN distances nearly uninformative for `n_samples`."""
    # kNN estimators converge at rate ~ N^(-1/d); beyond d ~ 2 log10 N their bias dominates,
    # and past 20 dimensions distances concentrate whatever N is.
    if n_dims > 20 or n_dims > 2 * math.log10(max(n_samples, 10)) + 4:
        from infokit.errors import SmallSampleWarning

        msg = (
            f"`{name}` has {n_dims} dimensions for {n_samples} samples: kNN distances carry "
            "little information there and the estimate is strongly biased (usually towards "
            "zero for mutual information). Reduce the dimension or use "
            "method='gaussian_copula'."
        )
        warn(msg, SmallSampleWarning)
