r"""Time series for the transfer-entropy front end: checks, delay embedding, surrogates.

A series is an array of shape ``(n_times,)`` or ``(n_trials, n_times)`` (replications of one
process, as in PyInform), kept here as ``(n_trials, n_times)``. Embedding takes, at every
time t from the first one with a full history on, the values at given lags
``x_{t - lag}`` as columns, and pools the rows of all trials; each row keeps its time and
trial, for a Theiler window (`infokit.estimators.knn.exclusion`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from infokit._array import to_numpy
from infokit.errors import ArrayLibraryError, InvalidParameterError, ShapeError
from infokit.estimators.knn.exclusion import TimeExclusion

__all__ = [
    "Series",
    "block_permutation",
    "check_conditions",
    "check_series",
    "circular_shift",
    "embed",
    "exclusion_of",
]


@dataclass(frozen=True)
class Series:
    """A checked time series: values of shape (n_trials, n_times) and whether it is discrete.

    Discrete values are integer codes of the labels (0 .. n_labels - 1), continuous ones
    float64.
    """

    values: NDArray[Any]
    discrete: bool
    name: str
    ndim: int = 1  # of the caller's array: 1 (one trial) or 2 (trials x time)

    @property
    def shape(self) -> tuple[int, ...]:
        """The shape of the caller's array."""
        shape = tuple(int(n) for n in self.values.shape)
        return shape[1:] if self.ndim == 1 else shape


def _host(value: object, name: str) -> NDArray[Any]:
    if value is None or isinstance(value, str | bytes):
        msg = f"`{name}` must be a time series (an array); got {type(value).__name__}."
        raise ArrayLibraryError(msg)
    try:
        return np.asarray(to_numpy(value) if hasattr(value, "__array_namespace__") else value)
    except (TypeError, ValueError) as error:
        msg = f"`{name}` must be a time series (an array); got a ragged or non-array value."
        raise ArrayLibraryError(msg) from error


def check_series(value: object, *, name: str, discrete: bool | None) -> Series:
    """Check one series; code labels; decide discreteness by `is_discrete` unless given."""
    array = _host(value, name)
    if array.ndim not in (1, 2) or array.size == 0:
        msg = (
            f"`{name}` must be a time series of shape (n_times,) or (n_trials, n_times); "
            f"got shape {array.shape}."
        )
        raise ShapeError(msg)
    ndim = array.ndim
    array = array.reshape(1, -1) if ndim == 1 else array
    if array.dtype.kind not in "biufUSO":
        msg = f"`{name}` must hold numbers or labels; got dtype {array.dtype}."
        raise ArrayLibraryError(msg)
    if array.dtype.kind == "f" and not np.isfinite(array).all():
        count = int((~np.isfinite(array)).sum())
        trial, time = np.argwhere(~np.isfinite(array))[0]
        msg = (
            f"`{name}` must be finite; got {count} NaN or infinite value(s), the first at "
            f"trial {trial}, time {time}. Drop or impute them first (a gap breaks the "
            "time order, so missing values are not skipped)."
        )
        raise InvalidParameterError(msg)
    if array.dtype.kind == "O" and not all(isinstance(v, str | bytes) for v in array.flat):
        msg = f"`{name}` has dtype object with non-string elements; pass numbers or strings."
        raise ArrayLibraryError(msg)
    if discrete is None:
        from infokit.estimators.kinds import is_discrete

        discrete = bool(is_discrete(array.reshape(-1)))
    if discrete:
        labels = array.astype(str) if array.dtype.kind == "O" else array
        _, codes = np.unique(labels.reshape(-1), return_inverse=True)
        return Series(codes.reshape(array.shape).astype(np.intp), True, name, ndim)
    if array.dtype.kind not in "biuf":
        msg = (
            f"`{name}` holds labels ({array.dtype}), which cannot be continuous; pass "
            "`discrete=True` or a discrete method."
        )
        raise InvalidParameterError(msg)
    return Series(np.asarray(array, dtype=np.float64), False, name, ndim)


def check_conditions(
    condition: object, *, like: Series, discrete: bool | None, original_ndim: int
) -> list[Series]:
    """Split `condition` into series shaped like `like`: one series, or a stack of them.

    A condition of the target's shape is one series; one more leading axis stacks several
    (PyInform's convention), e.g. a list of series.
    """
    if condition is None:
        return []
    array = _host(condition, "condition")
    if array.ndim == original_ndim:
        parts: list[NDArray[Any]] = [array]
    elif array.ndim == original_ndim + 1:
        parts = list(array)
    else:
        msg = (
            f"`condition` must be one series shaped like `target` {like.shape} or a "
            f"stack of them (one more leading axis); got shape {array.shape}."
        )
        raise ShapeError(msg)
    series = []
    for index, part in enumerate(parts):
        name = "condition" if len(parts) == 1 else f"condition[{index}]"
        checked = check_series(part, name=name, discrete=discrete)
        if checked.values.shape != like.values.shape:
            msg = f"`{name}` must have the shape of `target` {like.shape}; got {np.shape(part)}."
            raise ShapeError(msg)
        series.append(checked)
    return series


def embed(series: Series, lags: Sequence[int], start: int) -> NDArray[Any]:
    """Return the columns ``x_{t - lag}`` for t = start .. n_times - 1, trials stacked."""
    values = series.values
    n_times = values.shape[1]
    columns = [values[:, start - lag : n_times - lag] for lag in lags]
    stacked = np.stack(columns, axis=-1)  # (n_trials, n_times - start, n_lags)
    return stacked.reshape(-1, len(lags))


def exclusion_of(n_trials: int, n_times: int, start: int, window: int) -> TimeExclusion:
    """Return the times and trials of the embedded rows (as `embed` orders them), windowed."""
    per_trial = n_times - start
    times = np.tile(np.arange(start, n_times, dtype=np.intp), n_trials)
    trials = np.repeat(np.arange(n_trials, dtype=np.intp), per_trial)
    return TimeExclusion(times, trials, window)


def circular_shift(values: NDArray[Any], rng: np.random.Generator, min_shift: int) -> NDArray[Any]:
    """Rotate each trial by its own shift drawn uniformly from min_shift .. n_times - min_shift.

    A rotation keeps the series' whole autocorrelation (but for the one seam) and breaks its
    alignment with the other series.
    """
    n_times = values.shape[1]
    shifts = rng.integers(min_shift, n_times - min_shift + 1, size=values.shape[0])
    return np.stack([np.roll(row, int(shift)) for row, shift in zip(values, shifts, strict=True)])


def block_permutation(
    values: NDArray[Any], rng: np.random.Generator, block_length: int
) -> NDArray[Any]:
    """Cut each trial into consecutive blocks of `block_length` steps and shuffle the blocks.

    The autocorrelation within each block survives; only the seams between blocks break it.
    """
    n_times = values.shape[1]
    edges = np.arange(0, n_times, block_length)
    rows = []
    for row in values:
        blocks = np.split(row, edges[1:])
        order = rng.permutation(len(blocks))
        rows.append(np.concatenate([blocks[i] for i in order]))
    return np.stack(rows)


def default_block_length(n_times: int) -> int:
    """Return ``ceil(sqrt(n_times))``: as many blocks as steps per block."""
    return max(1, math.ceil(math.sqrt(n_times)))


def default_min_shift(n_times: int) -> int:
    """Return a tenth of the series (at least one step)."""
    return max(1, n_times // 10)
