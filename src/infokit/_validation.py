"""Checks of arguments and of array values, raising infokit's errors with helpful messages.

Shape, dtype and axis checks always run. Value checks (finite, non-negative, summing to one)
run only on eager arrays and only when ``validate=True``; lazy or traced arrays (JAX under
``jit``, Dask) are skipped because their values are not known yet.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from numbers import Real
from typing import Any

import numpy as np

from infokit._array import Array, is_lazy, namespace_of, normalize_axes, to_numpy
from infokit.errors import InvalidDistributionError, InvalidParameterError, ShapeError

__all__ = [
    "RNG_NONE_MEANS",
    "Seed",
    "check_axis",
    "check_axis_groups",
    "check_choice",
    "check_flag",
    "check_int",
    "check_level",
    "check_logits",
    "check_probabilities",
    "check_same_outcomes",
    "check_unit_interval",
    "make_rng",
    "sum_tolerance",
]

#: What every function of infokit that takes `rng` accepts (Scientific Python SPEC 7).
Seed = (
    int
    | np.integer[Any]
    | np.random.SeedSequence
    | np.random.BitGenerator
    | np.random.Generator
    | None
)

#: The sentence each docstring quotes for ``rng=None`` (kept in one place).
RNG_NONE_MEANS = (
    "``None`` draws fresh entropy from the operating system, so repeated calls differ by "
    "their Monte Carlo error; pass an integer for reproducible results"
)

# How far a row sum may stray from 1, by the precision of the input as the caller gave it.
# Loose enough for softmax outputs of that precision over 10^5 classes, tight enough to catch
# counts or a forgotten normalisation.
_SUM_TOLERANCE_BY_BITS = {64: 1e-6, 32: 1e-4, 16: 1e-2}


def sum_tolerance(value: object) -> float:
    """Return the tolerance on row sums for an input as the caller passed it.

    Integers, booleans and Python numbers are exact, so they get the float64 tolerance.
    """
    if not hasattr(value, "dtype") or isinstance(value, np.generic):
        return _SUM_TOLERANCE_BY_BITS[64]
    xp = namespace_of(value)
    if not xp.isdtype(value.dtype, "real floating"):
        return _SUM_TOLERANCE_BY_BITS[64]
    bits = int(xp.finfo(value.dtype).bits)
    return _SUM_TOLERANCE_BY_BITS[min(64, max(16, bits))]


def check_flag(value: object, *, name: str) -> bool:
    """Check that an option is a real boolean (not an array or a string)."""
    if not isinstance(value, bool | np.bool_):
        msg = f"`{name}` must be True or False; got {value!r}."
        raise InvalidParameterError(msg)
    return bool(value)


def check_choice(value: object, choices: Sequence[str], *, name: str) -> str:
    """Check that an option is one of the strings `choices`; return it as a `str`.

    >>> check_choice("ksg", ("ksg", "gaussian"), name="method")
    'ksg'
    """
    if not isinstance(value, str) or value not in choices:
        names = ", ".join(repr(choice) for choice in choices)
        msg = f"`{name}` must be one of {names}; got {value!r}."
        raise InvalidParameterError(msg)
    return str(value)  # a plain str, also for a subclass such as numpy.str_


def check_int(
    value: object, *, name: str, minimum: int | None = None, maximum: int | None = None
) -> int:
    """Check that an option is an integer (not a bool or a float) within the bounds.

    `minimum` and `maximum` are inclusive; the integer is returned as a Python `int`.

    >>> check_int(3, name="n_neighbors", minimum=1)
    3
    """
    expected = _integer_description(minimum, maximum)
    if isinstance(value, bool | np.bool_) or not isinstance(value, int | np.integer):
        kind = "" if value is None else f"{type(value).__name__} "
        msg = f"`{name}` must be {expected}; got {kind}{value!r}."
        raise InvalidParameterError(msg)
    number = int(value)
    if (minimum is not None and number < minimum) or (maximum is not None and number > maximum):
        msg = f"`{name}` must be {expected}; got {number}."
        raise InvalidParameterError(msg)
    return number


def _integer_description(minimum: int | None, maximum: int | None) -> str:
    """Say which integers `check_int` accepts: "a positive integer", "an integer >= 10"."""
    if minimum is not None and maximum is not None:
        return f"an integer from {minimum} to {maximum}"
    if minimum == 1:
        return "a positive integer"
    if minimum is not None:
        return f"an integer >= {minimum}"
    return "an integer" if maximum is None else f"an integer <= {maximum}"


def check_level(value: object, *, name: str = "ci") -> float | None:
    """Check a confidence level: ``None`` or a number strictly between 0 and 1.

    A whole number from 2 to 99 is taken for a percentage, and the message says so.

    >>> check_level(0.95), check_level(None)
    (0.95, None)
    """
    if value is None:
        return None
    if isinstance(value, bool | np.bool_) or not isinstance(value, Real):
        msg = f"`{name}` must be None or a confidence level such as 0.95; got {value!r}."
        raise InvalidParameterError(msg)
    level = float(value)
    if 0 < level < 1:
        return level
    if level.is_integer() and 1 < level < 100:
        msg = (
            f"`{name}` must be a confidence level strictly between 0 and 1, not a percentage; "
            f"got {value!r} (pass {level / 100:g} for {level:g}%)."
        )
    else:
        msg = f"`{name}` must lie strictly between 0 and 1 (e.g. 0.95); got {value!r}."
    raise InvalidParameterError(msg)


def make_rng(rng: object, *, name: str = "rng") -> np.random.Generator:
    """Turn `rng` into a `numpy.random.Generator`, following Scientific Python SPEC 7.

    A Generator is used as it is (so the caller's stream advances); an integer, a
    `numpy.random.SeedSequence` or a `numpy.random.BitGenerator` seeds a new one; ``None``
    draws fresh entropy from the operating system. The one rule for every `rng` in infokit.

    >>> make_rng(3).integers(100) == make_rng(3).integers(100)
    np.True_
    """
    if isinstance(rng, np.random.Generator):
        return rng
    if rng is None or isinstance(rng, np.random.SeedSequence | np.random.BitGenerator):
        return np.random.default_rng(rng)
    if isinstance(rng, int | np.integer) and not isinstance(rng, bool | np.bool_):
        if rng < 0:
            msg = f"`{name}` must be a non-negative integer seed; got {rng}."
            raise InvalidParameterError(msg)
        return np.random.default_rng(int(rng))
    hint = (
        " numpy's legacy RandomState is not accepted: pass `np.random.default_rng(seed)`."
        if isinstance(rng, np.random.RandomState)
        else ""
    )
    msg = (
        f"`{name}` must be None, an integer seed, a numpy SeedSequence or BitGenerator, or a "
        f"numpy.random.Generator; got {type(rng).__name__}.{hint}"
    )
    raise InvalidParameterError(msg)


def check_axis(axis: object, ndim: int, *, name: str) -> int:
    """Check that `axis` indexes an axis of an array of `ndim` dimensions named `name`."""
    if isinstance(axis, bool) or not isinstance(axis, int | np.integer):
        msg = f"`axis` must be an integer; got {type(axis).__name__} {axis!r}."
        raise InvalidParameterError(msg)
    if ndim == 0:
        msg = (
            f"`{name}` must have at least one dimension (the outcomes); got a scalar. "
            "Wrap a single probability vector in a list or array."
        )
        raise ShapeError(msg)
    if not -ndim <= axis < ndim:
        msg = (
            f"`axis` must lie in [{-ndim}, {ndim - 1}] for `{name}` of {ndim} dimensions; "
            f"got {axis}."
        )
        raise InvalidParameterError(msg)
    return int(axis)


def check_axis_groups(
    groups: dict[str, int | Sequence[int]], ndim: int, *, name: str
) -> dict[str, tuple[int, ...]]:
    """Check named groups of axes (``{"x": 0, "y": (1, 2)}``) of an `ndim`-D table.

    Each group must be a non-empty set of valid axes, and groups must not share an axis.
    """
    result: dict[str, tuple[int, ...]] = {}
    seen: dict[int, str] = {}
    for key, axes in groups.items():
        members = (axes,) if isinstance(axes, int | np.integer) else axes
        if isinstance(members, str) or not isinstance(members, Sequence) or not members:
            msg = f"`{key}` must be an axis or a non-empty tuple of axes of `{name}`; got {axes!r}."
            raise InvalidParameterError(msg)
        for axis in members:
            if isinstance(axis, bool) or not isinstance(axis, int | np.integer):
                msg = f"`{key}` must contain integer axes; got {axis!r}."
                raise InvalidParameterError(msg)
            if not -ndim <= axis < ndim:
                msg = (
                    f"`{key}` names axis {axis}, but `{name}` has {ndim} dimensions "
                    f"(axes {-ndim} to {ndim - 1})."
                )
                raise InvalidParameterError(msg)
        normalized = normalize_axes([int(axis) for axis in members], ndim)
        for axis in normalized:
            if axis in seen:
                msg = (
                    f"`{seen[axis]}` and `{key}` both name axis {axis} of `{name}`; "
                    "each axis can belong to one variable only."
                )
                raise InvalidParameterError(msg)
            seen[axis] = key
        result[key] = normalized
    return result


def check_same_outcomes(p: Array, q: Array, *, axis: int, names: tuple[str, str]) -> None:
    """Check that `p` and `q` have the same number of outcomes and broadcastable batches."""
    first, second = names
    if p.ndim == 0 or q.ndim == 0:
        scalar = first if p.ndim == 0 else second
        msg = f"`{scalar}` must have at least one dimension (the outcomes); got a scalar."
        raise ShapeError(msg)
    if not (-p.ndim <= axis < p.ndim and -q.ndim <= axis < q.ndim):
        msg = (
            f"`axis` must index both `{first}` (shape {tuple(p.shape)}) and `{second}` "
            f"(shape {tuple(q.shape)}); got {axis}."
        )
        raise InvalidParameterError(msg)
    if p.shape[axis] != q.shape[axis]:
        msg = (
            f"`{first}` and `{second}` must have the same number of outcomes along axis {axis}; "
            f"got {p.shape[axis]} and {q.shape[axis]} (shapes {tuple(p.shape)} and "
            f"{tuple(q.shape)})."
        )
        raise ShapeError(msg)
    try:
        np.broadcast_shapes(tuple(p.shape), tuple(q.shape))
    except ValueError as error:
        msg = (
            f"`{first}` and `{second}` must have broadcastable shapes; got {tuple(p.shape)} "
            f"and {tuple(q.shape)}."
        )
        raise ShapeError(msg) from error


def _should_check_values(array: Array, validate: bool) -> bool:
    return validate and not is_lazy(array)


def _first_index(mask: np.ndarray[Any, Any]) -> tuple[int, ...]:
    return tuple(int(i) for i in np.unravel_index(int(np.argmax(mask)), mask.shape))


def _format_index(index: tuple[int, ...]) -> str:
    return str(index[0]) if len(index) == 1 else str(index)


def _raise_if_not_finite(values: np.ndarray[Any, Any], *, name: str, allow_neg_inf: bool) -> None:
    bad = np.isnan(values) | (values == np.inf)
    if not allow_neg_inf:
        bad |= values == -np.inf
    if bad.any():
        index = _first_index(bad)
        count = int(bad.sum())
        msg = (
            f"`{name}` must be finite; got {values[index]} at index {_format_index(index)}"
            f"{f' and {count - 1} more non-finite values' if count > 1 else ''}."
        )
        raise InvalidDistributionError(msg)


def check_unit_interval(p: Array, *, name: str, xp: Any, validate: bool) -> None:
    """Check that every element of `p` is a probability in [0, 1]."""
    if not _should_check_values(p, validate):
        return
    if bool(xp.all((p >= 0) & (p <= 1))):
        return
    values = to_numpy(p)
    _raise_if_not_finite(values, name=name, allow_neg_inf=False)
    bad = (values < 0) | (values > 1)
    index = _first_index(bad)
    msg = (
        f"`{name}` must hold probabilities in [0, 1]; got {values[index]} at index "
        f"{_format_index(index)}."
    )
    raise InvalidDistributionError(msg)


def check_probabilities(
    p: Array,
    *,
    name: str,
    axis: int | tuple[int, ...] | None,
    xp: Any,
    validate: bool,
    tolerance: float,
) -> None:
    """Check that `p` holds distributions along `axis`: finite, non-negative, summing to 1.

    `axis` may be one axis, a tuple of axes (a joint table) or ``None`` (all axes).
    """
    if not _should_check_values(p, validate):
        return
    sums = xp.sum(p, axis=axis)
    # One reduction each: a NaN or inf makes a sum non-finite and fails the first test.
    empty = 0 in tuple(p.shape)  # no distributions to check (min of nothing is an error)
    if bool(xp.all(xp.abs(sums - 1) <= tolerance)) and (empty or bool(xp.min(p) >= 0)):
        return
    report_probability_problems(p, name=name, axis=axis, tolerance=tolerance)


def report_probability_problems(
    p: Array, *, name: str, axis: int | tuple[int, ...] | None, tolerance: float
) -> None:
    """Raise the most helpful error for probabilities that failed a check (slow path)."""
    values = to_numpy(p)
    _raise_if_not_finite(values, name=name, allow_neg_inf=False)
    negative = values < 0
    if negative.any():
        index = _first_index(negative)
        msg = f"`{name}` must be non-negative; got {values[index]} at index {_format_index(index)}."
        raise InvalidDistributionError(msg)
    sums = np.sum(values, axis=axis)
    deviation = np.abs(sums - 1)
    where = (
        f"along axis {axis}"
        if isinstance(axis, int)
        else ("over all its entries" if axis is None else f"over axes {axis}")
    )
    if np.ndim(sums) == 0:
        got = f"got {float(sums):.6g}"
    else:
        bad = deviation > tolerance
        index = _first_index(bad)
        got = (
            f"got sums from {float(np.min(sums)):.6g} to {float(np.max(sums)):.6g} "
            f"({int(bad.sum())} of {bad.size} off; first at index {_format_index(index)}: "
            f"{float(sums[index]):.6g})"
        )
    msg = (
        f"`{name}` must sum to 1 {where} (within {tolerance:g}); {got}. "
        "Rescale counts with `infokit.normalize`"
        + (", or pass `from_logits=True` for logits." if axis is not None else ".")
    )
    raise InvalidDistributionError(msg)


def check_logits(z: Array, *, name: str, axis: int, xp: Any, validate: bool) -> None:
    """Check logits: finite or ``-inf`` (a zero probability), at least one finite per slice."""
    if not _should_check_values(z, validate):
        return
    finite = xp.isfinite(z)
    if bool(xp.all(xp.any(finite, axis=axis))) and not bool(xp.any(xp.isnan(z) | (z == math.inf))):
        return
    values = to_numpy(z)
    _raise_if_not_finite(values, name=name, allow_neg_inf=True)
    dead = ~np.any(np.isfinite(values), axis=axis)
    index = _first_index(dead)
    msg = (
        f"`{name}` must have at least one finite logit along axis {axis}; every logit is -inf at "
        f"batch index {_format_index(index)}, which is not a distribution."
    )
    raise InvalidDistributionError(msg)


def check_order(order: object) -> float:
    """Check a Rényi order: a non-negative real number (``math.inf`` allowed)."""
    if isinstance(order, bool) or not isinstance(order, Real) or math.isnan(float(order)):
        msg = f"`order` must be a non-negative number (0, 1, 2, math.inf, ...); got {order!r}."
        raise InvalidParameterError(msg)
    value = float(order)
    if value < 0:
        msg = f"`order` must be a non-negative number (0, 1, 2, math.inf, ...); got {order!r}."
        raise InvalidParameterError(msg)
    return value
