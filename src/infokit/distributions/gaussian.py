"""Mutual information between groups of coordinates of a multivariate normal distribution."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from infokit._array import Array, as_float_array, log_of_base, namespace_of, positive_part
from infokit.distributions.multivariate import _check_positive_definite
from infokit.errors import InvalidParameterError, ShapeError
from infokit.units import resolve_base

__all__ = ["gaussian_mutual_information"]


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
