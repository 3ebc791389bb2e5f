"""Closed forms of the (differential) entropy of each family, in nats.

Formulas: Cover & Thomas, *Elements of Information Theory*, 2nd ed. (2006), Table 17.1 and
Sec. 8.4; Lazo & Rathie, "On the entropy of continuous probability distributions", IEEE
Trans. Inf. Theory 24 (1978). The Poisson entropy has no closed form and is summed by the
numerical fallback instead (or, for large rates, given by its asymptotic series there).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from infokit._array import Array, entropy_terms, is_lazy, to_numpy
from infokit.distributions._registry import register_entropy
from infokit.distributions._special import digamma, log_beta, log_gamma
from infokit.distributions.continuous import (
    Beta,
    Exponential,
    Gamma,
    Laplace,
    LogNormal,
    Normal,
    StudentT,
    Uniform,
)
from infokit.distributions.discrete import Bernoulli, Binomial, Categorical, Geometric, softplus
from infokit.distributions.multivariate import Dirichlet, MultivariateNormal
from infokit.errors import NoClosedFormError

_HALF_LOG_TWO_PI_E = 0.5 * (1.0 + math.log(2 * math.pi))


@register_entropy(Normal)
def _entropy_normal(p: Normal) -> Array:
    """½ log(2πe σ²)."""
    return _HALF_LOG_TWO_PI_E + p.xp.log(p.scale)


@register_entropy(LogNormal)
def _entropy_log_normal(p: LogNormal) -> Array:
    """μ + ½ log(2πe σ²): the normal entropy plus E[log X] = μ (Jacobian of exp)."""
    return p.loc + _HALF_LOG_TWO_PI_E + p.xp.log(p.scale)


@register_entropy(Laplace)
def _entropy_laplace(p: Laplace) -> Array:
    """1 + log(2b)."""
    return 1 + p.xp.log(2 * p.scale)


@register_entropy(Uniform)
def _entropy_uniform(p: Uniform) -> Array:
    """log(high − low); negative for intervals shorter than 1."""
    return p.xp.log(p.high - p.low)


@register_entropy(Exponential)
def _entropy_exponential(p: Exponential) -> Array:
    """1 − log λ."""
    return 1 - p.xp.log(p.rate)


@register_entropy(Gamma)
def _entropy_gamma(p: Gamma) -> Array:
    """α − log β + log Γ(α) + (1 − α) ψ(α)."""
    xp, alpha = p.xp, p.concentration
    return alpha - xp.log(p.rate) + log_gamma(alpha, xp=xp) + (1 - alpha) * digamma(alpha, xp=xp)


@register_entropy(Beta)
def _entropy_beta(p: Beta) -> Array:
    """Log B(a, b) − (a − 1) ψ(a) − (b − 1) ψ(b) + (a + b − 2) ψ(a + b)."""
    xp, a, b = p.xp, p.concentration1, p.concentration0
    return (
        log_beta(a, b, xp=xp)
        - (a - 1) * digamma(a, xp=xp)
        - (b - 1) * digamma(b, xp=xp)
        + (a + b - 2) * digamma(a + b, xp=xp)
    )


@register_entropy(StudentT)
def _entropy_student_t(p: StudentT) -> Array:
    """(ν+1)/2 [ψ((ν+1)/2) − ψ(ν/2)] + log(√ν B(ν/2, ½)) + log s (Lazo & Rathie 1978)."""
    xp, nu = p.xp, p.df
    half = xp.full_like(nu, 0.5)
    return (
        (nu + 1) / 2 * (digamma((nu + 1) / 2, xp=xp) - digamma(nu / 2, xp=xp))
        + 0.5 * xp.log(nu)
        + log_beta(nu / 2, half, xp=xp)
        + xp.log(p.scale)
    )


@register_entropy(MultivariateNormal)
def _entropy_multivariate_normal(p: MultivariateNormal) -> Array:
    """½ log((2πe)^d det Σ), with log det Σ = 2 Σᵢ log Lᵢᵢ from the Cholesky factor."""
    xp = p.xp
    log_diagonal = xp.log(xp.linalg.diagonal(p.scale_tril))
    return p.dimension * _HALF_LOG_TWO_PI_E + xp.sum(log_diagonal, axis=-1)


@register_entropy(Dirichlet)
def _entropy_dirichlet(p: Dirichlet) -> Array:
    """Log B(α) + (α₀ − k) ψ(α₀) − Σⱼ (αⱼ − 1) ψ(αⱼ), with α₀ = Σⱼ αⱼ."""
    xp, alpha = p.xp, p.concentration
    total = xp.sum(alpha, axis=-1)
    log_multivariate_beta = xp.sum(log_gamma(alpha, xp=xp), axis=-1) - log_gamma(total, xp=xp)
    return (
        log_multivariate_beta
        + (total - alpha.shape[-1]) * digamma(total, xp=xp)
        - xp.sum((alpha - 1) * digamma(alpha, xp=xp), axis=-1)
    )


def bernoulli_log_probs(logits: Array, *, xp: Any) -> tuple[Array, Array]:
    """``(log p, log(1 − p))`` from logits, stably."""
    return -softplus(-logits, xp=xp), -softplus(logits, xp=xp)


def safe_log(x: Array, /, *, xp: Any) -> Array:
    """``log x`` with ``-inf`` at ``x = 0``, without a division-by-zero warning."""
    present = x > 0
    logged = xp.log(xp.where(present, x, xp.ones_like(x)))
    return xp.where(present, logged, xp.full_like(logged, -math.inf))


def weighted_log(weight: Array, log_value: Array, *, xp: Any) -> Array:
    """``weight * log_value`` with 0 where ``weight == 0`` (even if ``log_value = -inf``)."""
    present = weight != 0
    safe = xp.where(present, log_value, xp.zeros_like(log_value))
    return xp.where(present, weight * safe, xp.zeros_like(weight * safe))


@register_entropy(Bernoulli)
def _entropy_bernoulli(p: Bernoulli) -> Array:
    """−p log p − (1 − p) log(1 − p), from the logits."""
    xp = p.xp
    log_p, log_not_p = bernoulli_log_probs(p.logits, xp=xp)
    return -weighted_log(p.probs, log_p, xp=xp) - weighted_log(1 - p.probs, log_not_p, xp=xp)


@register_entropy(Geometric)
def _entropy_geometric(p: Geometric) -> Array:
    """[−(1 − p) log(1 − p) − p log p] / p: the binary entropy over p."""
    xp = p.xp
    log_p, log_not_p = bernoulli_log_probs(p.logits, xp=xp)
    binary = -weighted_log(p.probs, log_p, xp=xp) - weighted_log(1 - p.probs, log_not_p, xp=xp)
    return binary / p.probs


@register_entropy(Categorical)
def _entropy_categorical(p: Categorical) -> Array:
    """−Σᵢ pᵢ log pᵢ with 0 log 0 = 0."""
    xp = p.xp
    return xp.sum(entropy_terms(p.probs, xp=xp), axis=-1)


def binomial_log_pmf_grid(p: Binomial) -> tuple[Array, Array]:
    """Return ``(log pmf, inside)`` on ``k = 0..max(n)`` (a trailing axis), exactly.

    Needs concrete `total_count` values (the largest fixes the grid length).
    """
    xp = p.xp
    if is_lazy(p.total_count):
        msg = "the Binomial sums need concrete `total_count` values; got a traced array."
        raise NoClosedFormError(msg)
    largest = int(to_numpy(p.total_count).max(initial=0))
    if largest > BINOMIAL_GRID_LIMIT:
        msg = (
            f"the Binomial sum over the whole support needs {largest + 1} terms, more than "
            f"{BINOMIAL_GRID_LIMIT + 1}; got `total_count` up to {largest}. Use "
            "`method='summation'` for a sum over the bulk of one distribution."
        )
        raise NoClosedFormError(msg)
    k = xp.arange(largest + 1, dtype=p.dtype)
    n = p.total_count[..., None]
    inside = k <= n
    k_safe = xp.where(inside, k, xp.zeros_like(k * n))
    log_p, log_not_p = bernoulli_log_probs(p.logits[..., None], xp=xp)
    log_choose = (
        log_gamma(n + 1, xp=xp) - log_gamma(k_safe + 1, xp=xp) - log_gamma(n - k_safe + 1, xp=xp)
    )
    log_pmf = (
        log_choose + weighted_log(k_safe, log_p, xp=xp) + weighted_log(n - k_safe, log_not_p, xp=xp)
    )
    return xp.where(inside, log_pmf, xp.full_like(log_pmf, -math.inf)), inside


#: Variance n·p·(1 − p) from which the Binomial entropy uses its asymptotic series: the
#: remainder is below 0.06 / v³ (measured against 40-digit sums), i.e. < 1e-13 nats here.
BINOMIAL_SERIES_VARIANCE = 1e4
#: Trials beyond which `binomial_log_pmf_grid` refuses to build the whole support.
BINOMIAL_GRID_LIMIT = 1_000_000


def binomial_entropy_series(total_count: Array, probs: Array, *, xp: Any) -> Array:
    """½ log(2πe v) − (1 − 4u)/(12 v) − (1 − 4u + 2u²)/(24 v²), u = pq, v = n u.

    The Edgeworth expansion of the entropy (Comon 1994, negentropy
    κ₃²/12 + κ₄²/48 + 7κ₃⁴/48 − κ₃²κ₄/8) with the Binomial's standardised cumulants
    κ₃ = (q − p)/σ and κ₄ = (1 − 6pq)/σ²; the lattice correction is exponentially small.
    For p → 0 it turns into the Poisson series ½ log(2πeλ) − 1/(12λ) − 1/(24λ²).
    """
    u = probs * (1 - probs)
    variance = total_count * u
    safe = xp.where(variance > 0, variance, xp.ones_like(variance))
    return (
        0.5 * xp.log(2 * math.pi * math.e * safe)
        - (1 - 4 * u) / (12 * safe)
        - (1 - 4 * u + 2 * u**2) / (24 * safe**2)
    )


def _binomial_head_entropy(p: Binomial, needed: Array) -> Array:
    """Exact −Σ P(k) log P(k) over k = 0..K, taking the tail of the smaller of p, 1 − p.

    By the symmetry k ↦ n − k the sum runs from the end where the mass starts; K covers the
    mass to ``mean + 40 sd + 40`` (the rest is below 1e-300) or the whole support. The
    log-pmf is built by the recurrence log P(k + 1) = log P(k) + log((n − k)/(k + 1)) +
    log(p/q) from log P(0) = n log q, which stays accurate for n = 10⁹ where
    log Γ(n + 1) would lose six digits to cancellation.
    """
    xp = p.xp
    log_p, log_not_p = bernoulli_log_probs(p.logits, xp=xp)
    small_p = p.probs <= 0.5
    log_small = xp.where(small_p, log_p, log_not_p)
    log_large = xp.where(small_p, log_not_p, log_p)
    small = xp.where(small_p, p.probs, 1 - p.probs)
    n = p.total_count
    host_n = to_numpy(n)
    if is_lazy(small):  # traced probabilities (JAX jit): the whole support, as concrete n allows
        reach, host_needed = host_n, np.ones(host_n.shape, dtype=bool)
    else:
        host_needed = to_numpy(needed)
        mean = host_n * to_numpy(small)
        reach = np.minimum(host_n, np.ceil(mean + 40 * np.sqrt(mean) + 40))
    if not host_needed.any():
        return xp.zeros_like(n)
    length = int(reach[host_needed].max(initial=0)) + 1
    k = xp.arange(length, dtype=p.dtype)
    n_grid = n[..., None]
    steps_inside = k[:-1] < n_grid
    ratio = xp.where(steps_inside, (n_grid - k[:-1]) / (k[:-1] + 1), xp.ones_like(n_grid))
    step = xp.where(
        steps_inside,
        xp.log(ratio) + (log_small - log_large)[..., None],
        xp.full_like(ratio, -math.inf),
    )
    start = weighted_log(n, log_large, xp=xp)[..., None]
    log_pmf = xp.concat([start, start + xp.cumulative_sum(step, axis=-1)], axis=-1)
    inside = k <= n_grid
    log_pmf = xp.where(inside, log_pmf, xp.full_like(log_pmf, -math.inf))
    pmf = xp.exp(log_pmf)
    return -xp.sum(weighted_log(pmf, log_pmf, xp=xp), axis=-1)


@register_entropy(Binomial)
def _entropy_binomial(p: Binomial) -> Array:
    """Exact sum where n p q < 10⁴, the asymptotic series (error < 1e-13 nats) beyond.

    The sum runs over k = 0..min(n, mean + 40 sd + 40) from the lighter end (see
    `_binomial_head_entropy`), so Binomial(10⁹, 1e-8) costs a few hundred terms and
    Binomial(10⁹, 0.5) none: no grid over the whole support is ever built.
    """
    xp = p.xp
    if is_lazy(p.total_count):
        msg = "the Binomial sums need concrete `total_count` values; got a traced array."
        raise NoClosedFormError(msg)
    variance = p.total_count * p.probs * (1 - p.probs)
    asymptotic = variance >= BINOMIAL_SERIES_VARIANCE
    series = binomial_entropy_series(p.total_count, p.probs, xp=xp)
    exact = _binomial_head_entropy(p, ~asymptotic)
    return xp.where(asymptotic, series, exact)


__all__: list[str] = []
