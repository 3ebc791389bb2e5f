"""Closed forms of the (differential) entropy of each family, in nats.

Formulas: Cover & Thomas, *Elements of Information Theory*, 2nd ed. (2006), Table 17.1 and
Sec. 8.4; Lazo & Rathie, "On the entropy of continuous probability distributions", IEEE
Trans. Inf. Theory 24 (1978). The Poisson entropy has no closed form and is summed by the
numerical fallback instead.
"""

from __future__ import annotations

import math
from typing import Any

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


@register_entropy(Binomial)
def _entropy_binomial(p: Binomial) -> Array:
    """−Σₖ P(k) log P(k) over the finite support k = 0..n (an exact finite sum)."""
    xp = p.xp
    log_pmf, inside = binomial_log_pmf_grid(p)
    pmf = xp.where(inside, xp.exp(log_pmf), xp.zeros_like(log_pmf))
    return -xp.sum(weighted_log(pmf, log_pmf, xp=xp), axis=-1)


__all__: list[str] = []
