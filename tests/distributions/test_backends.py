"""Closed forms on every array backend, batched, against the NumPy results."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

import infokit.distributions as dists
from infokit.distributions import cross_entropy, entropy, kl_divergence
from infokit.distributions._registry import find_kl_formula
from infokit.results import Estimate
from tests.distributions.distribution_cases import CASES, build, case_id

CLOSED = [case for case in CASES if case[0] != "Poisson"]  # Poisson entropy is summed


@pytest.mark.parametrize("case", CLOSED, ids=case_id)
def test_entropy_closed_form_on_every_backend(case, backend, assert_close):
    expected = entropy(build(case))
    assert_close(entropy(build(case, backend.asarray)), expected, rtol=1e-12)


def _one_pair_per_formula():
    """The first ordered pair of cases for each registered (p family, q family)."""
    pairs = {}
    for p, q in itertools.product(CASES, CASES):
        if (p[0], q[0]) not in pairs and find_kl_formula(type(build(p)), type(build(q))):
            pairs[p[0], q[0]] = (p, q)
    return list(pairs.values())


FAMILY_PAIRS = _one_pair_per_formula()
# torch.special.polygamma(1, x) (the trigamma in Gamma/Exponential ‖ LogNormal) agrees with
# scipy to ~1e-9 relative only; every other special function to rounding.
TRIGAMMA_RTOL = 1e-8


def test_kl_closed_forms_on_every_backend(backend, assert_close):
    assert len(FAMILY_PAIRS) >= 59  # every registered family pair among the cases
    for p_case, q_case in FAMILY_PAIRS:
        expected = kl_divergence(build(p_case), build(q_case))
        ours = kl_divergence(build(p_case, backend.asarray), build(q_case, backend.asarray))
        uses_trigamma = q_case[0] == "LogNormal" and p_case[0] in ("Gamma", "Exponential")
        assert_close(ours, expected, rtol=TRIGAMMA_RTOL if uses_trigamma else 1e-12)


def test_float32_stays_float32(backend):
    p = dists.Gamma(backend.asarray([0.7, 2.5], backend.float32), 1.3)
    q = dists.Gamma(backend.asarray(2.0, backend.float32), backend.asarray(0.5, backend.float32))
    result = kl_divergence(p, q)
    assert result.dtype == backend.float32
    expected = kl_divergence(dists.Gamma([0.7, 2.5], 1.3), dists.Gamma(2.0, 0.5))
    np.testing.assert_allclose(backend.to_numpy(result), expected, rtol=1e-5)


def test_batched_parameters_broadcast_and_match_elementwise():
    locs, scales = np.array([0.0, 1.0, -2.0]), np.array([[1.0], [0.5]])
    p = dists.Normal(locs, scales)
    assert p.batch_shape == (2, 3)
    q = dists.Normal(0.5, 2.0)
    batched = kl_divergence(p, q)
    assert batched.shape == (2, 3)
    for i, j in itertools.product(range(2), range(3)):
        single = kl_divergence(dists.Normal(locs[j], scales[i, 0]), q)
        assert batched[i, j] == pytest.approx(float(single), rel=1e-15)


def test_batched_multivariate_normal_and_dirichlet():
    rng = np.random.default_rng(0)
    factors = rng.normal(size=(4, 3, 3))
    covariances = factors @ factors.transpose(0, 2, 1) + 0.5 * np.eye(3)
    locs = rng.normal(size=(4, 3))
    p = dists.MultivariateNormal(locs, covariances)
    q = dists.MultivariateNormal.diagonal(np.zeros(3), np.array([1.0, 2.0, 3.0]))
    batched = np.asarray(kl_divergence(p, q))
    entropies = np.asarray(entropy(p))
    assert batched.shape == entropies.shape == (4,)
    for i in range(4):
        single = dists.MultivariateNormal(locs[i], covariances[i])
        assert batched[i] == pytest.approx(float(kl_divergence(single, q)), rel=1e-12)
        _, log_det = np.linalg.slogdet(2 * np.pi * np.e * covariances[i])
        assert entropies[i] == pytest.approx(0.5 * log_det, rel=1e-12)
    alphas = rng.uniform(0.5, 3.0, size=(5, 4))
    values = np.asarray(kl_divergence(dists.Dirichlet(alphas), dists.Dirichlet(np.ones(4))))
    assert values.shape == (5,)
    for i in range(5):
        assert values[i] == pytest.approx(
            float(kl_divergence(dists.Dirichlet(alphas[i]), dists.Dirichlet(np.ones(4)))), rel=1e-13
        )


def test_batched_binomials_with_different_counts():
    p = dists.Binomial(np.array([3.0, 10.0, 6.0]), np.array([0.2, 0.5, 0.9]))
    q = dists.Binomial(np.array([5.0, 10.0, 4.0]), 0.4)
    values = np.asarray(kl_divergence(p, q))
    entropies = np.asarray(entropy(p))
    import scipy.stats

    for i, (n_p, p_p, n_q) in enumerate([(3, 0.2, 5), (10, 0.5, 10), (6, 0.9, 4)]):
        k = np.arange(n_p + 1)
        pmf_p = scipy.stats.binom(n_p, p_p).pmf(k)
        expected = (
            np.inf
            if n_p > n_q
            else np.sum(pmf_p * np.log(pmf_p / scipy.stats.binom(n_q, 0.4).pmf(k)))
        )
        assert values[i] == pytest.approx(expected, rel=1e-12)
        assert entropies[i] == pytest.approx(scipy.stats.binom(n_p, p_p).entropy(), rel=1e-12)


def test_cross_entropy_on_every_backend(backend, assert_close):
    p = dists.Laplace(backend.asarray([0.0, 1.0]), backend.asarray(1.0))
    q = dists.Normal(backend.asarray(0.5), backend.asarray(2.0))
    expected = cross_entropy(dists.Laplace([0.0, 1.0], 1.0), dists.Normal(0.5, 2.0))
    result = cross_entropy(p, q, base=2)
    assert not isinstance(result, Estimate)
    assert_close(result, np.asarray(expected) / np.log(2), rtol=1e-13)


def test_jax_jit_traces_closed_forms():
    jax = pytest.importorskip("jax")
    jax.config.update("jax_enable_x64", True)
    jnp = jax.numpy

    @jax.jit
    def kl(loc, scale):
        return kl_divergence(dists.Normal(loc, scale), dists.Laplace(0.0, 1.0))

    value = kl(jnp.asarray([0.0, 1.0]), jnp.asarray([1.0, 2.0]))
    expected = kl_divergence(dists.Normal([0.0, 1.0], [1.0, 2.0]), dists.Laplace(0.0, 1.0))
    np.testing.assert_allclose(np.asarray(value), expected, rtol=1e-12)
