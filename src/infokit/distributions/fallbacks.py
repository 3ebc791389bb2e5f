"""Numerical fallbacks for entropy and KL divergence when no closed form is registered.

Three methods, each returning an `infokit.results.Estimate` that carries its error:

- ``"quadrature"`` (1-D continuous): `scipy.integrate.quad` over the support of `p`, split at
  quantiles of `p`; `std_error` holds the sum of quad's absolute error estimates.
- ``"summation"`` (discrete): an exact sum over a finite support, or over ``k ≤ K`` with the
  tail mass ``P(X > K) ≤ 1e-20``; `std_error` bounds the neglected tail (see `summation`).
  The sums use scipy's log-pmfs, accurate far into the tails.
- ``"monte_carlo"`` (anything): the sample mean of ``log p(X) − log q(X)`` (or ``−log p(X)``)
  over ``X ~ p``; `std_error` is the sample standard deviation over ``√n``.

The fallbacks compute one number at a time: they take unbatched distributions, evaluated on the
host with NumPy and SciPy (no gradients).
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

import numpy as np

from infokit.distributions._base import Distribution
from infokit.distributions.continuous import Laplace
from infokit.distributions.discrete import Categorical
from infokit.distributions.multivariate import Dirichlet, MultivariateNormal

__all__ = ["NumericView", "monte_carlo", "numeric_view", "quadrature", "summation"]

_TAIL_MASS = 1e-20
_MAX_TERMS = 10_000_000


@dataclass(frozen=True)
class NumericView:
    """Host-side view of one unbatched distribution: log-density, sampler, support."""

    log_density: Callable[[np.ndarray[Any, Any]], np.ndarray[Any, Any]]
    sample: Callable[[int, np.random.Generator], np.ndarray[Any, Any]]
    lower: float
    upper: float
    discrete: bool
    space: str
    quantile: Callable[[np.ndarray[Any, Any]], np.ndarray[Any, Any]] | None = None
    survival: Callable[[np.ndarray[Any, Any]], np.ndarray[Any, Any]] | None = None
    inverse_survival: Callable[[np.ndarray[Any, Any]], np.ndarray[Any, Any]] | None = None


def numeric_view(dist: Distribution) -> NumericView:
    """Return the `NumericView` of an unbatched infokit distribution."""
    if isinstance(dist, Categorical):
        probs = dist.scalar_parameters()["probs"]
        with np.errstate(divide="ignore"):
            log_probs = np.log(probs)
        size = probs.shape[-1]

        def log_pmf(x: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
            index = np.asarray(x, dtype=np.int64)
            inside = (index >= 0) & (index < size) & (index == np.asarray(x))
            return np.where(inside, log_probs[np.clip(index, 0, size - 1)], -np.inf)

        return NumericView(
            log_density=log_pmf,
            sample=lambda n, rng: rng.choice(size, size=n, p=probs).astype(float),
            lower=0.0,
            upper=float(size - 1),
            discrete=True,
            space="integers",
        )
    frozen = dist.to_scipy()
    if isinstance(dist, MultivariateNormal):
        d = dist.dimension
        return NumericView(
            log_density=lambda x: np.asarray(frozen.logpdf(x)),
            sample=lambda n, rng: np.asarray(frozen.rvs(size=n, random_state=rng)).reshape(n, d),
            lower=-math.inf,
            upper=math.inf,
            discrete=False,
            space=f"real vectors of length {d}",
        )
    if isinstance(dist, Dirichlet):
        k = dist.concentration.shape[-1]
        return NumericView(
            log_density=lambda x: np.asarray(frozen.logpdf(np.asarray(x).T)),
            sample=lambda n, rng: np.asarray(frozen.rvs(size=n, random_state=rng)),
            lower=0.0,
            upper=1.0,
            discrete=False,
            space=f"the simplex of {k} outcomes",
        )
    lower, upper = (float(end) for end in frozen.support())
    log_density = frozen.logpmf if dist.discrete else frozen.logpdf
    if isinstance(dist, Laplace):  # scipy takes log(pdf), which is -inf beyond |x| ≈ 745 b
        params = dist.scalar_parameters()
        loc, scale = float(params["loc"]), float(params["scale"])

        def log_density(x: Any) -> Any:
            return -math.log(2 * scale) - np.abs(np.asarray(x, dtype=float) - loc) / scale

    return NumericView(
        log_density=lambda x: np.asarray(log_density(x)),
        sample=lambda n, rng: np.asarray(frozen.rvs(size=n, random_state=rng), dtype=float),
        lower=lower,
        upper=upper,
        discrete=dist.discrete,
        space="integers" if dist.discrete else "real numbers",
        quantile=frozen.ppf,
        survival=frozen.sf,
        inverse_survival=frozen.isf,
    )


def _pointwise(
    p: NumericView, q: NumericView | None
) -> Callable[[np.ndarray[Any, Any]], tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]]:
    """Return ``x ↦ (log p(x), f(x))`` with f = log p − log q (KL) or −log p (entropy)."""

    def evaluate(x: np.ndarray[Any, Any]) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            log_p = p.log_density(x)
            if q is None:
                return log_p, -log_p
            return log_p, log_p - q.log_density(x)

    return evaluate


def quadrature(p: NumericView, q: NumericView | None) -> tuple[float, float, dict[str, Any]]:
    """Integrate ``p(x) f(x)`` over the support of `p` with `scipy.integrate.quad`.

    The support is split at the quantiles 1e-6, 0.01, 0.5, 0.99 and 1 − 1e-6 of `p` so that
    quad's adaptive subdivision sees where the mass is. Returns ``(value, error, details)``
    with `error` the sum of quad's absolute error estimates over the pieces (QUADPACK,
    Piessens et al. 1983).
    """
    import scipy.integrate  # deferred: only the fallback needs it

    evaluate = _pointwise(p, q)

    def integrand(x: float) -> float:
        with np.errstate(over="ignore", under="ignore", invalid="ignore"):
            log_p, value = evaluate(np.asarray(x))
            weight = float(np.exp(log_p)) if np.isfinite(log_p) else 0.0
        # Where p(x) underflows to 0 the term is 0, even if q(x) underflows too (inf − inf).
        return 0.0 if weight == 0.0 else weight * float(value)

    assert p.quantile is not None
    start, stop = p.lower, p.upper
    cut_points = np.unique(p.quantile(np.array([1e-6, 0.01, 0.5, 0.99, 1 - 1e-6])))
    inner = [float(c) for c in cut_points if start < c < stop and np.isfinite(c)]
    edges = [start, *inner, stop]
    total, error = 0.0, 0.0
    messages: list[str] = []
    for left, right in pairwise(edges):
        if left == right:
            continue
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            value, piece_error = scipy.integrate.quad(
                integrand, left, right, limit=200, epsabs=1e-13, epsrel=1e-12
            )
        messages.extend(str(w.message).strip().splitlines()[0] for w in caught)
        total += value
        error += piece_error
    details: dict[str, Any] = {"intervals": edges}
    if messages:
        details["quad_warnings"] = messages
    return total, error, details


def summation(p: NumericView, q: NumericView | None) -> tuple[float, float, dict[str, Any]]:
    """Sum ``p(k) f(k)`` over the support of discrete `p`.

    A finite support (up to 10⁷ points) is summed exactly (error 0 up to rounding). An infinite
    one is cut at the first ``K`` (doubling from 16) with ``P(X > K) ≤ 1e-20``; the reported
    error bounds the neglected tail by
    ``2 P(X > K) max(1, |f(K)|)``, which holds when ``|f(k)|`` grows by less than a factor 2
    over the tail beyond `K` weighted by the pmf's decay — true for the light-tailed families
    here (Poisson, Geometric, Binomial), whose log-ratios grow at most like k log k while the
    pmf decays at least geometrically.
    """
    evaluate = _pointwise(p, q)
    lower = int(p.lower)
    if math.isfinite(p.upper) and p.upper - lower <= _MAX_TERMS:
        upper, tail_mass = int(p.upper), 0.0
    else:
        assert p.survival is not None
        # scipy's discrete isf is unreliable at 1e-20 (nan or inf); its sf is accurate.
        upper = lower + 16
        while float(p.survival(np.array([upper]))[0]) > _TAIL_MASS and upper < _MAX_TERMS:
            upper = lower + 2 * (upper - lower)
        tail_mass = float(p.survival(np.array([upper]))[0])
    k = np.arange(lower, upper + 1, dtype=float)
    log_p, values = evaluate(k)
    present = np.isfinite(log_p)
    if np.any(present & ~np.isfinite(values)):
        return math.inf, 0.0, {"terms": k.size, "infinite": "q(k) = 0 < p(k) for some k"}
    with np.errstate(over="ignore", invalid="ignore"):
        terms = np.where(present, np.exp(np.where(present, log_p, 0.0)) * values, 0.0)
    total = float(np.sum(terms))
    last = abs(float(values[-1])) if present[-1] else 0.0
    error = 2 * tail_mass * max(1.0, last)
    return total, error, {"terms": k.size, "tail_mass": tail_mass}


def monte_carlo(
    p: NumericView, q: NumericView | None, *, n_samples: int, rng: np.random.Generator
) -> tuple[float, float, dict[str, Any]]:
    """Average ``f(X)`` over ``n_samples`` draws of ``X ~ p``; error = sample sd / √n."""
    x = p.sample(n_samples, rng)
    log_p, values = _pointwise(p, q)(x)
    if q is not None and np.any(np.isfinite(log_p) & ~np.isfinite(values)):
        return math.inf, 0.0, {"infinite": "a draw of p fell where q has no mass"}
    mean = float(np.mean(values))
    std_error = float(np.std(values, ddof=1) / math.sqrt(n_samples))
    return mean, std_error, {}
