"""Closed forms of KL(p ‖ q) within each family, in nats.

Sources: Kullback (1959); the Gaussian case in Cover & Thomas (2006), Ex. 8.?; Gamma, Beta and
Dirichlet from Penny, "KL-divergences of Normal, Gamma, Dirichlet and Wishart densities"
(2001); Laplace from Gil, Alajaji & Hashimoto, "Rényi divergence measures for commonly used
univariate continuous distributions", Information Sciences 249 (2013). Each formula works
elementwise over the broadcast batch of `p` and `q`.
"""

from __future__ import annotations

import math

import numpy as np

from infokit._array import Array
from infokit.distributions._entropy_formulas import (
    bernoulli_log_probs,
    binomial_log_pmf_grid,
    safe_log,
    weighted_log,
)
from infokit.distributions._registry import register_kl_divergence
from infokit.distributions._special import digamma, log_beta, log_gamma
from infokit.distributions.continuous import (
    Beta,
    Exponential,
    Gamma,
    Laplace,
    LogNormal,
    Normal,
    Uniform,
)
from infokit.distributions.discrete import Bernoulli, Binomial, Categorical, Geometric, Poisson
from infokit.distributions.multivariate import Dirichlet, MultivariateNormal
from infokit.errors import ShapeError

__all__: list[str] = []


def normal_kl(loc_p: Array, scale_p: Array, loc_q: Array, scale_q: Array, *, xp: object) -> Array:
    """(r + d − 1 − log r) / 2 with r = σp²/σq² and d = (μp − μq)²/σq²."""
    variance_ratio = (scale_p / scale_q) ** 2
    mean_shift = ((loc_p - loc_q) / scale_q) ** 2
    return (variance_ratio + mean_shift - 1 - xp.log(variance_ratio)) / 2  # type: ignore[attr-defined]


@register_kl_divergence(Normal, Normal)
def _kl_normal_normal(p: Normal, q: Normal) -> Array:
    """log(σq/σp) + (σp² + (μp − μq)²) / (2σq²) − ½."""
    return normal_kl(p.loc, p.scale, q.loc, q.scale, xp=p.xp)


@register_kl_divergence(LogNormal, LogNormal)
def _kl_log_normal_log_normal(p: LogNormal, q: LogNormal) -> Array:
    """Return the normal KL of the logs (KL is invariant under the bijection x ↦ exp x)."""
    return normal_kl(p.loc, p.scale, q.loc, q.scale, xp=p.xp)


@register_kl_divergence(Laplace, Laplace)
def _kl_laplace_laplace(p: Laplace, q: Laplace) -> Array:
    """log(bq/bp) + |μp − μq|/bq + (bp/bq) exp(−|μp − μq|/bp) − 1."""
    xp = p.xp
    shift = xp.abs(p.loc - q.loc)
    scale_ratio = p.scale / q.scale
    return -xp.log(scale_ratio) + shift / q.scale + scale_ratio * xp.exp(-shift / p.scale) - 1


@register_kl_divergence(Uniform, Uniform)
def _kl_uniform_uniform(p: Uniform, q: Uniform) -> Array:
    """log((bq − aq)/(bp − ap)) if [ap, bp] ⊆ [aq, bq], else inf."""
    xp = p.xp
    inside = (q.low <= p.low) & (p.high <= q.high)
    value = xp.log(q.high - q.low) - xp.log(p.high - p.low)
    return xp.where(inside, value, xp.full_like(value, math.inf))


@register_kl_divergence(Exponential, Exponential)
def _kl_exponential_exponential(p: Exponential, q: Exponential) -> Array:
    """log(λp/λq) + λq/λp − 1."""
    rate_ratio = q.rate / p.rate
    return rate_ratio - 1 - p.xp.log(rate_ratio)


@register_kl_divergence(Gamma, Gamma)
def _kl_gamma_gamma(p: Gamma, q: Gamma) -> Array:
    """(αp − αq)ψ(αp) − log Γ(αp) + log Γ(αq) + αq log(βp/βq) + αp (βq − βp)/βp (Penny 2001)."""
    xp = p.xp
    alpha_p, alpha_q = p.concentration, q.concentration
    return (
        (alpha_p - alpha_q) * digamma(alpha_p, xp=xp)
        - log_gamma(alpha_p, xp=xp)
        + log_gamma(alpha_q, xp=xp)
        + alpha_q * (xp.log(p.rate) - xp.log(q.rate))
        + alpha_p * (q.rate - p.rate) / p.rate
    )


@register_kl_divergence(Beta, Beta)
def _kl_beta_beta(p: Beta, q: Beta) -> Array:
    """Log B(aq,bq) − log B(ap,bp) + (ap−aq)ψ(ap) + (bp−bq)ψ(bp) + (aq−ap+bq−bp)ψ(ap+bp)."""
    xp = p.xp
    a_p, b_p, a_q, b_q = p.concentration1, p.concentration0, q.concentration1, q.concentration0
    return (
        log_beta(a_q, b_q, xp=xp)
        - log_beta(a_p, b_p, xp=xp)
        + (a_p - a_q) * digamma(a_p, xp=xp)
        + (b_p - b_q) * digamma(b_p, xp=xp)
        + (a_q - a_p + b_q - b_p) * digamma(a_p + b_p, xp=xp)
    )


def _check_same_length(p_length: int, q_length: int, *, family: str, axis_name: str) -> None:
    if p_length != q_length:
        msg = (
            f"`p` and `q` must have the same number of {axis_name} for a {family} KL "
            f"divergence; got {p_length} and {q_length}."
        )
        raise ShapeError(msg)


@register_kl_divergence(Dirichlet, Dirichlet)
def _kl_dirichlet_dirichlet(p: Dirichlet, q: Dirichlet) -> Array:
    """Log Γ(α₀) − Σ log Γ(αᵢ) − log Γ(β₀) + Σ log Γ(βᵢ) + Σ (αᵢ − βᵢ)(ψ(αᵢ) − ψ(α₀))."""
    xp = p.xp
    alpha, beta = p.concentration, q.concentration
    _check_same_length(alpha.shape[-1], beta.shape[-1], family="Dirichlet", axis_name="outcomes")
    alpha_total = xp.sum(alpha, axis=-1)
    beta_total = xp.sum(beta, axis=-1)
    return (
        log_gamma(alpha_total, xp=xp)
        - xp.sum(log_gamma(alpha, xp=xp), axis=-1)
        - log_gamma(beta_total, xp=xp)
        + xp.sum(log_gamma(beta, xp=xp), axis=-1)
        + xp.sum(
            (alpha - beta) * (digamma(alpha, xp=xp) - digamma(alpha_total, xp=xp)[..., None]),
            axis=-1,
        )
    )


@register_kl_divergence(MultivariateNormal, MultivariateNormal)
def _kl_multivariate_normal(p: MultivariateNormal, q: MultivariateNormal) -> Array:
    """½[tr(Σq⁻¹Σp) + (μq − μp)ᵀΣq⁻¹(μq − μp) − d + log det Σq − log det Σp].

    With Cholesky factors Lp, Lq: tr(Σq⁻¹Σp) = ‖Lq⁻¹Lp‖²_F and the quadratic form is
    ‖Lq⁻¹(μq − μp)‖², so no inverse is formed.
    """
    xp = p.xp
    _check_same_length(
        p.dimension, q.dimension, family="MultivariateNormal", axis_name="dimensions"
    )
    batch = np.broadcast_shapes(p.batch_shape, q.batch_shape)
    d = p.dimension
    scale_p = xp.broadcast_to(p.scale_tril, (*batch, d, d))
    scale_q = xp.broadcast_to(q.scale_tril, (*batch, d, d))
    shift = xp.broadcast_to((q.loc - p.loc)[..., None], (*batch, d, 1))
    whitened_scale = xp.linalg.solve(scale_q, scale_p)
    whitened_shift = xp.linalg.solve(scale_q, shift)
    trace_term = xp.sum(whitened_scale**2, axis=(-2, -1))
    mahalanobis = xp.sum(whitened_shift**2, axis=(-2, -1))
    log_det_ratio = 2 * xp.sum(
        xp.log(xp.linalg.diagonal(scale_q)) - xp.log(xp.linalg.diagonal(scale_p)), axis=-1
    )
    return (trace_term + mahalanobis - d + log_det_ratio) / 2


def bernoulli_kl(p_probs: Array, p_logits: Array, q_logits: Array, *, xp: object) -> Array:
    """P log(p/q) + (1 − p) log((1 − p)/(1 − q)), inf where q puts 0 on an outcome p can take."""
    log_p, log_not_p = bernoulli_log_probs(p_logits, xp=xp)
    log_q, log_not_q = bernoulli_log_probs(q_logits, xp=xp)
    return ratio_term(p_probs, log_p, log_q, xp=xp) + ratio_term(
        1 - p_probs, log_not_p, log_not_q, xp=xp
    )


def ratio_term(weight: Array, log_a: Array, log_b: Array, *, xp: object) -> Array:
    """``weight (log_a − log_b)``, 0 where weight is 0; inf where ``log_b = -inf < log_a``."""
    return weighted_log(weight, log_a, xp=xp) - weighted_log(weight, log_b, xp=xp)


@register_kl_divergence(Bernoulli, Bernoulli)
def _kl_bernoulli_bernoulli(p: Bernoulli, q: Bernoulli) -> Array:
    """P log(p/q) + (1 − p) log((1 − p)/(1 − q))."""
    return bernoulli_kl(p.probs, p.logits, q.logits, xp=p.xp)


@register_kl_divergence(Categorical, Categorical)
def _kl_categorical_categorical(p: Categorical, q: Categorical) -> Array:
    """Σᵢ pᵢ (log pᵢ − log qᵢ); inf where qᵢ = 0 < pᵢ."""
    xp = p.xp
    _check_same_length(p.n_outcomes, q.n_outcomes, family="Categorical", axis_name="outcomes")
    return xp.sum(ratio_term(p.probs, p.logits, q.logits, xp=xp), axis=-1)


@register_kl_divergence(Geometric, Geometric)
def _kl_geometric_geometric(p: Geometric, q: Geometric) -> Array:
    """log(pp/pq) + ((1 − pp)/pp) log((1 − pp)/(1 − pq)): E[X] = (1 − p)/p failures."""
    xp = p.xp
    log_p, log_not_p = bernoulli_log_probs(p.logits, xp=xp)
    log_q, log_not_q = bernoulli_log_probs(q.logits, xp=xp)
    return log_p - log_q + ratio_term(1 - p.probs, log_not_p, log_not_q, xp=xp) / p.probs


@register_kl_divergence(Poisson, Poisson)
def _kl_poisson_poisson(p: Poisson, q: Poisson) -> Array:
    """λp log(λp/λq) − λp + λq; inf where λq = 0 < λp."""
    xp = p.xp
    return ratio_term(p.rate, safe_log(p.rate, xp=xp), safe_log(q.rate, xp=xp), xp=xp) + (
        q.rate - p.rate
    )


@register_kl_divergence(Binomial, Binomial)
def _kl_binomial_binomial(p: Binomial, q: Binomial) -> Array:
    """n·KL(Bern(pp) ‖ Bern(pq)) for equal n; an exact finite sum for np < nq; inf for np > nq."""
    xp = p.xp
    if bool(xp.all(p.total_count == q.total_count)):
        return p.total_count * bernoulli_kl(p.probs, p.logits, q.logits, xp=xp)
    log_pmf_p, _ = binomial_log_pmf_grid(p)
    log_pmf_q, _ = binomial_log_pmf_grid(q)
    length = max(log_pmf_p.shape[-1], log_pmf_q.shape[-1])
    log_pmf_p = _pad_minus_inf(log_pmf_p, length, xp=xp)
    log_pmf_q = _pad_minus_inf(log_pmf_q, length, xp=xp)
    pmf_p = xp.exp(log_pmf_p)
    summed = xp.sum(ratio_term(pmf_p, log_pmf_p, log_pmf_q, xp=xp), axis=-1)
    too_many_trials = p.total_count > q.total_count
    return xp.where(too_many_trials, xp.full_like(summed, math.inf), summed)


def _pad_minus_inf(values: Array, length: int, *, xp: object) -> Array:
    missing = length - values.shape[-1]
    if missing == 0:
        return values
    padding = xp.full((*values.shape[:-1], missing), -math.inf, dtype=values.dtype)  # type: ignore[attr-defined]
    return xp.concat([values, padding], axis=-1)  # type: ignore[attr-defined]
