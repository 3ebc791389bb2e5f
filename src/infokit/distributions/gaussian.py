"""Information between groups of coordinates of a multivariate normal distribution.

Mutual information between two groups, and the multivariate measures of several groups
(total correlation, dual total correlation, O-information), all from log-determinants of
blocks of one covariance matrix, batched over its leading axes.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from infokit._array import Array, as_float_array, log_of_base, namespace_of, positive_part
from infokit.distributions.multivariate import _check_positive_definite
from infokit.errors import InvalidParameterError, ShapeError
from infokit.units import resolve_base

__all__ = [
    "gaussian_dual_total_correlation",
    "gaussian_mutual_information",
    "gaussian_o_information",
    "gaussian_total_correlation",
]


def _check_group(group: object, dimension: int, *, name: str) -> list[int]:
    members = [group] if isinstance(group, int | np.integer) else group
    if (
        isinstance(members, str)
        or not isinstance(members, Sequence | np.ndarray)
        or len(members) == 0
    ):
        msg = f"`{name}` must be an index or a non-empty sequence of indices; got {group!r}."
        raise InvalidParameterError(msg)
    indices = []
    for index in members:
        if isinstance(index, bool) or not isinstance(index, int | np.integer):
            msg = f"`{name}` must contain integer indices; got {index!r}."
            raise InvalidParameterError(msg)
        if not -dimension <= index < dimension:
            msg = (
                f"`{name}` names index {index}, but `covariance` has {dimension} dimensions "
                f"(indices {-dimension} to {dimension - 1})."
            )
            raise InvalidParameterError(msg)
        indices.append(int(index) % dimension)
    if len(set(indices)) != len(indices):
        msg = f"`{name}` repeats an index; got {group!r}."
        raise InvalidParameterError(msg)
    return indices


def _log_det(covariance: Array, indices: list[int], *, xp: Any) -> Array:
    """Log det of the sub-block on `indices`, as 2 Σ log diag(cholesky)."""
    chosen = xp.asarray(indices)
    block = xp.take(xp.take(covariance, chosen, axis=-1), chosen, axis=-2)
    factor = xp.linalg.cholesky(block)
    return 2 * xp.sum(xp.log(xp.linalg.diagonal(factor)), axis=-1)


def gaussian_mutual_information(
    covariance: object,
    x: int | Sequence[int],
    y: int | Sequence[int],
    /,
    *,
    base: float | str = math.e,
    validate: bool = True,
) -> Array:
    r"""Compute the mutual information between coordinate groups `x` and `y` of a Gaussian.

    Parameters
    ----------
    covariance : array_like of shape (..., d, d)
        Covariance matrix Σ of a multivariate normal (batched over leading axes). The mean does
        not matter.
    x, y : int or sequence of int
        Disjoint groups of coordinate indices; coordinates in neither group are
        marginalised out.
    base : float or str, default=math.e
        Logarithm base or unit name (``"bits"``, ``"nats"``, ``"hartleys"``).
    validate : bool, default=True
        Check that Σ is symmetric positive definite (naming the failing batch index); skipped
        for traced or lazy arrays.

    Returns
    -------
    array
        Mutual information in units of `base`, of shape ``covariance.shape[:-2]``.

    Notes
    -----
    .. math:: I(X; Y) = \tfrac12 \log \frac{\det \Sigma_{XX} \, \det \Sigma_{YY}}{\det \Sigma}

    with Σ the covariance of ``(X, Y)``; log-determinants come from Cholesky factors
    (``log det A = 2 Σᵢ log Lᵢᵢ``). For two scalars with correlation ρ it is
    :math:`-\tfrac12 \log(1 - \rho^2)` (Cover & Thomas [1]_, Ex. 8.5.1).

    References
    ----------
    .. [1] T. M. Cover and J. A. Thomas, *Elements of Information Theory*, 2nd ed., 2006.

    Examples
    --------
    >>> import numpy as np
    >>> rho = 0.8
    >>> value = gaussian_mutual_information([[1.0, rho], [rho, 1.0]], 0, 1)
    >>> round(float(value), 6), round(float(-0.5 * np.log(1 - rho**2)), 6)
    (0.510826, 0.510826)
    """
    numeric_base = resolve_base(base)
    xp = namespace_of(covariance)
    matrix = as_float_array(covariance, xp=xp, name="covariance")
    if matrix.ndim < 2 or matrix.shape[-1] != matrix.shape[-2]:
        msg = f"`covariance` must have shape (..., d, d); got {tuple(matrix.shape)}."
        raise ShapeError(msg)
    dimension = int(matrix.shape[-1])
    x_indices = _check_group(x, dimension, name="x")
    y_indices = _check_group(y, dimension, name="y")
    shared = sorted(set(x_indices) & set(y_indices))
    if shared:
        msg = f"`x` and `y` must be disjoint; both contain {shared}."
        raise InvalidParameterError(msg)
    if validate:
        _check_positive_definite(matrix, name="covariance", owner="gaussian_mutual_information")
    value = (
        _log_det(matrix, x_indices, xp=xp)
        + _log_det(matrix, y_indices, xp=xp)
        - _log_det(matrix, x_indices + y_indices, xp=xp)
    ) / 2
    return positive_part(value, xp=xp) / log_of_base(numeric_base)


def _prepare_covariance(
    covariance: object,
    variables: Sequence[int | Sequence[int]] | None,
    *,
    validate: bool,
    owner: str,
) -> tuple[Any, Array, list[list[int]]]:
    """Convert and check `covariance`; return the namespace, the matrix and the groups."""
    xp = namespace_of(covariance)
    matrix = as_float_array(covariance, xp=xp, name="covariance")
    if matrix.ndim < 2 or matrix.shape[-1] != matrix.shape[-2]:
        msg = f"`covariance` must have shape (..., d, d); got {tuple(matrix.shape)}."
        raise ShapeError(msg)
    dimension = int(matrix.shape[-1])
    if variables is None:
        groups = [[index] for index in range(dimension)]
    else:
        if isinstance(variables, int | str) or not isinstance(variables, Sequence):
            msg = (
                "`variables` must be a sequence of coordinate indices (or of groups of "
                f"indices), one per variable, e.g. [0, 1, (2, 3)]; got {variables!r}."
            )
            raise InvalidParameterError(msg)
        groups = [
            _check_group(group, dimension, name=f"variables[{i}]")
            for i, group in enumerate(variables)
        ]
    if len(groups) < 2:
        msg = f"multivariate information needs at least two variables; got {len(groups)}."
        raise InvalidParameterError(msg)
    flat = [index for group in groups for index in group]
    if len(set(flat)) != len(flat):
        msg = f"`variables` must not share coordinates; got {variables!r}."
        raise InvalidParameterError(msg)
    if validate:
        _check_positive_definite(matrix, name="covariance", owner=owner)
    return xp, matrix, groups


def _total_and_dual(matrix: Array, groups: list[list[int]], xp: Any) -> tuple[Array, Array]:
    """Total and dual total correlation in nats: halves of sums of block log-determinants."""
    everything = [index for group in groups for index in group]
    log_det_all = _log_det(matrix, everything, xp=xp)
    singles = sum(_log_det(matrix, group, xp=xp) for group in groups)
    leave_one_out = sum(
        _log_det(
            matrix, [index for other in groups if other is not group for index in other], xp=xp
        )
        for group in groups
    )
    total = (singles - log_det_all) / 2
    dual = (leave_one_out - (len(groups) - 1) * log_det_all) / 2
    return total, dual


def gaussian_total_correlation(
    covariance: object,
    /,
    *,
    variables: Sequence[int | Sequence[int]] | None = None,
    base: float | str = math.e,
    validate: bool = True,
) -> Array:
    r"""Compute the total correlation of a multivariate normal from its covariance.

    Parameters
    ----------
    covariance : array_like of shape (..., d, d)
        Covariance matrix Σ (batched over leading axes). The mean does not matter.
    variables : sequence of int or of sequences of int, optional
        The coordinates of each variable (groups for vector-valued variables); coordinates
        in no group are marginalised. Default: every coordinate is one variable.
    base : float or str, default=math.e
        Logarithm base or unit name (``"bits"``, ``"nats"``, ``"hartleys"``).
    validate : bool, default=True
        Check that Σ is symmetric positive definite (naming the failing batch index).

    Returns
    -------
    array
        Total correlation in units of `base`, of shape ``covariance.shape[:-2]``.

    Notes
    -----
    .. math:: \mathrm{TC} = \tfrac12 \Big(\sum_g \log\det \Sigma_{gg}
              - \log\det \Sigma\Big)

    (Watanabe's multi-information of a Gaussian); for scalar variables with correlation
    matrix R it is :math:`-\tfrac12 \log\det R`. See `infokit.total_correlation`.

    Examples
    --------
    >>> from infokit.distributions import gaussian_total_correlation
    >>> covariance = [[1, 0.4, 0.3], [0.4, 1, 0.2], [0.3, 0.2, 1]]
    >>> round(float(gaussian_total_correlation(covariance)), 6)
    0.138536
    """
    xp, matrix, groups = _prepare_covariance(
        covariance, variables, validate=validate, owner="gaussian_total_correlation"
    )
    total, _ = _total_and_dual(matrix, groups, xp)
    return positive_part(total, xp=xp) / log_of_base(resolve_base(base))


def gaussian_dual_total_correlation(
    covariance: object,
    /,
    *,
    variables: Sequence[int | Sequence[int]] | None = None,
    base: float | str = math.e,
    validate: bool = True,
) -> Array:
    r"""Compute the dual total correlation of a multivariate normal from its covariance.

    Parameters
    ----------
    covariance : array_like of shape (..., d, d)
        Covariance matrix Σ (batched over leading axes).
    variables : sequence of int or of sequences of int, optional
        As in `gaussian_total_correlation`.
    base : float or str, default=math.e
        Logarithm base or unit name.
    validate : bool, default=True
        As in `gaussian_total_correlation`.

    Returns
    -------
    array
        Dual total correlation in units of `base`, of shape ``covariance.shape[:-2]``.

    Notes
    -----
    .. math:: \mathrm{DTC} = \tfrac12 \Big(\sum_g \log\det \Sigma_{-g,-g}
              - (n - 1) \log\det \Sigma\Big)

    with :math:`-g` every coordinate outside group g (Han's binding information); for scalar
    variables :math:`\tfrac12 (\log\det\Sigma + \sum_i \log (\Sigma^{-1})_{ii})`.

    Examples
    --------
    >>> from infokit.distributions import gaussian_dual_total_correlation
    >>> covariance = [[1, 0.4, 0.3], [0.4, 1, 0.2], [0.3, 0.2, 1]]
    >>> round(float(gaussian_dual_total_correlation(covariance)), 6)
    0.122329
    """
    xp, matrix, groups = _prepare_covariance(
        covariance, variables, validate=validate, owner="gaussian_dual_total_correlation"
    )
    _, dual = _total_and_dual(matrix, groups, xp)
    return positive_part(dual, xp=xp) / log_of_base(resolve_base(base))


def gaussian_o_information(
    covariance: object,
    /,
    *,
    variables: Sequence[int | Sequence[int]] | None = None,
    base: float | str = math.e,
    validate: bool = True,
) -> Array:
    r"""Compute the O-information of a multivariate normal from its covariance.

    Parameters
    ----------
    covariance : array_like of shape (..., d, d)
        Covariance matrix Σ (batched over leading axes).
    variables : sequence of int or of sequences of int, optional
        As in `gaussian_total_correlation`.
    base : float or str, default=math.e
        Logarithm base or unit name.
    validate : bool, default=True
        As in `gaussian_total_correlation`.

    Returns
    -------
    array
        O-information (TC − DTC) in units of `base`, of shape ``covariance.shape[:-2]``:
        positive when redundancy dominates, negative when synergy does.

    Notes
    -----
    .. math:: \Omega = \mathrm{TC} - \mathrm{DTC} = \tfrac12 \Big(\sum_g \log\det
              \Sigma_{gg} - \sum_g \log\det \Sigma_{-g,-g} + (n - 2) \log\det \Sigma\Big)

    Rosas et al., Physical Review E 100, 032305, 2019; see `infokit.o_information`.

    Examples
    --------
    >>> from infokit.distributions import gaussian_o_information
    >>> covariance = [[1, 0.4, 0.3], [0.4, 1, 0.2], [0.3, 0.2, 1]]
    >>> round(float(gaussian_o_information(covariance)), 6)
    0.016207
    """
    xp, matrix, groups = _prepare_covariance(
        covariance, variables, validate=validate, owner="gaussian_o_information"
    )
    total, dual = _total_and_dual(matrix, groups, xp)
    return (total - dual) / log_of_base(resolve_base(base))
