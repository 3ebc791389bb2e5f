"""Turn a feature table and a target into prepared columns for the MI estimators.

A feature table arrives as a NumPy array (or anything `numpy.asarray` accepts, or a SciPy
sparse matrix, which is densified), a pandas DataFrame or a polars DataFrame. Each column
keeps its own kind: *discrete* columns become integer codes ``0 .. size - 1``, *continuous*
ones become float64 columns centred and divided by their standard deviation (the kNN
estimators use the max-norm, in which every column must count equally), with seeded jitter
of ``1e-10`` (one ten-billionth of a standard deviation) added to columns that repeat a
value, because the kNN estimators need distinct points. scikit-learn's `mutual_info_classif`
adds such jitter to every column; infokit adds it only where values tie.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from infokit._array import to_numpy
from infokit._validation import check_int
from infokit._warnings import attributed_to_caller
from infokit.errors import ArrayLibraryError, InvalidParameterError, ShapeError
from infokit.estimators.kinds import is_discrete

__all__ = [
    "JITTER_SCALE",
    "Column",
    "RawTable",
    "check_n_jobs",
    "child_generators",
    "prepare_column",
    "prepare_target",
    "raw_table",
    "resolve_discrete_features",
    "thread_map",
]

#: Jitter added to tied continuous columns, in units of the column's standard deviation.
JITTER_SCALE = 1e-10

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.intp]


@dataclass(frozen=True, eq=False)
class Column:
    """One prepared variable: codes if discrete, standardised values if continuous.

    ``label`` names the column in messages (e.g. ``"`X` column 'age'"``); a constant column
    carries no information and has ``constant=True``.
    """

    label: str
    discrete: bool
    constant: bool
    values: FloatArray | None = None
    codes: IntArray | None = None
    size: int = 1
    untied: FloatArray | None = None  # `values` before the tie-breaking jitter, if jittered

    @property
    def n_samples(self) -> int:
        """Number of samples."""
        array = self.codes if self.codes is not None else self.values
        assert array is not None
        return int(array.shape[0])


@dataclass(frozen=True, eq=False)
class RawTable:
    """Columns of a feature table before preparation, with their names and dtype kinds."""

    columns: list[Any]
    names: list[str]
    labels: list[str]
    dtype_discrete: list[bool]
    n_samples: int


def check_n_jobs(n_jobs: object) -> int:
    """Return the number of threads for `n_jobs` (``None`` or -1: all cores)."""
    import os

    cores = os.cpu_count() or 1
    if n_jobs is None:
        return cores
    jobs = check_int(n_jobs, name="n_jobs")
    if jobs == 0:
        msg = f"`n_jobs` must be None, -1 or a positive integer; got {n_jobs!r}."
        raise InvalidParameterError(msg)
    if jobs < 0:
        return max(1, cores + 1 + jobs)
    return jobs


def _module_of(value: object) -> str:
    return type(value).__module__.split(".", 1)[0]


def raw_table(x: object, /, *, name: str = "X") -> RawTable:
    """Split a 2-D feature table into columns, keeping each column's dtype."""
    module = _module_of(x)
    if module == "pandas" and hasattr(x, "columns"):
        frame: Any = x
        names = [str(column) for column in frame.columns]
        columns = [frame.iloc[:, j] for j in range(frame.shape[1])]
        flags = [is_discrete(column) for column in columns]
        labels = [f"`{name}` column {n!r}" for n in names]
        return _checked(RawTable(columns, names, labels, flags, int(frame.shape[0])), name)
    if module == "polars" and hasattr(x, "columns"):
        frame = x
        names = [str(column) for column in frame.columns]
        columns = [frame.get_column(n) for n in frame.columns]
        flags = [is_discrete(column) for column in columns]
        labels = [f"`{name}` column {n!r}" for n in names]
        return _checked(RawTable(columns, names, labels, flags, int(frame.shape[0])), name)
    if hasattr(x, "toarray") and hasattr(x, "nnz"):  # SciPy sparse: densify
        x = x.toarray()
    try:
        array = to_numpy(x)
    except (TypeError, ValueError) as error:
        msg = f"`{name}` must be a 2-D array or a DataFrame; got {type(x).__name__}."
        raise ArrayLibraryError(msg) from error
    if array.ndim != 2:
        msg = (
            f"`{name}` must be 2-D, of shape (n_samples, n_features); got shape {array.shape}. "
            "Reshape a single feature with `x.reshape(-1, 1)`."
        )
        raise ShapeError(msg)
    if array.dtype.kind == "c":
        msg = f"`{name}` must hold real numbers or labels; got complex dtype {array.dtype}."
        raise ArrayLibraryError(msg)
    columns = [array[:, j] for j in range(array.shape[1])]
    names = [f"x{j}" for j in range(array.shape[1])]
    labels = [f"`{name}` column {j}" for j in range(array.shape[1])]
    flags = [is_discrete(column) for column in columns]
    return _checked(RawTable(columns, names, labels, flags, int(array.shape[0])), name)


def _all_floats(column: NDArray[Any]) -> bool:
    return all(isinstance(item, float | np.floating) for item in column.tolist())


def _checked(table: RawTable, name: str) -> RawTable:
    if not table.columns or table.n_samples == 0:
        msg = (
            f"`{name}` must hold at least one sample and one feature; got "
            f"{table.n_samples} sample(s) and {len(table.columns)} feature(s)."
        )
        raise ShapeError(msg)
    return table


def resolve_discrete_features(discrete_features: object, table: RawTable) -> list[bool]:
    """Return one flag per column from ``"auto"``, a bool, a boolean mask or indices."""
    n_features = len(table.columns)
    if isinstance(discrete_features, str):
        if discrete_features == "auto":
            return list(table.dtype_discrete)
        msg = (
            "`discrete_features` must be 'auto', True, False, a boolean mask or a list of "
            f"column indices; got {discrete_features!r}."
        )
        raise InvalidParameterError(msg)
    if isinstance(discrete_features, bool | np.bool_):
        return [bool(discrete_features)] * n_features
    array = np.asarray(discrete_features)
    if array.ndim != 1:
        msg = f"`discrete_features` must be 1-D (a mask or indices); got shape {array.shape}."
        raise InvalidParameterError(msg)
    if array.dtype.kind == "b":
        if array.shape[0] != n_features:
            msg = (
                f"`discrete_features` as a boolean mask needs one flag per feature "
                f"({n_features}); got {array.shape[0]}."
            )
            raise InvalidParameterError(msg)
        return [bool(flag) for flag in array]
    if array.size == 0:
        return [False] * n_features
    if array.dtype.kind not in "iu":
        msg = (
            "`discrete_features` must be 'auto', True, False, a boolean mask or a list of "
            f"column indices; got {discrete_features!r}."
        )
        raise InvalidParameterError(msg)
    if array.min() < -n_features or array.max() >= n_features:
        msg = (
            f"`discrete_features` indices must lie in [-{n_features}, {n_features}); got "
            f"{array.tolist()}."
        )
        raise InvalidParameterError(msg)
    flags = [False] * n_features
    for index in array.tolist():
        flags[index] = True
    return flags


def _series_values(column: object) -> tuple[NDArray[Any], NDArray[np.bool_] | None]:
    """Host values of a column and, for DataFrame columns, its missing-value mask."""
    module = _module_of(column)
    if module == "pandas":
        series: Any = column
        missing = np.asarray(series.isna().to_numpy(), dtype=bool)
        if str(series.dtype) == "category":
            return np.asarray(series.cat.codes.to_numpy()), missing
        return np.asarray(series.to_numpy()), missing
    if module == "polars":
        series = column
        missing = np.asarray(series.is_null().to_numpy(), dtype=bool)
        if series.dtype.is_float():
            missing |= np.asarray(series.is_nan().fill_null(False).to_numpy(), dtype=bool)
        if str(series.dtype).startswith(("Categorical", "Enum")):
            return np.asarray(series.to_physical().to_numpy()), missing
        return np.asarray(series.to_numpy()), missing
    return np.asarray(column), None


def _missing(values: NDArray[Any], known: NDArray[np.bool_] | None) -> NDArray[np.bool_]:
    mask = np.zeros(values.shape[0], dtype=bool) if known is None else known.copy()
    if values.dtype.kind == "f":
        mask |= np.isnan(values)
    elif values.dtype.kind == "O":
        mask |= np.array([item is None or item != item for item in values.tolist()], dtype=bool)
    return mask


def _raise_missing(label: str, mask: NDArray[np.bool_]) -> None:
    rows = np.flatnonzero(mask)
    msg = (
        f"{label} holds {rows.size} missing value(s) (NaN or None), the first at row "
        f"{int(rows[0])}; mutual information is not defined for them. Drop or impute them "
        "first."
    )
    raise InvalidParameterError(msg)


def _codes(values: NDArray[Any]) -> tuple[IntArray, int]:
    try:
        uniques, codes = np.unique(values, return_inverse=True)
    except TypeError:  # objects of mixed types: compare them as strings
        uniques, codes = np.unique(values.astype(str), return_inverse=True)
    return np.asarray(codes, dtype=np.intp).reshape(-1), int(uniques.shape[0])


def prepare_column(
    column: object, /, *, discrete: bool, label: str, generator: np.random.Generator
) -> Column:
    """Check one column and prepare it (codes, or standardised and de-tied values)."""
    values, known_missing = _series_values(column)
    missing = _missing(values, known_missing)
    if missing.any():
        _raise_missing(label, missing)
    if discrete:
        codes, size = _codes(values)
        return Column(label, True, size == 1, codes=codes, size=size)
    if values.dtype.kind == "O" and _all_floats(values):
        values = values.astype(np.float64)
    if values.dtype.kind not in "biuf":
        msg = (
            f"{label} has dtype {values.dtype} and cannot be treated as continuous; mark it "
            "discrete (`discrete_features`) or convert it to numbers."
        )
        raise InvalidParameterError(msg)
    floats = np.asarray(values, dtype=np.float64)
    if not np.isfinite(floats).all():
        row = int(np.flatnonzero(~np.isfinite(floats))[0])
        msg = f"{label} must be finite; got {floats[row]} at row {row}. Drop or clip it first."
        raise InvalidParameterError(msg)
    # an exact power of two brings the values into [-1, 1) first, so that the variance of
    # data near 1e300 does not overflow and that of data near 1e-300 does not underflow to 0
    floats = np.ldexp(floats, -int(np.frexp(np.abs(floats).max())[1]))
    centred = floats - floats.mean()
    spread = float(np.sqrt(np.mean(centred * centred)))
    if spread == 0 or bool(np.all(floats == floats[0])):
        return Column(label, False, True, values=np.zeros_like(floats))
    standardised = centred / spread
    ordered = np.sort(standardised)
    if bool(np.any(ordered[1:] == ordered[:-1])):
        jittered = standardised + JITTER_SCALE * generator.standard_normal(floats.shape[0])
        return Column(label, False, False, values=jittered, untied=standardised)
    return Column(label, False, False, values=standardised)


def _target_discrete(discrete_target: object, dtype_discrete: bool) -> bool:
    if isinstance(discrete_target, str):
        if discrete_target == "auto":
            return dtype_discrete
    elif isinstance(discrete_target, bool | np.bool_):
        return bool(discrete_target)
    msg = f"`discrete_target` must be 'auto', True or False; got {discrete_target!r}."
    raise InvalidParameterError(msg)


def prepare_target(
    y: object,
    /,
    *,
    discrete_target: object,
    n_samples: int,
    generator: np.random.Generator,
    name: str = "y",
) -> Column:
    """Check the target (1-D, paired with the features, not constant) and prepare it."""
    if _module_of(y) == "pandas" and hasattr(y, "columns"):
        y = y.iloc[:, 0] if y.shape[1] == 1 else np.asarray(y)  # type: ignore[attr-defined]
    if _module_of(y) == "polars" and hasattr(y, "columns"):
        y = y.to_series() if y.shape[1] == 1 else y.to_numpy()  # type: ignore[attr-defined]
    if _module_of(y) in ("pandas", "polars"):
        column: object = y
        dtype_discrete = is_discrete(y)
        length = len(y)  # type: ignore[arg-type]
    else:
        try:
            array = to_numpy(y)
        except (TypeError, ValueError) as error:
            msg = f"`{name}` must be a 1-D array of targets; got {type(y).__name__}."
            raise ArrayLibraryError(msg) from error
        if array.ndim == 2 and array.shape[1] == 1:
            array = array[:, 0]
        if array.ndim != 1:
            msg = (
                f"`{name}` must be 1-D, one target per sample; got shape {array.shape}. "
                "Multi-output targets are not supported: select one column."
            )
            raise ShapeError(msg)
        column, dtype_discrete, length = array, is_discrete(array), array.shape[0]
    if length != n_samples:
        msg = (
            f"`X` and `{name}` must have the same number of samples; got {n_samples} rows in "
            f"`X` and {length} targets."
        )
        raise ShapeError(msg)
    discrete = _target_discrete(discrete_target, dtype_discrete)
    prepared = prepare_column(column, discrete=discrete, label=f"`{name}`", generator=generator)
    if prepared.constant:
        what = "has one class only" if discrete else "is constant"
        msg = (
            f"`{name}` {what}; every feature then has zero mutual information with it and "
            "nothing can be selected. Pass a target that varies."
        )
        raise InvalidParameterError(msg)
    return prepared


def thread_map(function: Callable[[Any], Any], items: Iterable[Any], threads: int) -> list[Any]:
    """``[function(item) for item in items]`` on up to `threads` threads, in order.

    Warnings raised in the threads point at the user's call, as on one thread.
    """
    items = list(items)
    if threads <= 1 or len(items) <= 1:
        return [function(item) for item in items]
    run = attributed_to_caller(function)  # warnings in the workers name the user's line
    with ThreadPoolExecutor(max_workers=min(threads, len(items))) as pool:
        return list(pool.map(run, items))


def child_generators(generator: np.random.Generator, count: int) -> Sequence[np.random.Generator]:
    """Independent generators, one per column, so that threads need no shared state."""
    return generator.spawn(count)
