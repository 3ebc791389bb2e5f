"""Measures of joint probability tables: joint and conditional entropy, (conditional) MI.

A joint distribution of several discrete variables is one array whose axes are the
variables: ``joint[i, j]`` is :math:`P(X = i, Y = j)`. Keyword arguments name which axis,
or group of axes, is each variable; axes that belong to no named variable are summed out
(marginalised) first. A group of axes is a vector-valued variable: with
``joint[a, b, c]``, ``mutual_information(joint, x=(0, 1), y=2)`` is :math:`I(A, B; C)`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from infokit._array import Array, as_float_array, log_of_base, namespace_of, positive_part
from infokit._validation import (
    check_axis_groups,
    check_flag,
    check_probabilities,
    sum_tolerance,
)
from infokit.errors import ShapeError
from infokit.units import resolve_base

__all__ = [
    "conditional_entropy",
    "conditional_mutual_information",
    "joint_entropy",
    "mutual_information",
]

Axes = int | Sequence[int]

#: Below this, products and ratios of two probabilities may underflow or overflow.
_TINY = 1e-150


def _prepare_joint(
    joint: object, groups: dict[str, Axes | None], *, minimum_ndim: int, validate: bool
) -> tuple[Any, Array, dict[str, tuple[int, ...]]]:
    """Convert and check `joint`; marginalise the axes that belong to no group.

    A group given as ``None`` stands for all axes.
    """
    check_flag(validate, name="validate")
    xp = namespace_of(joint)
    tolerance = sum_tolerance(joint)
    table = as_float_array(joint, xp=xp, name="joint")
    if table.ndim < minimum_ndim:
        msg = (
            f"`joint` must have at least {minimum_ndim} dimensions, one per variable; got shape "
            f"{tuple(table.shape)}."
        )
        raise ShapeError(msg)
    if any(size == 0 for size in table.shape):
        msg = (
            f"`joint` must have at least one outcome on every axis; got shape {tuple(table.shape)}."
        )
        raise ShapeError(msg)
    explicit = {
        key: tuple(range(table.ndim)) if axes is None else axes for key, axes in groups.items()
    }
    checked = check_axis_groups(explicit, table.ndim, name="joint")
    check_probabilities(
        table, name="joint", axis=None, xp=xp, validate=validate, tolerance=tolerance
    )
    used = {axis for axes in checked.values() for axis in axes}
    unused = tuple(axis for axis in range(table.ndim) if axis not in used)
    if unused:
        table = xp.sum(table, axis=unused, keepdims=True)
    return xp, table, checked


def _marginal(table: Array, keep: tuple[int, ...], xp: Any) -> Array:
    """Sum `table` over every axis not in `keep`, keeping dimensions for broadcasting."""
    drop = tuple(axis for axis in range(table.ndim) if axis not in keep)
    return xp.sum(table, axis=drop, keepdims=True) if drop else table


def _expected_log_ratio(
    table: Array, numerators: Sequence[Array], denominators: Sequence[Array], xp: Any
) -> Array:
    """``sum table * log(prod numerators / prod denominators)`` over cells with ``table > 0``.

    Every marginal is positive where the joint is, so the masked ratio is finite; the masked
    cells never see a ``log`` or a division by zero, which keeps gradients finite. One
    logarithm of the ratio is the most accurate near independence; where a factor is so
    small that the products could underflow or the ratio overflow, the logarithms of the
    factors are added instead.
    """
    present = table > 0
    ones = xp.ones_like(table)
    factors = [xp.where(present, factor, ones) for factor in (*numerators, *denominators)]
    tiny = factors[0] < _TINY
    for factor in factors[1:]:
        tiny = tiny | (factor < _TINY)
    plain = [xp.where(tiny, ones, factor) for factor in factors]
    split = [xp.where(tiny, factor, ones) for factor in factors]
    top, bottom = plain[0], plain[len(numerators)]
    for factor in plain[1 : len(numerators)]:
        top = top * factor
    for factor in plain[len(numerators) + 1 :]:
        bottom = bottom * factor
    by_factor = xp.zeros_like(table)
    for i, factor in enumerate(split):
        sign = 1.0 if i < len(numerators) else -1.0
        by_factor = by_factor + sign * xp.log(factor)
    log_ratio = xp.where(tiny, by_factor, xp.log(top / bottom))
    terms = xp.where(present, table * log_ratio, xp.zeros_like(table))
    return xp.sum(terms)


def joint_entropy(
    joint: object,
    /,
    *,
    axes: Axes | None = None,
    base: float | str = math.e,
    validate: bool = True,
) -> Array:
    r"""Compute the joint entropy :math:`H(X_1, \dots, X_k)` of a joint probability table.

    Parameters
    ----------
    joint : array_like of shape (n_1, ..., n_k)
        Joint probabilities, one axis per variable, summing to 1 over all entries.
    axes : int or tuple of int, optional
        The variables whose joint entropy is wanted; the other axes are marginalised.
        Default: all axes.
    base : float or str, default=math.e
        Logarithm base or unit name.
    validate : bool, default=True
        Check that `joint` is finite, non-negative and sums to 1 (within 1e-6 for float64).
        Skipped for traced JAX arrays.

    Returns
    -------
    array
        0-d array: the entropy in units of `base`.

    Notes
    -----
    .. math:: H(X, Y) = -\sum_{x, y} p(x, y) \log_b p(x, y)

    Examples
    --------
    >>> from infokit import joint_entropy
    >>> joint = [[0.25, 0.25], [0.25, 0.25]]  # two independent fair coins
    >>> float(joint_entropy(joint, base=2))
    2.0
    >>> float(joint_entropy(joint, axes=0, base=2))  # the first coin alone
    1.0
    """
    numeric_base = resolve_base(base)
    xp, table, _ = _prepare_joint(joint, {"axes": axes}, minimum_ndim=1, validate=validate)
    entropy = _expected_log_ratio(table, [xp.ones_like(table)], [table], xp)
    return entropy / log_of_base(numeric_base)


def conditional_entropy(
    joint: object,
    /,
    *,
    x: Axes = 0,
    y: Axes = 1,
    base: float | str = math.e,
    validate: bool = True,
) -> Array:
    r"""Compute the conditional entropy :math:`H(X \mid Y)` from a joint probability table.

    Parameters
    ----------
    joint : array_like
        Joint probabilities, one axis per variable; by default a 2-D table ``joint[x, y]``.
    x, y : int or tuple of int, default=0 and 1
        Axes (or groups of axes) of :math:`X` and of the conditioning variable :math:`Y`.
        Other axes are marginalised.
    base : float or str, default=math.e
        Logarithm base or unit name.
    validate : bool, default=True
        As in `joint_entropy`.

    Returns
    -------
    array
        0-d array: the remaining uncertainty of :math:`X` once :math:`Y` is known, in units
        of `base`. Zero when :math:`X` is a function of :math:`Y`; :math:`H(X)` when they are
        independent.

    Notes
    -----
    .. math:: H(X \mid Y) = \sum_{x,y} p(x, y) \log_b \frac{p(y)}{p(x, y)} = H(X, Y) - H(Y)

    Computed from the ratio in one sum (no cancellation between two large entropies).

    Examples
    --------
    >>> from infokit import conditional_entropy
    >>> joint = [[0.5, 0.0], [0.0, 0.5]]  # X = Y
    >>> float(conditional_entropy(joint))
    0.0
    >>> joint = [[0.1, 0.3], [0.2, 0.4]]  # rows are X, columns Y
    >>> round(float(conditional_entropy(joint, base=2)), 4)  # H(X | Y)
    0.9651
    >>> round(float(conditional_entropy(joint, x=1, y=0, base=2)), 4)  # H(Y | X)
    0.8755
    """
    numeric_base = resolve_base(base)
    xp, table, groups = _prepare_joint(joint, {"x": x, "y": y}, minimum_ndim=2, validate=validate)
    p_y = _marginal(table, groups["y"], xp)
    value = positive_part(_expected_log_ratio(table, [p_y], [table], xp), xp=xp)
    return value / log_of_base(numeric_base)


def mutual_information(
    joint: object,
    /,
    *,
    x: Axes = 0,
    y: Axes = 1,
    base: float | str = math.e,
    validate: bool = True,
) -> Array:
    r"""Compute the mutual information :math:`I(X; Y)` from a joint probability table.

    Parameters
    ----------
    joint : array_like
        Joint probabilities, one axis per variable; by default a 2-D table ``joint[x, y]``.
    x, y : int or tuple of int, default=0 and 1
        Axes (or groups of axes) of the two variables. Other axes are marginalised.
    base : float or str, default=math.e
        Logarithm base or unit name.
    validate : bool, default=True
        As in `joint_entropy`.

    Returns
    -------
    array
        0-d array: the information in units of `base`; symmetric, non-negative, at most
        :math:`\min(H(X), H(Y))`, zero exactly when the variables are independent.

    Notes
    -----
    .. math:: I(X; Y) = \sum_{x,y} p(x,y) \log_b \frac{p(x,y)}{p(x)\,p(y)}
              = D_{\mathrm{KL}}(p(x,y) \,\|\, p(x) p(y)) = H(X) + H(Y) - H(X, Y)

    Rounding below zero is returned as 0.

    References
    ----------
    .. [1] T. M. Cover and J. A. Thomas, *Elements of Information Theory*, 2nd ed., 2006,
       Sec. 2.4.

    Examples
    --------
    >>> from infokit import mutual_information
    >>> float(mutual_information([[0.5, 0.0], [0.0, 0.5]], base=2))  # Y copies a fair bit
    1.0
    >>> float(mutual_information([[0.25, 0.25], [0.25, 0.25]]))  # independent
    0.0
    >>> import numpy as np
    >>> joint = np.full((2, 2, 2), 1 / 8)  # three axes: x=0, y=1, axis 2 marginalised
    >>> float(mutual_information(joint, x=(0, 2), y=1))
    0.0
    """
    numeric_base = resolve_base(base)
    xp, table, groups = _prepare_joint(joint, {"x": x, "y": y}, minimum_ndim=2, validate=validate)
    p_x = _marginal(table, groups["x"], xp)
    p_y = _marginal(table, groups["y"], xp)
    value = positive_part(_expected_log_ratio(table, [table], [p_x, p_y], xp), xp=xp)
    return value / log_of_base(numeric_base)


def conditional_mutual_information(
    joint: object,
    /,
    *,
    x: Axes = 0,
    y: Axes = 1,
    z: Axes = 2,
    base: float | str = math.e,
    validate: bool = True,
) -> Array:
    r"""Compute the conditional mutual information :math:`I(X; Y \mid Z)` from a joint table.

    Parameters
    ----------
    joint : array_like
        Joint probabilities, one axis per variable; by default a 3-D table ``joint[x, y, z]``.
    x, y, z : int or tuple of int, default=0, 1 and 2
        Axes (or groups of axes) of the two variables and of the conditioning variable.
        Other axes are marginalised.
    base : float or str, default=math.e
        Logarithm base or unit name.
    validate : bool, default=True
        As in `joint_entropy`.

    Returns
    -------
    array
        0-d array: the information :math:`X` and :math:`Y` share once :math:`Z` is known,
        in units of `base`; non-negative, symmetric in :math:`X` and :math:`Y`.

    Notes
    -----
    .. math:: I(X; Y \mid Z) = \sum_{x,y,z} p(x,y,z) \log_b
              \frac{p(z)\, p(x,y,z)}{p(x,z)\, p(y,z)} = H(X,Z) + H(Y,Z) - H(X,Y,Z) - H(Z)

    Rounding below zero is returned as 0.

    Examples
    --------
    >>> import numpy as np
    >>> from infokit import conditional_mutual_information
    >>> # X and Y fair bits, Z = X xor Y: independent, yet dependent given Z.
    >>> joint = np.zeros((2, 2, 2))
    >>> for a in (0, 1):
    ...     for b in (0, 1):
    ...         joint[a, b, a ^ b] = 0.25
    >>> float(conditional_mutual_information(joint, base=2))
    1.0
    """
    numeric_base = resolve_base(base)
    xp, table, groups = _prepare_joint(
        joint, {"x": x, "y": y, "z": z}, minimum_ndim=3, validate=validate
    )
    p_z = _marginal(table, groups["z"], xp)
    p_xz = _marginal(table, groups["x"] + groups["z"], xp)
    p_yz = _marginal(table, groups["y"] + groups["z"], xp)
    value = positive_part(_expected_log_ratio(table, [table, p_z], [p_xz, p_yz], xp), xp=xp)
    return value / log_of_base(numeric_base)
