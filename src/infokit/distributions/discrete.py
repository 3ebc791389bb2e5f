"""Discrete families: Bernoulli, Categorical, Binomial, Poisson, Geometric.

Parameter names follow torch.distributions; Bernoulli, Categorical, Binomial and Geometric
take either `probs` or `logits` (exactly one), and store both.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from infokit._array import Array, log_softmax
from infokit._validation import check_logits, check_probabilities, sum_tolerance
from infokit.distributions._base import (
    Distribution,
    check_values,
    non_negative,
    prepare_parameters,
    unit_interval,
)
from infokit.errors import InvalidDistributionError, InvalidParameterError

__all__ = ["Bernoulli", "Binomial", "Categorical", "Geometric", "Poisson"]


def softplus(x: Array, /, *, xp: Any) -> Array:
    """Return ``log(1 + exp(x))`` stably (``inf`` for ``x = inf``, 0 for ``x = -inf``)."""
    return xp.maximum(x, xp.zeros_like(x)) + xp.log1p(xp.exp(-xp.abs(x)))


def _logits_from_probs(probs: Array, *, xp: Any) -> Array:
    """``log p − log(1 − p)``, with ``−inf`` at p = 0 and ``inf`` at p = 1, warning-free."""
    inside = (probs > 0) & (probs < 1)
    half = xp.full_like(probs, 0.5)
    safe = xp.where(inside, probs, half)
    logits = xp.log(safe) - xp.log1p(-safe)
    infinity = xp.full_like(probs, float("inf"))
    return xp.where(inside, logits, xp.where(probs <= 0, -infinity, infinity))


def _exactly_one(owner: str, probs: object, logits: object) -> None:
    if (probs is None) == (logits is None):
        got = "both" if probs is not None else "neither"
        msg = f"{owner} takes exactly one of `probs` and `logits`; got {got}."
        raise InvalidParameterError(msg)


def _binary_parameters(dist: Distribution, others: dict[str, object]) -> Any:
    """Set `probs` and `logits` (and `others`) of a family with one success probability."""
    owner = type(dist).__name__
    probs, logits = getattr(dist, "probs"), getattr(dist, "logits")  # noqa: B009
    _exactly_one(owner, probs, logits)
    xp, params = prepare_parameters(
        {**others, "probs": probs, "logits": logits}, optional=("probs", "logits"), owner=owner
    )
    if logits is not None:
        logits = params["logits"]
        if dist.validate:
            check_values(
                logits,
                name="logits",
                owner=owner,
                requirement="not NaN",
                valid=lambda v: ~np.isnan(v),
            )
        params["probs"] = xp.exp(-softplus(-logits, xp=xp))  # sigmoid, overflow-free
    else:
        if dist.validate:
            check_values(
                params["probs"],
                name="probs",
                owner=owner,
                requirement="a probability in [0, 1]",
                valid=unit_interval,
            )
        params["logits"] = _logits_from_probs(params["probs"], xp=xp)
    for name, value in params.items():
        object.__setattr__(dist, name, value)
    return xp


@dataclass(frozen=True, eq=False, repr=False)
class Bernoulli(Distribution):
    """Bernoulli distribution: 1 with probability `probs`, else 0.

    Parameters
    ----------
    probs : array_like, optional
        Success probability p in [0, 1].
    logits : array_like, optional
        Log-odds ``log(p / (1 − p))``; give exactly one of `probs` and `logits`.
    validate : bool, default=True
        Check parameter values (skipped for traced or lazy arrays).

    Examples
    --------
    >>> Bernoulli(0.5)
    Bernoulli(probs=0.5, logits=0.0)
    """

    discrete = True
    defining_fields = ("logits",)
    probs: Array = None
    logits: Array = None

    def __post_init__(self) -> None:
        _binary_parameters(self, {})

    def log_probs(self) -> tuple[Array, Array]:
        """Return ``(log p, log(1 − p))`` computed stably from the logits."""
        xp = self.xp
        return -softplus(-self.logits, xp=xp), -softplus(self.logits, xp=xp)

    def to_scipy(self) -> Any:
        """Return the equivalent frozen `scipy.stats.bernoulli` (unbatched only)."""
        import scipy.stats  # deferred: importing scipy.stats takes seconds

        return scipy.stats.bernoulli(self.scalar_parameters()["probs"])


@dataclass(frozen=True, eq=False, repr=False)
class Geometric(Distribution):
    """Number of failures before the first success, on ``{0, 1, 2, ...}`` (torch's convention).

    ``P(X = k) = (1 − p)^k p``. scipy's ``geom(p)`` counts *trials* instead (support
    ``{1, 2, ...}``); ``scipy.stats.geom(p, loc=-1)`` is this distribution.

    Parameters
    ----------
    probs : array_like, optional
        Success probability p in (0, 1].
    logits : array_like, optional
        Log-odds of success; give exactly one of `probs` and `logits`.
    validate : bool, default=True
        Check parameter values (skipped for traced or lazy arrays).

    Examples
    --------
    >>> Geometric(0.5).probs
    array(0.5)
    """

    discrete = True
    defining_fields = ("logits",)
    probs: Array = None
    logits: Array = None

    def __post_init__(self) -> None:
        _binary_parameters(self, {})
        if self.validate:
            check_values(
                self.probs,
                name="probs",
                owner="Geometric",
                requirement="a probability in (0, 1]",
                valid=lambda p: (p > 0) & (p <= 1),
            )

    def to_scipy(self) -> Any:
        """Return the equivalent frozen `scipy.stats.geom` shifted to start at 0."""
        import scipy.stats  # deferred: importing scipy.stats takes seconds

        return scipy.stats.geom(self.scalar_parameters()["probs"], loc=-1)


@dataclass(frozen=True, eq=False, repr=False)
class Binomial(Distribution):
    """Number of successes in `total_count` independent trials of success probability `probs`.

    Parameters
    ----------
    total_count : array_like
        Number of trials n, a non-negative integer (any numeric dtype).
    probs : array_like, optional
        Success probability p in [0, 1].
    logits : array_like, optional
        Log-odds of success; give exactly one of `probs` and `logits`.
    validate : bool, default=True
        Check parameter values (skipped for traced or lazy arrays).

    Examples
    --------
    >>> Binomial(10, 0.5).total_count
    array(10.)
    """

    discrete = True
    defining_fields = ("total_count", "logits")
    total_count: Array = 1.0
    probs: Array = None
    logits: Array = None

    def __post_init__(self) -> None:
        _binary_parameters(self, {"total_count": self.total_count})
        if self.validate:
            check_values(
                self.total_count,
                name="total_count",
                owner="Binomial",
                requirement="a non-negative integer",
                valid=lambda n: non_negative(n) & (n == np.round(n)),
            )

    def to_scipy(self) -> Any:
        """Return the equivalent frozen `scipy.stats.binom` (unbatched only)."""
        import scipy.stats  # deferred: importing scipy.stats takes seconds

        p = self.scalar_parameters()
        return scipy.stats.binom(int(p["total_count"]), p["probs"])


@dataclass(frozen=True, eq=False, repr=False)
class Poisson(Distribution):
    """Poisson distribution with mean `rate`, on ``{0, 1, 2, ...}``.

    Parameters
    ----------
    rate : array_like
        Mean λ ≥ 0 (λ = 0 is the point mass at 0).
    validate : bool, default=True
        Check parameter values (skipped for traced or lazy arrays).

    Examples
    --------
    >>> Poisson(3.0)
    Poisson(rate=3.0)
    """

    discrete = True
    rate: Array

    def __post_init__(self) -> None:
        _, params = prepare_parameters({"rate": self.rate}, owner="Poisson")
        object.__setattr__(self, "rate", params["rate"])
        if self.validate:
            check_values(
                self.rate,
                name="rate",
                owner="Poisson",
                requirement="non-negative and finite",
                valid=non_negative,
            )

    def to_scipy(self) -> Any:
        """Return the equivalent frozen `scipy.stats.poisson` (unbatched only)."""
        import scipy.stats  # deferred: importing scipy.stats takes seconds

        return scipy.stats.poisson(self.scalar_parameters()["rate"])


def _check_categorical_probs(probs: Array, *, xp: Any, validate: bool, original: object) -> None:
    try:
        check_probabilities(
            probs,
            name="probs",
            axis=-1,
            xp=xp,
            validate=validate,
            tolerance=sum_tolerance(original),
        )
    except InvalidDistributionError as error:
        text = str(error).replace(
            "pass `from_logits=True` for logits", "pass `logits=` instead of `probs=` for logits"
        )
        raise InvalidDistributionError(text) from error


@dataclass(frozen=True, eq=False, repr=False)
class Categorical(Distribution):
    """Distribution over the outcomes ``0, ..., k − 1``, given along the last axis.

    Parameters
    ----------
    probs : array_like of shape (..., k), optional
        Probabilities summing to 1 along the last axis.
    logits : array_like of shape (..., k), optional
        Unnormalised log-probabilities (``-inf`` is a zero probability); give exactly one of
        `probs` and `logits`. Stored normalised (``logits = log probs``).
    validate : bool, default=True
        Check parameter values (skipped for traced or lazy arrays).

    Examples
    --------
    >>> Categorical([0.5, 0.5]).batch_shape
    ()
    """

    discrete = True
    defining_fields = ("logits",)
    probs: Array = None
    logits: Array = None

    def __post_init__(self) -> None:
        _exactly_one("Categorical", self.probs, self.logits)
        given = "probs" if self.probs is not None else "logits"
        xp, params = prepare_parameters({given: getattr(self, given)})
        value = params[given]
        if value.ndim == 0:
            msg = f"`{given}` of Categorical must have a last axis of outcomes; got a scalar."
            raise InvalidParameterError(msg)
        if given == "logits":
            check_logits(value, name="logits", axis=-1, xp=xp, validate=self.validate)
            logits = log_softmax(value, axis=-1, xp=xp)
            probs = xp.exp(logits)
        else:
            _check_categorical_probs(value, xp=xp, validate=self.validate, original=self.probs)
            probs = value
            present = probs > 0
            logits = xp.where(
                present,
                xp.log(xp.where(present, probs, xp.ones_like(probs))),
                xp.full_like(probs, -float("inf")),
            )
        object.__setattr__(self, "probs", probs)
        object.__setattr__(self, "logits", logits)

    def _parameter_event_ndim(self) -> int:
        return 1

    @property
    def n_outcomes(self) -> int:
        """Number of outcomes k (the length of the last axis)."""
        return int(self.probs.shape[-1])

    def to_scipy(self) -> Any:
        """Return a `scipy.stats.rv_discrete` on ``0, ..., k − 1`` (unbatched only)."""
        import scipy.stats  # deferred: importing scipy.stats takes seconds

        probs = self.scalar_parameters()["probs"]
        return scipy.stats.rv_discrete(values=(np.arange(probs.shape[-1]), probs))
