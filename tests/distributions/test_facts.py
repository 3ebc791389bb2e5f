"""The seeds' facts about entropy and KL of parametric families, checked as stated."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import infokit.distributions as dists
from infokit.distributions import entropy, kl_divergence


@pytest.mark.parametrize(
    ("mu1", "sigma1", "mu2", "sigma2"),
    [(0.0, 1.0, 0.0, 1.0), (0.0, 1.0, 1.0, 2.0), (2.0, 0.3, -1.0, 0.7), (-5.0, 4.0, 5.0, 0.5)],
)
def test_normal_kl_exercise_derived_by_hand(mu1, sigma1, mu2, sigma2):
    # KL(N1 ‖ N2) = E_1[log p1 − log p2]
    #   = E_1[−log σ1 − (x−μ1)²/(2σ1²) + log σ2 + (x−μ2)²/(2σ2²)]
    #   = log(σ2/σ1) − ½ + (σ1² + (μ1−μ2)²)/(2σ2²)     since E_1(x−μ2)² = σ1² + (μ1−μ2)².
    by_hand = math.log(sigma2 / sigma1) + (sigma1**2 + (mu1 - mu2) ** 2) / (2 * sigma2**2) - 0.5
    ours = kl_divergence(dists.Normal(mu1, sigma1), dists.Normal(mu2, sigma2))
    assert float(ours) == pytest.approx(by_hand, rel=1e-14, abs=1e-15)


def test_uniform_entropies_from_the_seeds():
    assert float(entropy(dists.Uniform(0.0, 1.0))) == 0.0
    assert float(entropy(dists.Uniform(0.0, 0.1))) == pytest.approx(-math.log(10), rel=1e-14)
    assert float(entropy(dists.Uniform(0.0, 0.1), base=10)) == pytest.approx(-1.0, rel=1e-14)
    assert float(entropy(dists.Uniform(0.0, 0.1))) < 0  # differential entropy can be negative


SCALINGS = [
    (lambda a: dists.Normal(0.5, 1.3 * a), dists.Normal(0.5, 1.3)),
    (lambda a: dists.Laplace(0.0, 0.7 * a), dists.Laplace(0.0, 0.7)),
    (lambda a: dists.Uniform(-1.0 * a, 2.0 * a), dists.Uniform(-1.0, 2.0)),
    (lambda a: dists.Exponential(1.5 / a), dists.Exponential(1.5)),
    (lambda a: dists.Gamma(2.5, 1.3 / a), dists.Gamma(2.5, 1.3)),
    (lambda a: dists.StudentT(3.0, 0.2 * a, 1.5 * a), dists.StudentT(3.0, 0.2, 1.5)),
    (lambda a: dists.LogNormal(0.2 + math.log(a), 0.7), dists.LogNormal(0.2, 0.7)),
]


@pytest.mark.parametrize("a", [0.01, 0.5, 3.0, 1e4])
@pytest.mark.parametrize(
    ("scaled", "original"), SCALINGS, ids=lambda v: getattr(v, "__name__", "") or type(v).__name__
)
def test_entropy_of_scaled_variable_shifts_by_log_a(scaled, original, a):
    assert float(entropy(scaled(a))) == pytest.approx(
        float(entropy(original)) + math.log(a), rel=1e-12, abs=1e-12
    )


def test_entropy_of_scaled_multivariate_normal_shifts_by_d_log_a():
    covariance = np.array([[1.5, 0.3, 0.0], [0.3, 0.8, 0.1], [0.0, 0.1, 2.0]])
    a = 2.5
    scaled = dists.MultivariateNormal(np.zeros(3), a**2 * covariance)
    original = dists.MultivariateNormal(np.zeros(3), covariance)
    assert float(entropy(scaled)) == pytest.approx(float(entropy(original)) + 3 * math.log(a))


def _families_with_variance(variance):
    """One member of each continuous family (with a variance) at the given variance."""
    sd = math.sqrt(variance)
    sigma_log = 0.5  # LogNormal: variance = (e^{s²} − 1) e^{2μ + s²}; solve for μ
    mu_log = 0.5 * (math.log(variance / math.expm1(sigma_log**2)) - sigma_log**2)
    alpha = 4.0
    return {
        "Laplace": dists.Laplace(0.0, sd / math.sqrt(2)),
        "Uniform": dists.Uniform(0.0, sd * math.sqrt(12)),
        "Exponential": dists.Exponential(1 / sd),
        "Gamma": dists.Gamma(alpha, math.sqrt(alpha / variance)),
        "Beta": dists.Beta(2.0, 2.0),  # variance ab/((a+b)²(a+b+1)) = 1/20
        "StudentT": dists.StudentT(5.0, 0.0, sd * math.sqrt(3 / 5)),
        "LogNormal": dists.LogNormal(mu_log, sigma_log),
    }


def test_gaussian_has_the_largest_entropy_at_equal_variance():
    variance = 0.05  # small enough for a Beta to have it
    gaussian = float(entropy(dists.Normal(0.0, math.sqrt(variance))))
    for name, dist in _families_with_variance(variance).items():
        frozen = dist.to_scipy()
        assert frozen.var() == pytest.approx(variance, rel=1e-12), name
        assert float(entropy(dist)) < gaussian, name


def test_uniform_has_the_largest_entropy_on_k_outcomes():
    rng = np.random.default_rng(0)
    for k in (2, 3, 10, 50):
        uniform = float(entropy(dists.Categorical(np.full(k, 1 / k))))
        assert uniform == pytest.approx(math.log(k), rel=1e-14)
        others = rng.dirichlet(np.full(k, 0.5), size=200)
        values = np.asarray(entropy(dists.Categorical(others)))
        assert values.shape == (200,)
        assert np.all(values < uniform)
    # Binomial(k−1, p) also lives on k outcomes
    assert float(entropy(dists.Binomial(9.0, 0.5))) < math.log(10)
    assert float(entropy(dists.Bernoulli(0.5), base=2)) == pytest.approx(1.0, rel=1e-15)


def test_kl_is_non_negative_and_zero_only_for_equal_distributions():
    p = dists.Gamma([0.5, 2.0, 5.0], [1.0, 2.0, 0.5])
    assert np.all(np.asarray(kl_divergence(p, p)) == pytest.approx(0.0, abs=1e-14))
    q = dists.Gamma(2.0, 1.0)
    values = np.asarray(kl_divergence(p, q))
    assert np.all(values[[0, 2]] > 0)
    assert values[1] > 0


def test_base_conversion():
    p, q = dists.Beta(2.0, 3.0), dists.Beta(0.8, 1.7)
    nats = float(kl_divergence(p, q))
    assert float(kl_divergence(p, q, base=2)) == pytest.approx(nats / math.log(2), rel=1e-15)
    assert float(kl_divergence(p, q, base="bits")) == pytest.approx(nats / math.log(2), rel=1e-15)
    assert float(entropy(p, base="hartleys")) == pytest.approx(float(entropy(p)) / math.log(10))


positive = st.floats(0.05, 20.0)


@given(a1=positive, b1=positive, a2=positive, b2=positive)
def test_gamma_and_beta_kl_are_non_negative_and_cross_entropy_adds_up(a1, b1, a2, b2):
    for family in (dists.Gamma, dists.Beta):
        p, q = family(a1, b1), family(a2, b2)
        divergence = float(kl_divergence(p, q))
        assert divergence >= -1e-12 * max(1.0, abs(float(entropy(p))))
        assert float(kl_divergence(p, p)) == pytest.approx(0.0, abs=1e-12)
        total = float(dists.cross_entropy(p, q))
        assert total == pytest.approx(float(entropy(p)) + divergence, rel=1e-12, abs=1e-12)


@given(loc=st.floats(-5.0, 5.0), scale=positive, rate=positive)
def test_cross_family_kl_exceeds_zero(loc, scale, rate):
    # Different families never coincide, so KL > 0; with a relative floor for rounding.
    value = float(kl_divergence(dists.Exponential(rate), dists.Normal(loc, scale)))
    assert value > 0
    value = float(kl_divergence(dists.Normal(loc, scale), dists.Laplace(loc, scale)))
    assert value > 0
