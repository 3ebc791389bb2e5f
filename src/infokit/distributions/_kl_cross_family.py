"""Closed forms of KL(p ‖ q) between different families, in nats.

Each is ``KL(p ‖ q) = −H(p) − E_p[log q(X)]``, with the expectation taken from moments of `p`
that have closed forms (mean, variance, E[log X], E[log(1 − X)], E|X − m|). Pairs where the
support of `p` is not inside the support of `q` are registered too and return ``inf``.
Reference for the moments: Johnson, Kotz & Balakrishnan, *Continuous Univariate
Distributions*, 2nd ed. (1994–1995); torch.distributions.kl registers the same pairs.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np

from infokit._array import Array
from infokit.distributions._base import Distribution
from infokit.distributions._entropy_formulas import bernoulli_log_probs, safe_log, weighted_log
from infokit.distributions._kl_formulas import bernoulli_kl, ratio_term
from infokit.distributions._registry import find_entropy_formula, register_kl_divergence
from infokit.distributions._special import digamma, erf, log_beta, log_gamma, trigamma
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
from infokit.distributions.discrete import Bernoulli, Binomial, Categorical, Poisson, softplus

__all__: list[str] = []

_EULER_GAMMA = 0.5772156649015329


def _entropy(p: Distribution) -> Array:
    formula = find_entropy_formula(type(p))
    assert formula is not None  # every family used here has one
    return formula(p)


# --- moments of p -------------------------------------------------------------------------


def _mean_variance(p: Any) -> tuple[Array, Array]:
    """Mean and variance of a univariate `p`."""
    if isinstance(p, Beta):
        a, b = p.concentration1, p.concentration0
        total = a + b
        return a / total, a * b / (total**2 * (total + 1))
    if isinstance(p, Gamma):
        return p.concentration / p.rate, p.concentration / p.rate**2
    if isinstance(p, Exponential):
        return 1 / p.rate, 1 / p.rate**2
    if isinstance(p, Laplace):
        return p.loc, 2 * p.scale**2
    if isinstance(p, Uniform):
        return (p.low + p.high) / 2, (p.high - p.low) ** 2 / 12
    if isinstance(p, LogNormal):
        xp = p.xp
        variance = p.scale**2
        mean = xp.exp(p.loc + variance / 2)
        return mean, xp.expm1(variance) * mean**2
    if isinstance(p, StudentT):
        # Var = s² ν/(ν − 2) for ν > 2, infinite otherwise (then KL to a normal is inf).
        xp = p.xp
        df = p.df
        finite = df > 2
        safe_df = xp.where(finite, df, xp.full_like(df, 3.0))
        variance = p.scale**2 * safe_df / (safe_df - 2)
        return p.loc, xp.where(finite, variance, xp.full_like(variance, math.inf))
    msg = f"no moments for {type(p).__name__}"
    raise TypeError(msg)


def _uniform_mean_log(low: Array, high: Array, *, xp: Any) -> Array:
    """E[log X] for X ~ U(low, high), 0 ≤ low: (b log b − b − a log a + a) / (b − a)."""
    return (
        weighted_log(high, safe_log(high, xp=xp), xp=xp)
        - weighted_log(low, safe_log(low, xp=xp), xp=xp)
    ) / (high - low) - 1


def _mean_log(p: Any) -> Array:
    """E[log X] for `p` on the positive half-line (Uniform: where low ≥ 0)."""
    xp = p.xp
    if isinstance(p, Beta):
        return digamma(p.concentration1, xp=xp) - digamma(
            p.concentration1 + p.concentration0, xp=xp
        )
    if isinstance(p, Gamma):
        return digamma(p.concentration, xp=xp) - xp.log(p.rate)
    if isinstance(p, Exponential):
        return -_EULER_GAMMA - xp.log(p.rate)
    if isinstance(p, LogNormal):
        return p.loc
    if isinstance(p, Uniform):
        return _uniform_mean_log(*_uniform_usable_ends(p), xp=xp)
    msg = f"no E[log X] for {type(p).__name__}"
    raise TypeError(msg)


def _uniform_usable_ends(p: Uniform) -> tuple[Array, Array]:
    """Return the ends of U(low, high) where low ≥ 0, and (0, 1) elsewhere (masked later)."""
    xp = p.xp
    usable = p.low >= 0
    return (
        xp.where(usable, p.low, xp.zeros_like(p.low)),
        xp.where(usable, p.high, xp.ones_like(p.high)),
    )


def _variance_log(p: Any) -> Array:
    """Var[log X] for Gamma, Exponential, LogNormal, and Uniform with low ≥ 0."""
    xp = p.xp
    if isinstance(p, Uniform):
        # E[(log X)²] = [F(b) − F(a)]/(b − a) with F(x) = x (log² x − 2 log x + 2), F(0) = 0.
        low, high = _uniform_usable_ends(p)

        def antiderivative(x: Array) -> Array:
            log_x = safe_log(x, xp=xp)
            return weighted_log(x, log_x**2, xp=xp) - 2 * weighted_log(x, log_x, xp=xp) + 2 * x

        second_moment = (antiderivative(high) - antiderivative(low)) / (high - low)
        return second_moment - _uniform_mean_log(low, high, xp=xp) ** 2
    if isinstance(p, Gamma):
        return trigamma(p.concentration, xp=xp)
    if isinstance(p, Exponential):
        return xp.full_like(p.rate, math.pi**2 / 6)
    if isinstance(p, LogNormal):
        return p.scale**2
    msg = f"no Var[log X] for {type(p).__name__}"
    raise TypeError(msg)


def _mean_log_complement(p: Any) -> Array:
    """E[log(1 − X)] for Beta, or Uniform inside [0, 1]."""
    xp = p.xp
    if isinstance(p, Beta):
        return digamma(p.concentration0, xp=xp) - digamma(
            p.concentration1 + p.concentration0, xp=xp
        )
    # X ~ U(low, high) inside [0, 1] gives 1 − X ~ U(1 − high, 1 − low); elsewhere (0, 1).
    usable = (p.low >= 0) & (p.high <= 1)
    low = xp.where(usable, 1 - p.high, xp.zeros_like(p.low))
    high = xp.where(usable, 1 - p.low, xp.ones_like(p.high))
    return _uniform_mean_log(low, high, xp=xp)


def _mean_absolute_deviation(p: Any, center: Array) -> Array:
    """E|X − center| for Normal, Exponential, Uniform."""
    xp = p.xp
    if isinstance(p, Normal):
        shift = p.loc - center
        return p.scale * math.sqrt(2 / math.pi) * xp.exp(
            -(shift**2) / (2 * p.scale**2)
        ) + shift * erf(shift / (p.scale * math.sqrt(2)), xp=xp)
    if isinstance(p, Exponential):
        positive = xp.maximum(center, xp.zeros_like(center))
        beyond = center - 1 / p.rate + 2 * xp.exp(-p.rate * positive) / p.rate
        return xp.where(center <= 0, 1 / p.rate - center, beyond)
    if isinstance(p, Uniform):
        width = p.high - p.low
        inside = ((center - p.low) ** 2 + (p.high - center) ** 2) / (2 * width)
        middle = (p.low + p.high) / 2
        return xp.where(
            center <= p.low,
            middle - center,
            xp.where(center >= p.high, center - middle, inside),
        )
    msg = f"no E|X - m| for {type(p).__name__}"
    raise TypeError(msg)


# --- E_p[log q(X)] for each q ----------------------------------------------------------------


def _expected_log_normal(p: Any, q: Normal) -> Array:
    mean, variance = _mean_variance(p)
    xp = p.xp
    return (
        -0.5 * math.log(2 * math.pi)
        - xp.log(q.scale)
        - (variance + (mean - q.loc) ** 2) / (2 * q.scale**2)
    )


def _expected_log_exponential(p: Any, q: Exponential) -> Array:
    mean, _ = _mean_variance(p)
    return p.xp.log(q.rate) - q.rate * mean


def _expected_log_gamma(p: Any, q: Gamma) -> Array:
    xp = p.xp
    mean, _ = _mean_variance(p)
    alpha, beta = q.concentration, q.rate
    return alpha * xp.log(beta) - log_gamma(alpha, xp=xp) + (alpha - 1) * _mean_log(p) - beta * mean


def _expected_log_beta(p: Any, q: Beta) -> Array:
    xp = p.xp
    a, b = q.concentration1, q.concentration0
    return -log_beta(a, b, xp=xp) + (a - 1) * _mean_log(p) + (b - 1) * _mean_log_complement(p)


def _expected_log_laplace(p: Any, q: Laplace) -> Array:
    return -p.xp.log(2 * q.scale) - _mean_absolute_deviation(p, q.loc) / q.scale


def _expected_log_log_normal(p: Any, q: LogNormal) -> Array:
    xp = p.xp
    mean_log = _mean_log(p)
    square_deviation = _variance_log(p) + (mean_log - q.loc) ** 2
    return (
        -mean_log
        - 0.5 * math.log(2 * math.pi)
        - xp.log(q.scale)
        - square_deviation / (2 * q.scale**2)
    )


_EXPECTED_LOG: dict[type, Callable[[Any, Any], Array]] = {
    Normal: _expected_log_normal,
    Exponential: _expected_log_exponential,
    Gamma: _expected_log_gamma,
    Beta: _expected_log_beta,
    Laplace: _expected_log_laplace,
    LogNormal: _expected_log_log_normal,
}


def _register_via_moments(p_type: type, q_type: type, condition: Any = None) -> None:
    expected_log = _EXPECTED_LOG[q_type]

    def formula(p: Any, q: Any) -> Array:
        value = -_entropy(p) - expected_log(p, q)
        if condition is None:
            return value
        return p.xp.where(condition(p, q), value, p.xp.full_like(value, math.inf))

    formula.__name__ = f"_kl_{p_type.__name__.lower()}_{q_type.__name__.lower()}"
    formula.__doc__ = (
        f"KL({p_type.__name__} ‖ {q_type.__name__}) = −H(p) − E_p[log q(X)] from the moments "
        f"of {p_type.__name__}."
    )
    register_kl_divergence(p_type, q_type)(formula)


def _uniform_nonnegative(p: Uniform, q: object) -> Array:
    return p.low >= 0


def _uniform_in_unit_interval(p: Uniform, q: object) -> Array:
    return (p.low >= 0) & (p.high <= 1)


for _p_type, _q_type in [
    (Beta, Normal),
    (Beta, Exponential),
    (Beta, Gamma),
    (Exponential, Normal),
    (Exponential, Gamma),
    (Exponential, Laplace),
    (Exponential, LogNormal),
    (Gamma, Normal),
    (Gamma, Exponential),
    (Gamma, LogNormal),
    (Laplace, Normal),
    (Normal, Laplace),
    (Uniform, Normal),
    (Uniform, Laplace),
    (LogNormal, Normal),
    (LogNormal, Exponential),
    (LogNormal, Gamma),
    (StudentT, Normal),
]:
    _register_via_moments(_p_type, _q_type)

_register_via_moments(Uniform, Exponential, _uniform_nonnegative)
_register_via_moments(Uniform, Gamma, _uniform_nonnegative)
_register_via_moments(Uniform, Beta, _uniform_in_unit_interval)
_register_via_moments(Uniform, LogNormal, _uniform_nonnegative)


@register_kl_divergence(Beta, Uniform)
def _kl_beta_uniform(p: Beta, q: Uniform) -> Array:
    """log(high − low) − H(p) if [0, 1] ⊆ [low, high], else inf."""
    xp = p.xp
    value = xp.log(q.high - q.low) - _entropy(p)
    inside = (q.low <= 0) & (q.high >= 1)
    return xp.where(inside, value, xp.full_like(value, math.inf))


def _infinite(p: Any, q: Any) -> Array:
    """inf: the support of p is not inside the support of q."""
    shape = np.broadcast_shapes(p.batch_shape, q.batch_shape)
    return p.xp.full(shape, math.inf, dtype=p.dtype)


_WHOLE_LINE = (Normal, Laplace, StudentT)
_HALF_LINE = (Exponential, Gamma, LogNormal)
_BOUNDED = (Beta, Uniform)
for _p_type in _WHOLE_LINE:
    for _q_type in _HALF_LINE + _BOUNDED:
        register_kl_divergence(_p_type, _q_type)(_infinite)
for _p_type in _HALF_LINE:
    for _q_type in _BOUNDED:
        register_kl_divergence(_p_type, _q_type)(_infinite)


@register_kl_divergence(Bernoulli, Poisson)
def _kl_bernoulli_poisson(p: Bernoulli, q: Poisson) -> Array:
    """−H(p) − p log λ + λ: log q(0) = −λ and log q(1) = log λ − λ."""
    xp = p.xp
    log_p, log_not_p = -softplus(-p.logits, xp=xp), -softplus(p.logits, xp=xp)
    negative_entropy = weighted_log(p.probs, log_p, xp=xp) + weighted_log(
        1 - p.probs, log_not_p, xp=xp
    )
    return negative_entropy - weighted_log(p.probs, safe_log(q.rate, xp=xp), xp=xp) + q.rate


@register_kl_divergence(Poisson, Bernoulli)
def _kl_poisson_bernoulli(p: Poisson, q: Bernoulli) -> Array:
    """Inf (a Poisson puts mass on 2, 3, ...), except −log(1 − q) for the point mass λ = 0."""
    xp = p.xp
    point_mass = softplus(q.logits, xp=xp) + 0 * p.rate  # −log(1 − q)
    return xp.where(p.rate == 0, point_mass, xp.full_like(point_mass, math.inf))


@register_kl_divergence(Poisson, Binomial)
def _kl_poisson_binomial(p: Poisson, q: Binomial) -> Array:
    """Inf (unbounded support), except −n log(1 − q) for the point mass λ = 0."""
    xp = p.xp
    point_mass = weighted_log(q.total_count, softplus(q.logits, xp=xp), xp=xp) + 0 * p.rate
    return xp.where(p.rate == 0, point_mass, xp.full_like(point_mass, math.inf))


# --- Bernoulli as a distribution on {0, 1}, against Categorical and Binomial ------------------


def _categorical_log_prob(q: Categorical, outcome: int) -> Array:
    """``log q(outcome)``, ``-inf`` when the categorical has no such outcome."""
    xp = q.xp
    if outcome < q.n_outcomes:
        return q.logits[..., outcome]
    return xp.full(q.batch_shape, -math.inf, dtype=q.dtype)


@register_kl_divergence(Bernoulli, Categorical)
def _kl_bernoulli_categorical(p: Bernoulli, q: Categorical) -> Array:
    """(1 − p) log((1 − p)/q₀) + p log(p/q₁): a Bernoulli lives on the outcomes {0, 1}."""
    xp = p.xp
    log_p, log_not_p = bernoulli_log_probs(p.logits, xp=xp)
    return ratio_term(1 - p.probs, log_not_p, _categorical_log_prob(q, 0), xp=xp) + ratio_term(
        p.probs, log_p, _categorical_log_prob(q, 1), xp=xp
    )


@register_kl_divergence(Categorical, Bernoulli)
def _kl_categorical_bernoulli(p: Categorical, q: Bernoulli) -> Array:
    """p₀ log(p₀/(1 − q)) + p₁ log(p₁/q); inf where p puts mass on an outcome ≥ 2."""
    xp = p.xp
    log_q, log_not_q = bernoulli_log_probs(q.logits, xp=xp)
    probs = [
        p.probs[..., k] if k < p.n_outcomes else xp.zeros(p.batch_shape, dtype=p.dtype)
        for k in (0, 1)
    ]
    logs = [_categorical_log_prob(p, k) for k in (0, 1)]
    value = ratio_term(probs[0], logs[0], log_not_q, xp=xp) + ratio_term(
        probs[1], logs[1], log_q, xp=xp
    )
    if p.n_outcomes <= 2:
        return value
    beyond = xp.sum(p.probs[..., 2:], axis=-1) > 0
    return xp.where(beyond, xp.full_like(value, math.inf), value)


@register_kl_divergence(Bernoulli, Binomial)
def _kl_bernoulli_binomial(p: Bernoulli, q: Binomial) -> Array:
    """(1 − p) log((1 − p)/q(0)) + p log(p/q(1)), q(0) = (1 − θ)ⁿ, q(1) = nθ(1 − θ)ⁿ⁻¹."""
    xp = p.xp
    log_p, log_not_p = bernoulli_log_probs(p.logits, xp=xp)
    log_theta, log_not_theta = bernoulli_log_probs(q.logits, xp=xp)
    n = q.total_count
    log_q0 = weighted_log(n, log_not_theta, xp=xp)
    log_q1 = safe_log(n, xp=xp) + log_theta + weighted_log(n - 1, log_not_theta, xp=xp)
    log_q1 = xp.where(n >= 1, log_q1, xp.full_like(log_q1, -math.inf))
    return ratio_term(1 - p.probs, log_not_p, log_q0, xp=xp) + ratio_term(
        p.probs, log_p, log_q1, xp=xp
    )


@register_kl_divergence(Binomial, Bernoulli)
def _kl_binomial_bernoulli(p: Binomial, q: Bernoulli) -> Array:
    """Return the Bernoulli KL for n = 1, −log(1 − q) for a point mass at 0, else inf."""
    xp = p.xp
    one_trial = bernoulli_kl(p.probs, p.logits, q.logits, xp=xp)
    point_mass = softplus(q.logits, xp=xp) + 0 * p.probs
    value = xp.where(p.total_count == 1, one_trial, xp.full_like(one_trial, math.inf))
    return xp.where((p.total_count == 0) | (p.probs == 0), point_mass, value)
