"""Multivariate families: the multivariate normal and the Dirichlet distribution."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from infokit._array import Array, is_lazy, to_numpy
from infokit.distributions._base import (
    Distribution,
    check_values,
    finite,
    positive,
    prepare_parameters,
)
from infokit.errors import InvalidParameterError, ShapeError

__all__ = ["Dirichlet", "MultivariateNormal"]


def _check_positive_definite(
    covariance: Array, *, name: str, owner: str = "MultivariateNormal"
) -> None:
    """Raise `InvalidParameterError` naming the first batch index whose matrix is not SPD."""
    if is_lazy(covariance):
        return
    host = to_numpy(covariance)
    dimension = host.shape[-1]
    matrices = host.reshape(-1, dimension, dimension)
    batch_shape = host.shape[:-2]
    for flat, matrix in enumerate(matrices):
        problem = None
        if not np.all(np.isfinite(matrix)):
            problem = "has non-finite entries"
        elif not np.allclose(matrix, matrix.T, rtol=1e-8, atol=1e-12):
            problem = "is not symmetric"
        else:
            try:
                np.linalg.cholesky(matrix)
            except np.linalg.LinAlgError:
                smallest = float(np.linalg.eigvalsh(matrix)[0])
                problem = f"is not positive definite (smallest eigenvalue {smallest:.3g})"
        if problem is not None:
            index = (
                tuple(int(i) for i in np.unravel_index(flat, batch_shape)) if batch_shape else ()
            )
            where = f" at batch index {index}" if index else ""
            msg = (
                f"`{name}` of {owner} must be symmetric positive definite; the "
                f"matrix{where} {problem}. Add a small ridge (e.g. 1e-9 * identity) for a "
                "nearly singular covariance."
            )
            raise InvalidParameterError(msg)


def _check_square(matrix: Array, dimension: int, *, name: str) -> None:
    shape = tuple(matrix.shape)
    if len(shape) < 2 or shape[-1] != shape[-2] or shape[-1] != dimension:
        msg = (
            f"`{name}` of MultivariateNormal must have shape (..., {dimension}, {dimension}) to "
            f"match `loc` of {dimension} dimensions; got shape {shape}."
        )
        raise ShapeError(msg)


@dataclass(frozen=True, eq=False, repr=False)
class MultivariateNormal(Distribution):
    """Multivariate normal distribution with mean `loc` and a full covariance matrix.

    Give either `covariance_matrix` Σ or its lower Cholesky factor `scale_tril` L (Σ = LLᵀ);
    both are then stored. `MultivariateNormal.diagonal` builds one from per-axis variances.

    Parameters
    ----------
    loc : array_like of shape (..., d)
        Mean vector μ.
    covariance_matrix : array_like of shape (..., d, d), optional
        Symmetric positive definite covariance Σ.
    scale_tril : array_like of shape (..., d, d), optional
        Lower-triangular factor with a positive diagonal (entries above the diagonal are
        ignored); give exactly one of the two.
    validate : bool, default=True
        Check symmetry and positive definiteness (naming the failing batch index), skipped for
        traced or lazy arrays.

    Examples
    --------
    >>> MultivariateNormal([0.0, 0.0], [[2.0, 0.0], [0.0, 2.0]]).scale_tril
    array([[1.41421356, 0.        ],
           [0.        , 1.41421356]])
    """

    event_ndim = 1
    defining_fields = ("loc", "scale_tril")
    loc: Array
    covariance_matrix: Array = None
    # keyword-only: torch's third positional parameter is `precision_matrix`
    scale_tril: Array = field(default=None, kw_only=True)

    def __post_init__(self) -> None:
        if (self.covariance_matrix is None) == (self.scale_tril is None):
            got = "both" if self.scale_tril is not None else "neither"
            msg = (
                "MultivariateNormal takes exactly one of `covariance_matrix` and `scale_tril`; "
                f"got {got}."
            )
            raise InvalidParameterError(msg)
        given = "scale_tril" if self.scale_tril is not None else "covariance_matrix"
        xp, params = prepare_parameters(
            {"loc": self.loc, given: getattr(self, given)},
            broadcast=False,
            owner="MultivariateNormal",
        )
        loc, matrix = params["loc"], params[given]
        if loc.ndim == 0:
            msg = "`loc` of MultivariateNormal must be a vector of shape (..., d); got a scalar."
            raise ShapeError(msg)
        dimension = int(loc.shape[-1])
        _check_square(matrix, dimension, name=given)
        if self.validate:
            check_values(
                loc,
                name="loc",
                owner="MultivariateNormal",
                requirement="finite",
                valid=finite,
                event_ndim=1,
            )
        if given == "covariance_matrix":
            if self.validate:
                _check_positive_definite(matrix, name=given)
            scale_tril = xp.linalg.cholesky(matrix)
            covariance = matrix
        else:
            if self.validate:
                check_values(
                    xp.linalg.diagonal(matrix),
                    name="scale_tril",
                    owner="MultivariateNormal",
                    requirement="lower triangular with a positive diagonal",
                    valid=positive,
                    event_ndim=1,
                    shown="diagonal ",
                )
            scale_tril = xp.tril(matrix)
            covariance = scale_tril @ xp.matrix_transpose(scale_tril)
        batch = np.broadcast_shapes(tuple(loc.shape[:-1]), tuple(matrix.shape[:-2]))
        square = (*batch, dimension, dimension)
        object.__setattr__(self, "loc", xp.broadcast_to(loc, (*batch, dimension)))
        object.__setattr__(self, "covariance_matrix", xp.broadcast_to(covariance, square))
        object.__setattr__(self, "scale_tril", xp.broadcast_to(scale_tril, square))

    @classmethod
    def diagonal(cls, loc: object, variance: object, /, *, validate: bool = True) -> Any:
        """Build a multivariate normal with independent axes of the given variances.

        Parameters
        ----------
        loc : array_like of shape (..., d)
            Mean vector.
        variance : array_like of shape (..., d)
            Positive variance of each axis (the diagonal of Σ).
        validate : bool, default=True
            Check that the variances are positive and finite.

        Returns
        -------
        MultivariateNormal
            The distribution, with ``scale_tril = diag(sqrt(variance))``.

        Examples
        --------
        >>> MultivariateNormal.diagonal([0.0, 1.0], [4.0, 9.0]).covariance_matrix
        array([[4., 0.],
               [0., 9.]])
        """
        xp, params = prepare_parameters(
            {"loc": loc, "variance": variance}, owner="MultivariateNormal.diagonal"
        )
        variances = params["variance"]
        if validate:
            check_values(
                variances,
                name="variance",
                owner="MultivariateNormal.diagonal",
                requirement="positive and finite",
                valid=positive,
                event_ndim=1,
            )
        dimension = int(variances.shape[-1])
        identity = xp.eye(dimension, dtype=variances.dtype)
        scale_tril = xp.sqrt(variances)[..., None] * identity
        return cls(params["loc"], scale_tril=scale_tril, validate=validate)

    @property
    def dimension(self) -> int:
        """Number of dimensions d of an outcome."""
        return int(self.loc.shape[-1])

    def to_scipy(self) -> Any:
        """Return the equivalent frozen `scipy.stats.multivariate_normal` (unbatched only)."""
        import scipy.stats  # deferred: importing scipy.stats takes seconds

        p = self.scalar_parameters()
        return scipy.stats.multivariate_normal(p["loc"], p["covariance_matrix"])


@dataclass(frozen=True, eq=False, repr=False)
class Dirichlet(Distribution):
    """Dirichlet distribution on the probability simplex of k outcomes.

    Parameters
    ----------
    concentration : array_like of shape (..., k)
        Positive concentrations α₁, ..., α_k.
    validate : bool, default=True
        Check parameter values (skipped for traced or lazy arrays).

    Examples
    --------
    >>> Dirichlet([1.0, 1.0, 1.0]).batch_shape
    ()
    """

    event_ndim = 1
    concentration: Array

    def __post_init__(self) -> None:
        _, params = prepare_parameters({"concentration": self.concentration}, owner="Dirichlet")
        concentration = params["concentration"]
        if concentration.ndim == 0:
            msg = "`concentration` of Dirichlet must have a last axis of outcomes; got a scalar."
            raise ShapeError(msg)
        if self.validate:
            check_values(
                concentration,
                name="concentration",
                owner="Dirichlet",
                requirement="positive and finite",
                valid=positive,
                event_ndim=1,
            )
        object.__setattr__(self, "concentration", concentration)

    def to_scipy(self) -> Any:
        """Return the equivalent frozen `scipy.stats.dirichlet` (unbatched only)."""
        import scipy.stats  # deferred: importing scipy.stats takes seconds

        return scipy.stats.dirichlet(self.scalar_parameters()["concentration"])
