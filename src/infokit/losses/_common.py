"""Argument checks and reductions shared by the training losses."""

from __future__ import annotations

import math
from numbers import Real
from typing import Any

import numpy as np

from infokit._array import Array, as_float_array, is_lazy, to_numpy
from infokit._validation import check_choice, check_probabilities
from infokit.errors import InvalidDistributionError, InvalidParameterError, ShapeError

__all__ = [
    "check_non_empty",
    "check_non_negative",
    "check_probability_rows",
    "check_reduction",
    "check_unit_fraction",
    "float_argument",
    "raise_if_nan",
    "reduce_per_sample",
]


def check_reduction(reduction: object, allowed: tuple[str, ...], *, hint: str = "") -> str:
    """Check that `reduction` is one of `allowed`, with a hint for a known-but-unsupported one."""
    try:
        return check_choice(reduction, allowed, name="reduction")
    except InvalidParameterError as error:
        if hint and reduction == "batchmean":
            msg = f"{error} {hint}"
            raise InvalidParameterError(msg) from None
        raise


def check_unit_fraction(value: object, *, name: str) -> float:
    """Check a real number in [0, 1] (e.g. `label_smoothing`)."""
    if isinstance(value, bool) or not isinstance(value, Real) or not 0 <= float(value) <= 1:
        msg = f"`{name}` must be a number in [0, 1]; got {value!r}."
        raise InvalidParameterError(msg)
    return float(value)


def check_probability_rows(
    p: Array, *, name: str, axis: int, xp: Any, tolerance: float, hint: str
) -> None:
    """Check probabilities along `axis` (eager arrays), ending a sum error with `hint`.

    The shared check suggests ``from_logits=True``, an option the losses spell differently.
    """
    try:
        check_probabilities(p, name=name, axis=axis, xp=xp, validate=True, tolerance=tolerance)
    except InvalidDistributionError as error:
        message = str(error)
        generic_hint = ", or pass `from_logits=True` for logits."
        if message.endswith(generic_hint):
            message = message[: -len(generic_hint)] + f". {hint}"
        raise InvalidDistributionError(message) from None


def float_argument(value: object, *, name: str, xp: Any, dtype: Any) -> Array:
    """Convert an array argument to the floating dtype `dtype` of the computation."""
    return xp.astype(as_float_array(value, xp=xp, name=name), dtype)


def _first_index(mask: np.ndarray[Any, Any]) -> tuple[int, ...]:
    return tuple(int(i) for i in np.unravel_index(int(np.argmax(mask)), mask.shape))


def _format_index(index: tuple[int, ...]) -> str:
    return str(index[0]) if len(index) == 1 else str(index)


def check_non_negative(value: Array, *, name: str, xp: Any) -> None:
    """Check that an eager array (weights) is finite and non-negative."""
    if is_lazy(value) or bool(xp.all(xp.isfinite(value) & (value >= 0))):
        return
    values = to_numpy(value)
    bad = ~(np.isfinite(values) & (values >= 0))
    index = _first_index(bad)
    msg = (
        f"`{name}` must be finite and non-negative; got {values[index]} at index "
        f"{_format_index(index)}."
    )
    raise InvalidParameterError(msg)


def raise_if_nan(result: Array, inputs: dict[str, Array], *, xp: Any) -> None:
    """Explain a NaN in an eager `result` by the first input holding NaN or ``+inf``.

    Checking the (small) result instead of every (large) input keeps the validation off
    the hot path; the inputs are scanned only when something already went wrong.
    Returns quietly when no input explains the NaN (documented 0/0 cases).
    """
    if is_lazy(result) or not bool(xp.any(xp.isnan(result))):
        return
    for name, value in inputs.items():
        values = to_numpy(value)
        bad = np.isnan(values) | (values == np.inf)
        if bad.any():
            index = _first_index(bad)
            msg = (
                f"`{name}` must not hold NaN or +inf; got {values[index]} at index "
                f"{_format_index(index)}."
            )
            raise InvalidDistributionError(msg)


def check_non_empty(shape: tuple[int, ...], reduction: str, *, name: str) -> None:
    """Refuse a mean over no samples (torch returns NaN there, silently).

    `shape` is the batch shape of the per-sample losses; ``"batchmean"`` needs a non-empty
    first axis, ``"mean"`` at least one sample.
    """
    if reduction not in ("mean", "batchmean") or not shape:
        return
    count = math.prod(shape) if reduction == "mean" else shape[0]
    if count == 0:
        msg = (
            f"`reduction={reduction!r}` needs at least one sample; got an empty batch (`{name}` "
            f"has batch shape {tuple(shape)}). Use `reduction='sum'` (0 for an empty batch) "
            "or `'none'` (an empty array), or skip empty batches."
        )
        raise ShapeError(msg)


def reduce_per_sample(losses: Array, reduction: str, *, xp: Any, name: str = "logits") -> Array:
    """Combine per-sample losses of batch shape ``(n, ...)`` (or ``()`` when unbatched).

    ``"none"`` keeps them, ``"sum"`` adds them, ``"mean"`` divides the sum by the number of
    samples (every batch position counts as a sample), ``"batchmean"`` by the size of the
    first batch axis only (a sequence of tokens then counts as one sample). A mean over an
    empty batch raises `ShapeError` naming `name` (see `check_non_empty`).
    """
    if reduction == "none":
        return losses
    check_non_empty(tuple(losses.shape), reduction, name=name)
    total = xp.sum(losses)
    if reduction == "sum" or losses.ndim == 0:
        return total
    count = math.prod(losses.shape) if reduction == "mean" else losses.shape[0]
    return total / count
