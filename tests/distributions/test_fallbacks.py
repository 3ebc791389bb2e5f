"""Closed forms against their own numerical fallbacks, and the fallbacks' behaviour."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
import scipy.stats

import infokit.distributions as dists
from infokit.distributions import cross_entropy, entropy, kl_divergence
from infokit.distributions._registry import find_kl_formula
from infokit.errors import InvalidParameterError, NoClosedFormError, ShapeError
from infokit.results import Estimate
from tests.distributions.distribution_cases import CASES, build, case_id

# Monte Carlo: the closed form must lie within 5 standard errors (a 1-in-1.7-million miss
# for a normal mean; the seeds are fixed anyway). Quadrature and summation: within quad's
# own absolute error estimate, or 1e-12 where that estimate is smaller than rounding.
MC_SIGMAS = 5
ROUNDING = 1e-12


def _method_for(dist):
    if dist.discrete:
        return "summation"
    return "monte_carlo" if dist.event_ndim else "quadrature"


def _assert_within_reported_error(exact, estimate):
    assert isinstance(estimate, Estimate)
    if estimate.method == "monte_carlo":
        bound = MC_SIGMAS * estimate.std_error + ROUNDING
    else:
        bound = max(estimate.std_error, ROUNDING)
    assert abs(estimate.value - exact) <= bound, (exact, estimate)


CLOSED = [case for case in CASES if case[0] != "Poisson"]  # Poisson entropy: summation only


@pytest.mark.parametrize("case", CLOSED, ids=case_id)
def test_entropy_closed_form_within_fallback_error(case):
    dist = build(case)
    exact = entropy(dist, method="closed_form")
    estimate = entropy(dist, method=_method_for(dist), n_samples=20_000, rng=0)
    _assert_within_reported_error(float(exact), estimate)


@pytest.mark.parametrize("case", CLOSED, ids=case_id)
def test_entropy_closed_form_within_monte_carlo_error(case):
    dist = build(case)
    exact = entropy(dist, method="closed_form")
    _assert_within_reported_error(
        float(exact), entropy(dist, method="monte_carlo", n_samples=20_000, rng=1)
    )


def test_every_finite_kl_closed_form_within_fallback_error():
    checked = 0
    for p_case, q_case in itertools.product(CASES, CASES):
        p, q = build(p_case), build(q_case)
        if find_kl_formula(type(p), type(q)) is None:
            continue
        exact = float(kl_divergence(p, q))
        if not math.isfinite(exact):
            continue
        estimate = kl_divergence(p, q, method=_method_for(p), n_samples=20_000, rng=2)
        _assert_within_reported_error(exact, estimate)
        checked += 1
    assert checked >= 140  # 144 finite ordered pairs among the cases


def test_every_infinite_kl_closed_form_is_infinite_numerically_too():
    checked = 0
    for p_case, q_case in itertools.product(CASES, CASES):
        p, q = build(p_case), build(q_case)
        if find_kl_formula(type(p), type(q)) is None or p.event_ndim:
            continue
        if math.isfinite(float(kl_divergence(p, q))):
            continue
        numeric = kl_divergence(p, q, method=_method_for(p))
        assert not isinstance(numeric, Estimate)
        assert float(numeric) == math.inf
        checked += 1
    assert checked > 50


def test_poisson_entropy_summation_has_tail_bound_and_matches_scipy():
    estimate = entropy(dists.Poisson(40.0), base="bits")
    assert estimate.method == "summation"
    assert estimate.base == 2
    assert 0 <= estimate.std_error < 1e-15
    assert estimate.details["tail_mass"] <= 1e-20
    expected = scipy.stats.poisson(40.0).entropy() / math.log(2)
    assert estimate.value == pytest.approx(expected, rel=1e-12)


def test_kl_without_closed_form_uses_quadrature_and_reports_it():
    p, q = dists.StudentT(3.0, 0.2, 1.5), dists.Laplace(0.0, 2.0)
    with pytest.raises(NoClosedFormError, match=r"\(StudentT, Laplace\).*registered pairs: .*"):
        kl_divergence(p, q, method="closed_form")
    quad = kl_divergence(p, q)
    assert isinstance(quad, Estimate)
    assert quad.method == "quadrature"
    assert quad.n_samples is None
    assert quad.details["p"] == "StudentT"
    assert 0 < quad.std_error < 1e-8
    mc = kl_divergence(p, q, method="monte_carlo", n_samples=200_000, rng=0)
    assert mc.method == "monte_carlo"
    assert mc.n_samples == 200_000
    assert abs(mc.value - quad.value) <= MC_SIGMAS * mc.std_error


def test_student_t_kl_against_monte_carlo_of_scipy_log_densities():
    p, q = scipy.stats.t(4.0, 0.0, 1.0), scipy.stats.t(2.5, 0.5, 2.0)
    x = p.rvs(size=400_000, random_state=np.random.default_rng(5))
    log_ratio = p.logpdf(x) - q.logpdf(x)
    reference, reference_error = log_ratio.mean(), log_ratio.std() / math.sqrt(x.size)
    ours = kl_divergence(p, q)
    assert ours.method == "quadrature"
    assert abs(ours.value - reference) <= MC_SIGMAS * reference_error


def test_discrete_kl_without_closed_form_is_summed():
    p, q = dists.Poisson(2.0), dists.Geometric(0.3)
    ours = kl_divergence(p, q)
    assert ours.method == "summation"
    k = np.arange(200)
    pmf = scipy.stats.poisson(2.0).pmf(k)
    expected = np.sum(
        pmf * (scipy.stats.poisson(2.0).logpmf(k) - scipy.stats.geom(0.3, loc=-1).logpmf(k))
    )
    assert ours.value == pytest.approx(expected, rel=1e-12)
    assert ours.std_error < 1e-15


def test_categorical_against_binomial_is_an_exact_finite_sum():
    p = dists.Categorical([0.1, 0.2, 0.3, 0.4])
    q = dists.Binomial(3.0, 0.5)
    expected = float(
        np.sum(
            np.array([0.1, 0.2, 0.3, 0.4])
            * np.log(np.array([0.1, 0.2, 0.3, 0.4]) / (np.array([1, 3, 3, 1]) / 8))
        )
    )
    ours = kl_divergence(p, q)
    assert ours.method == "summation"
    assert ours.std_error == 0
    assert ours.value == pytest.approx(expected, rel=1e-12)
    assert (
        float(kl_divergence(dists.Categorical([0.5, 0.25, 0.25]), dists.Binomial(1.0, 0.5)))
        == math.inf
    )


def test_discrete_against_continuous_is_infinite():
    assert float(kl_divergence(dists.Poisson(2.0), dists.Normal(0.0, 1.0))) == math.inf
    assert float(kl_divergence(dists.Normal(0.0, 1.0), dists.Poisson(2.0))) == math.inf


def test_dirichlet_against_multivariate_normal_is_infinite_and_dimensions_must_match():
    p = dists.Dirichlet([1.0, 2.0])
    assert float(kl_divergence(p, dists.MultivariateNormal([0.0, 0.0], np.eye(2)))) == math.inf
    with pytest.raises(ShapeError, match="same dimension"):
        kl_divergence(dists.Normal(0.0, 1.0), dists.MultivariateNormal([0.0, 0.0], np.eye(2)))


def test_fallback_needs_one_distribution_at_a_time():
    with pytest.raises(ShapeError, match=r"one distribution at a time.*batch shape \(2,\)"):
        kl_divergence(dists.StudentT([3.0, 4.0]), dists.Laplace(0.0, 1.0))


def test_forced_method_must_fit_the_distribution():
    with pytest.raises(InvalidParameterError, match="`method='summation'` needs a discrete"):
        entropy(dists.Normal(0.0, 1.0), method="summation")
    with pytest.raises(InvalidParameterError, match="`method='quadrature'` needs a univariate"):
        entropy(dists.Poisson(1.0), method="quadrature")
    with pytest.raises(InvalidParameterError, match="`method` must be one of"):
        entropy(dists.Normal(0.0, 1.0), method="mc")
    with pytest.raises(InvalidParameterError, match="`n_samples` must be an integer"):
        entropy(dists.Normal(0.0, 1.0), method="monte_carlo", n_samples=1)


def test_entropy_closed_form_error_lists_registered_types():
    with pytest.raises(NoClosedFormError, match="Poisson; registered types: Bernoulli, Beta"):
        entropy(dists.Poisson(1.0), method="closed_form")


def test_monte_carlo_is_reproducible_with_a_seed():
    p, q = dists.Gamma(2.0, 1.0), dists.Normal(1.0, 1.0)
    first = kl_divergence(p, q, method="monte_carlo", n_samples=1000, rng=3)
    second = kl_divergence(p, q, method="monte_carlo", n_samples=1000, rng=np.random.default_rng(3))
    assert first.value == second.value
    assert "monte_carlo, n=1000" in repr(first)


def test_cross_entropy_is_entropy_plus_kl():
    p, q = dists.Gamma(2.0, 1.5), dists.Exponential(0.7)
    closed = cross_entropy(p, q, base=2)
    assert float(closed) == pytest.approx(
        float(entropy(p, base=2) + kl_divergence(p, q, base=2)), rel=1e-14
    )
    # -E_p[log q] by quadrature directly
    frozen_p, frozen_q = p.to_scipy(), q.to_scipy()
    from scipy.integrate import quad

    direct = quad(lambda x: -frozen_p.pdf(x) * frozen_q.logpdf(x), 0, np.inf)[0] / math.log(2)
    assert float(closed) == pytest.approx(direct, rel=1e-9)


def test_cross_entropy_combines_estimates():
    p, q = dists.StudentT(5.0), dists.Laplace(0.0, 1.0)
    combined = cross_entropy(p, q)
    assert isinstance(combined, Estimate)
    assert combined.method == "closed_form+quadrature"
    from scipy.integrate import quad

    # -log q(x) = log 2 + |x| for the standard Laplace (scipy's logpdf underflows far out)
    density = p.to_scipy().pdf
    direct = quad(lambda x: density(x) * (math.log(2) + abs(x)), -np.inf, np.inf)[0]
    assert abs(combined.value - direct) <= max(combined.std_error, 1e-10)
    mc = cross_entropy(p, q, method="monte_carlo", n_samples=50_000, rng=0)
    assert mc.method == "monte_carlo+monte_carlo"
    assert abs(mc.value - direct) <= MC_SIGMAS * mc.std_error


BINARY_PAIRS = [
    (dists.Bernoulli(0.3), dists.Categorical([0.35, 0.65])),
    (dists.Bernoulli(0.3), dists.Categorical([0.2, 0.5, 0.3])),
    (dists.Bernoulli(0.0), dists.Categorical([1.0, 0.0])),
    (dists.Bernoulli(0.3), dists.Categorical([1.0, 0.0])),
    (dists.Categorical([0.35, 0.65]), dists.Bernoulli(0.3)),
    (dists.Categorical([0.35, 0.65, 0.0]), dists.Bernoulli(0.3)),
    (dists.Categorical([0.35, 0.6, 0.05]), dists.Bernoulli(0.3)),
    (dists.Bernoulli(0.3), dists.Binomial(4.0, 0.2)),
    (dists.Bernoulli(0.3), dists.Binomial(0.0, 0.2)),
    (dists.Binomial(1.0, 0.4), dists.Bernoulli(0.3)),
    (dists.Binomial(3.0, 0.4), dists.Bernoulli(0.3)),
    (dists.Binomial(3.0, 0.0), dists.Bernoulli(0.3)),
]


@pytest.mark.parametrize(("p", "q"), BINARY_PAIRS, ids=repr)
def test_bernoulli_against_categorical_and_binomial_equals_the_exact_sum(p, q):
    closed = float(kl_divergence(p, q, method="closed_form"))
    summed = kl_divergence(p, q, method="summation")
    if isinstance(summed, Estimate):
        assert summed.std_error == 0  # finite supports: exact
        assert closed == pytest.approx(summed.value, rel=1e-12, abs=1e-15)
    else:
        assert closed == float(summed) == math.inf


def test_bad_rng_is_named():
    with pytest.raises(InvalidParameterError, match="`rng` must be None, an integer seed"):
        entropy(dists.Dirichlet([1.0, 2.0]), method="monte_carlo", rng="seed")


def test_student_t_against_normal_uses_the_variance_and_is_infinite_without_one():
    p, q = dists.StudentT(4.0, 0.5, 1.5), dists.Normal(0.0, 2.0)
    _assert_within_reported_error(
        float(kl_divergence(p, q)), kl_divergence(p, q, method="quadrature")
    )
    # ν ≤ 2: E[X²] is infinite, so E[−log q(X)] is too
    assert float(kl_divergence(dists.StudentT(2.0), q)) == math.inf


def test_uniform_from_zero_against_log_normal():
    p, q = dists.Uniform(0.0, 2.0), dists.LogNormal(0.2, 0.7)
    _assert_within_reported_error(
        float(kl_divergence(p, q)), kl_divergence(p, q, method="quadrature")
    )
    assert float(kl_divergence(dists.Uniform(-1.0, 2.0), q)) == math.inf
