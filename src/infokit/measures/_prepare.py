"""Shared argument handling of the exact measures: conversion, axis and value checks."""

from __future__ import annotations

from typing import Any

from infokit._array import Array, as_float_array, is_lazy, namespace_of, to_numpy
from infokit._validation import (
    check_axis,
    check_flag,
    check_logits,
    check_probabilities,
    check_same_outcomes,
    report_probability_problems,
    sum_tolerance,
)
from infokit.errors import ShapeError

__all__ = ["Prepared", "prepare_distribution", "prepare_pair", "raise_if_invalid_sums"]


class Prepared:
    """A distribution argument after conversion: the array, its axis and its tolerance."""

    __slots__ = ("array", "axis", "name", "tolerance")

    def __init__(self, array: Array, axis: int, name: str, tolerance: float) -> None:
        self.array, self.axis, self.name, self.tolerance = array, axis, name, tolerance


def _convert(value: object, *, name: str, axis: object, xp: Any) -> Prepared:
    tolerance = sum_tolerance(value)
    array = as_float_array(value, xp=xp, name=name)
    checked_axis = check_axis(axis, array.ndim, name=name)
    if array.shape[checked_axis] == 0:
        msg = (
            f"`{name}` must have at least one outcome along axis {checked_axis}; "
            f"got shape {tuple(array.shape)}."
        )
        raise ShapeError(msg)
    return Prepared(array, checked_axis, name, tolerance)


def prepare_distribution(
    value: object,
    *,
    name: str,
    axis: object,
    from_logits: bool = False,
    validate: bool = True,
    check_values: bool = True,
) -> tuple[Any, Prepared]:
    """Convert one distribution argument and check it.

    With ``check_values=False`` only the shape and axis are checked, leaving the value
    checks to a caller that fuses them with the computation (`infokit._native`).
    """
    check_flag(from_logits, name="from_logits")
    check_flag(validate, name="validate")
    xp = namespace_of(value)
    prepared = _convert(value, name=name, axis=axis, xp=xp)
    if from_logits:
        check_logits(prepared.array, name=name, axis=prepared.axis, xp=xp, validate=validate)
    elif check_values:
        check_probabilities(
            prepared.array,
            name=name,
            axis=prepared.axis,
            xp=xp,
            validate=validate,
            tolerance=prepared.tolerance,
        )
    return xp, prepared


def prepare_pair(
    p: object,
    q: object,
    *,
    axis: object,
    from_logits: bool = False,
    validate: bool = True,
    check_values: bool = True,
    names: tuple[str, str] = ("p", "q"),
) -> tuple[Any, Prepared, Prepared]:
    """Convert and check a pair of distributions (`q` may be logits), promoting dtypes."""
    check_flag(from_logits, name="from_logits")
    check_flag(validate, name="validate")
    xp = namespace_of(p, q)
    first = _convert(p, name=names[0], axis=axis, xp=xp)
    second = _convert(q, name=names[1], axis=axis, xp=xp)
    check_same_outcomes(first.array, second.array, axis=first.axis, names=names)
    dtype = xp.result_type(first.array.dtype, second.array.dtype)
    for prepared in (first, second):
        if prepared.array.dtype != dtype:  # astype copies even to the same dtype
            prepared.array = xp.astype(prepared.array, dtype)
    if check_values:
        check_probabilities(
            first.array,
            name=first.name,
            axis=first.axis,
            xp=xp,
            validate=validate,
            tolerance=first.tolerance,
        )
        if from_logits:
            check_logits(second.array, name=second.name, axis=second.axis, xp=xp, validate=validate)
        else:
            check_probabilities(
                second.array,
                name=second.name,
                axis=second.axis,
                xp=xp,
                validate=validate,
                tolerance=second.tolerance,
            )
    return xp, first, second


def raise_if_invalid_sums(
    results: Array, sums: list[Array], distributions: list[Prepared], *, validate: bool
) -> None:
    """Finish the value checks of a fused NumPy kernel (see `infokit._native`).

    A NaN result means a negative or non-finite input; a sum off by more than the tolerance
    means the input is not normalised. Either way the slow path builds the precise message.
    """
    if not validate or any(is_lazy(d.array) for d in distributions):
        return
    import numpy as np

    bad = bool(np.isnan(results).any())
    for total, distribution in zip(sums, distributions, strict=True):
        off = bool((np.abs(total - 1) > distribution.tolerance).any())
        # A NaN result comes from a negative or non-finite entry of either argument: only
        # the argument that holds one is blamed (its sum may be exactly 1, as [1.5, -0.5]).
        if off or (bad and _has_bad_entry(distribution.array)):
            report_probability_problems(
                distribution.array,
                name=distribution.name,
                axis=distribution.axis,
                tolerance=distribution.tolerance,
            )


def _has_bad_entry(p: Array) -> bool:
    """Tell whether probabilities hold a negative, NaN or infinite entry (NumPy, eager)."""
    import numpy as np

    values = np.asarray(to_numpy(p))
    return bool(not np.isfinite(values).all() or (values < 0).any())
