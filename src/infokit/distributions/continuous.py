"""Univariate continuous families: Normal, Laplace, Uniform, Exponential, Gamma, Beta, ...

Parameter names and their order follow torch.distributions. Every parameter may be a batch
(any shape; they broadcast together) of NumPy, PyTorch or JAX arrays, or Python numbers.
Parameter values are checked on eager arrays when ``validate=True`` (the default).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from infokit._array import Array
from infokit.distributions._base import (
    Distribution,
    check_values,
    finite,
    positive,
    prepare_parameters,
)

__all__ = [
    "Beta",
    "Exponential",
    "Gamma",
    "Laplace",
    "LogNormal",
    "Normal",
    "StudentT",
    "Uniform",
]

_FINITE = ("finite", finite)
_POSITIVE = ("positive and finite", positive)


def _initialize(dist: Distribution, checks: dict[str, tuple[str, Any]]) -> None:
    """Convert and broadcast the parameters named in `checks`, then check their values."""
    _, params = prepare_parameters(
        {name: getattr(dist, name) for name in checks}, owner=type(dist).__name__
    )
    for name, value in params.items():
        object.__setattr__(dist, name, value)
    if dist.validate:
        for name, (requirement, valid) in checks.items():
            check_values(
                params[name],
                name=name,
                owner=type(dist).__name__,
                requirement=requirement,
                valid=valid,
            )


@dataclass(frozen=True, eq=False, repr=False)
class Normal(Distribution):
    """Normal (Gaussian) distribution with mean `loc` and standard deviation `scale`.

    Parameters
    ----------
    loc : array_like
        Mean μ.
    scale : array_like
        Standard deviation σ > 0 (not the variance).
    validate : bool, default=True
        Check parameter values (skipped for traced or lazy arrays).

    Examples
    --------
    >>> Normal(0.0, 2.0)
    Normal(loc=0.0, scale=2.0)
    """

    loc: Array
    scale: Array

    def __post_init__(self) -> None:
        _initialize(self, {"loc": _FINITE, "scale": _POSITIVE})

    def to_scipy(self) -> Any:
        """Return the equivalent frozen `scipy.stats.norm` (unbatched only)."""
        import scipy.stats  # deferred: importing scipy.stats takes seconds

        p = self.scalar_parameters()
        return scipy.stats.norm(p["loc"], p["scale"])


@dataclass(frozen=True, eq=False, repr=False)
class LogNormal(Distribution):
    """Distribution of ``exp(Y)`` for ``Y ~ Normal(loc, scale)``.

    Parameters
    ----------
    loc : array_like
        Mean μ of ``log X``.
    scale : array_like
        Standard deviation σ > 0 of ``log X``.
    validate : bool, default=True
        Check parameter values (skipped for traced or lazy arrays).

    Examples
    --------
    >>> LogNormal(0.0, 1.0)
    LogNormal(loc=0.0, scale=1.0)
    """

    loc: Array
    scale: Array

    def __post_init__(self) -> None:
        _initialize(self, {"loc": _FINITE, "scale": _POSITIVE})

    def to_scipy(self) -> Any:
        """Return the equivalent frozen `scipy.stats.lognorm` (unbatched only)."""
        import scipy.stats  # deferred: importing scipy.stats takes seconds

        p = self.scalar_parameters()
        return scipy.stats.lognorm(p["scale"], scale=np.exp(p["loc"]))


@dataclass(frozen=True, eq=False, repr=False)
class Laplace(Distribution):
    """Laplace (double exponential) distribution, density ``exp(−|x − loc| / scale) / (2 scale)``.

    Parameters
    ----------
    loc : array_like
        Location (mean and median) μ.
    scale : array_like
        Scale b > 0 (the variance is 2b²).
    validate : bool, default=True
        Check parameter values (skipped for traced or lazy arrays).

    Examples
    --------
    >>> Laplace(0.0, 1.0)
    Laplace(loc=0.0, scale=1.0)
    """

    loc: Array
    scale: Array

    def __post_init__(self) -> None:
        _initialize(self, {"loc": _FINITE, "scale": _POSITIVE})

    def to_scipy(self) -> Any:
        """Return the equivalent frozen `scipy.stats.laplace` (unbatched only)."""
        import scipy.stats  # deferred: importing scipy.stats takes seconds

        p = self.scalar_parameters()
        return scipy.stats.laplace(p["loc"], p["scale"])


@dataclass(frozen=True, eq=False, repr=False)
class Uniform(Distribution):
    """Continuous uniform distribution on the interval ``[low, high)``.

    Parameters
    ----------
    low, high : array_like
        Ends of the interval, ``low < high``.
    validate : bool, default=True
        Check parameter values (skipped for traced or lazy arrays).

    Examples
    --------
    >>> Uniform(0.0, 0.1)
    Uniform(low=0.0, high=0.1)
    """

    low: Array
    high: Array

    def __post_init__(self) -> None:
        _initialize(self, {"low": _FINITE, "high": _FINITE})
        if self.validate:
            check_values(
                self.high - self.low,
                name="high",
                owner="Uniform",
                requirement="greater than `low` (`high - low` must be positive)",
                valid=positive,
            )

    def to_scipy(self) -> Any:
        """Return the equivalent frozen `scipy.stats.uniform` (unbatched only)."""
        import scipy.stats  # deferred: importing scipy.stats takes seconds

        p = self.scalar_parameters()
        return scipy.stats.uniform(p["low"], p["high"] - p["low"])


@dataclass(frozen=True, eq=False, repr=False)
class Exponential(Distribution):
    """Exponential distribution with `rate` λ, density ``λ exp(−λ x)`` on ``x ≥ 0``.

    Parameters
    ----------
    rate : array_like
        Rate λ > 0 (the mean is 1/λ; scipy's ``expon`` takes ``scale = 1/λ``).
    validate : bool, default=True
        Check parameter values (skipped for traced or lazy arrays).

    Examples
    --------
    >>> Exponential(2.0)
    Exponential(rate=2.0)
    """

    rate: Array

    def __post_init__(self) -> None:
        _initialize(self, {"rate": _POSITIVE})

    def to_scipy(self) -> Any:
        """Return the equivalent frozen `scipy.stats.expon` (unbatched only)."""
        import scipy.stats  # deferred: importing scipy.stats takes seconds

        p = self.scalar_parameters()
        return scipy.stats.expon(scale=1 / p["rate"])


@dataclass(frozen=True, eq=False, repr=False)
class Gamma(Distribution):
    """Gamma distribution with shape `concentration` α and `rate` β.

    The density is ``β^α x^(α−1) exp(−β x) / Γ(α)`` on ``x > 0``; scipy's ``gamma`` takes
    ``a = α`` and ``scale = 1/β``.

    Parameters
    ----------
    concentration : array_like
        Shape α > 0.
    rate : array_like
        Rate β > 0.
    validate : bool, default=True
        Check parameter values (skipped for traced or lazy arrays).

    Examples
    --------
    >>> Gamma(2.0, 0.5)
    Gamma(concentration=2.0, rate=0.5)
    """

    concentration: Array
    rate: Array

    def __post_init__(self) -> None:
        _initialize(self, {"concentration": _POSITIVE, "rate": _POSITIVE})

    def to_scipy(self) -> Any:
        """Return the equivalent frozen `scipy.stats.gamma` (unbatched only)."""
        import scipy.stats  # deferred: importing scipy.stats takes seconds

        p = self.scalar_parameters()
        return scipy.stats.gamma(p["concentration"], scale=1 / p["rate"])


@dataclass(frozen=True, eq=False, repr=False)
class Beta(Distribution):
    """Beta distribution on ``(0, 1)``, density ∝ ``x^(a−1) (1 − x)^(b−1)``.

    Parameters
    ----------
    concentration1 : array_like
        a > 0, the exponent of ``x`` (scipy's ``a``).
    concentration0 : array_like
        b > 0, the exponent of ``1 − x`` (scipy's ``b``).
    validate : bool, default=True
        Check parameter values (skipped for traced or lazy arrays).

    Examples
    --------
    >>> Beta(2.0, 3.0)
    Beta(concentration1=2.0, concentration0=3.0)
    """

    concentration1: Array
    concentration0: Array

    def __post_init__(self) -> None:
        _initialize(self, {"concentration1": _POSITIVE, "concentration0": _POSITIVE})

    def to_scipy(self) -> Any:
        """Return the equivalent frozen `scipy.stats.beta` (unbatched only)."""
        import scipy.stats  # deferred: importing scipy.stats takes seconds

        p = self.scalar_parameters()
        return scipy.stats.beta(p["concentration1"], p["concentration0"])


@dataclass(frozen=True, eq=False, repr=False)
class StudentT(Distribution):
    """Student's t distribution with `df` degrees of freedom, location and scale.

    Parameters
    ----------
    df : array_like
        Degrees of freedom ν > 0.
    loc : array_like, default=0.0
        Location μ.
    scale : array_like, default=1.0
        Scale s > 0.
    validate : bool, default=True
        Check parameter values (skipped for traced or lazy arrays).

    Examples
    --------
    >>> StudentT(3.0)
    StudentT(df=3.0, loc=0.0, scale=1.0)
    """

    df: Array
    loc: Array = 0.0
    scale: Array = 1.0

    def __post_init__(self) -> None:
        _initialize(self, {"df": _POSITIVE, "loc": _FINITE, "scale": _POSITIVE})

    def to_scipy(self) -> Any:
        """Return the equivalent frozen `scipy.stats.t` (unbatched only)."""
        import scipy.stats  # deferred: importing scipy.stats takes seconds

        p = self.scalar_parameters()
        return scipy.stats.t(p["df"], p["loc"], p["scale"])
