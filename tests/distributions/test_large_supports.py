"""Entropies of discrete families with huge supports, and constructor messages (issue #14)."""

from __future__ import annotations

import math

import numpy as np
import pytest
import scipy.stats

import infokit.distributions as dists
from infokit.distributions import entropy, kl_divergence
from infokit.distributions._entropy_formulas import binomial_entropy_series
from infokit.distributions.fallbacks import poisson_entropy_series
from infokit.errors import InvalidParameterError, NoClosedFormError, ShapeError
from infokit.results import Estimate


def _stirling_error(m: np.ndarray) -> np.ndarray:
    """log m! − (m + ½) log m + m − ½ log 2π, by its series (m ≥ 10^3: 1e-25)."""
    return 1 / (12 * m) - 1 / (360 * m**3) + 1 / (1260 * m**5)


def _exact_poisson_entropy(rate: float) -> float:
    """−Σ P(k) log P(k) with log P(k) built stably around m = ⌊λ⌋ (no log Γ cancellation).

    log P(m) = m log1p(f/m) − f − ½ log(2πm) − stirling(m) with f = λ − m, and
    log P(m + j) − log P(m) = −Σᵢ log1p((m + i − λ)/λ) summed outwards.
    """
    m = math.floor(rate)
    f = rate - m
    log_mode = m * math.log1p(f / m) - f - 0.5 * math.log(2 * math.pi * m)
    log_mode -= float(_stirling_error(np.float64(m)))
    width = int(40 * math.sqrt(rate)) + 40
    up = np.arange(1, width + 1, dtype=float)
    down = np.arange(0, min(width, m), dtype=float)  # log P(m − j − 1) − log P(m − j)
    log_up = log_mode - np.cumsum(np.log1p((m + up - rate) / rate))
    log_down = log_mode + np.cumsum(np.log1p((m - down - rate) / rate))
    log_pmf = np.concatenate([log_down[::-1], [log_mode], log_up])
    return float(-np.sum(np.exp(log_pmf) * log_pmf))


class TestPoissonEntropy:
    @pytest.mark.parametrize("rate", [1e3, 1e4, 1e5, 1e6])
    def test_series_matches_an_exact_sum_to_1e_10(self, rate):
        estimate = entropy(dists.Poisson(rate))
        assert estimate.method == "asymptotic"
        exact = _exact_poisson_entropy(rate)
        assert estimate.value == pytest.approx(exact, rel=1e-12)
        assert estimate.std_error == pytest.approx(0.2 / rate**4)

    def test_the_switch_point_keeps_the_sum_accurate_below_it(self):
        # Just below 10^3 the scipy-based sum is used; it agrees with the stable sum.
        estimate = entropy(dists.Poisson(999.5))
        assert estimate.method == "summation"
        assert estimate.value == pytest.approx(_exact_poisson_entropy(999.5), rel=1e-11)

    def test_rate_1e12(self):
        # 0.5 log(2πe λ) − 1/(12λ): 15.2345 nats, not 0 ± 2e12.
        estimate = entropy(dists.Poisson(1e12))
        assert isinstance(estimate, Estimate)
        assert estimate.value == pytest.approx(0.5 * math.log(2 * math.pi * math.e * 1e12))
        assert estimate.value == pytest.approx(15.234449, abs=1e-6)
        assert estimate.std_error < 1e-40

    def test_series_in_bits(self):
        estimate = entropy(dists.Poisson(1e4), base=2)
        assert estimate.value == pytest.approx(poisson_entropy_series(1e4)[0] / math.log(2))

    def test_forced_summation_of_a_huge_support_raises(self):
        with pytest.raises(InvalidParameterError, match="summation needs more than 10000000"):
            entropy(dists.Poisson(1e12), method="summation")

    def test_summation_windows_the_bulk(self):
        # λ = 10^6: ~3·10^4 terms around the mean, not 10^6 from 0; within rounding of the
        # stable sum (scipy's log-pmf loses ~1e-9 to cancellation at this rate).
        estimate = entropy(dists.Poisson(1e6), method="summation")
        assert estimate.details["terms"] < 100_000
        assert estimate.value == pytest.approx(_exact_poisson_entropy(1e6), rel=1e-8)


class TestBinomialEntropy:
    @pytest.mark.parametrize(
        ("n", "p"), [(10, 0.3), (1000, 0.5), (100_000, 0.01), (1_000_000, 0.3), (7, 1.0)]
    )
    def test_matches_scipy(self, n, p):
        assert float(entropy(dists.Binomial(n, p))) == pytest.approx(
            scipy.stats.binom(n, p).entropy(), rel=1e-11, abs=1e-14
        )

    def test_huge_count_allocates_nothing_and_uses_the_series(self):
        # 10^9 trials: ½ log(2πe n/4) − 1/(12 n²) (the 1/n term vanishes at p = ½).
        n = 1e9
        value = float(entropy(dists.Binomial(n, 0.5)))
        assert value == pytest.approx(0.5 * math.log(2 * math.pi * math.e * n / 4), rel=1e-15)

    def test_huge_count_with_small_mean_is_a_poisson_like_sum(self):
        # Binomial(10^9, 10^-8) is Poisson(10) to O(1/n): compare with scipy's Poisson sum.
        value = float(entropy(dists.Binomial(1e9, 1e-8)))
        assert value == pytest.approx(scipy.stats.poisson(10.0).entropy(), rel=1e-7)
        mirrored = float(entropy(dists.Binomial(1e9, 0.75)))
        assert mirrored == pytest.approx(float(entropy(dists.Binomial(1e9, 0.25))), rel=1e-14)

    @pytest.mark.parametrize("p", [0.5, 0.2, 0.01])
    def test_series_matches_the_exact_sum_at_the_switch(self, p):
        # n p q = 10^4 exactly: the sum (through scipy, exact here) and the series agree.
        n = round(1e4 / (p * (1 - p))) + 1
        series = float(binomial_entropy_series(np.float64(n), np.float64(p), xp=np))
        assert series == pytest.approx(scipy.stats.binom(n, p).entropy(), rel=1e-13)

    def test_batched_mix_of_sum_and_series(self):
        values = entropy(dists.Binomial([10.0, 1e9, 20.0], [0.5, 0.5, 0.1]))
        expected = [
            scipy.stats.binom(10, 0.5).entropy(),
            None,
            scipy.stats.binom(20, 0.1).entropy(),
        ]
        assert values[0] == pytest.approx(expected[0], rel=1e-13)
        assert values[2] == pytest.approx(expected[2], rel=1e-13)
        assert values[1] == pytest.approx(float(entropy(dists.Binomial(1e9, 0.5))), rel=1e-15)

    def test_kl_with_different_huge_counts_refuses_the_full_grid(self):
        p, q = dists.Binomial(1e9, 0.5), dists.Binomial(1e9 + 2, 0.5)
        with pytest.raises(NoClosedFormError, match="needs 1000000001 terms"):
            kl_divergence(p, q)
        estimate = kl_divergence(p, q, method="summation")
        # KL(Bin(n, ½) ‖ Bin(n + 2, ½)) = 2 log 2 − E log[(n+1)(n+2)/((n−X+1)(n−X+2))] ≈ 1/(2n)·…
        assert 0 < estimate.value < 1e-5
        assert estimate.details["terms"] < 1_000_000


def test_binomial_series_coefficient_is_the_poisson_one_in_the_limit():
    # p → 0 with n p q = λ: the two-term series tends to the Poisson one.
    rate, p = 5e4, 1e-9
    n = np.float64(rate / (p * (1 - p)))
    binomial = float(binomial_entropy_series(n, np.float64(p), xp=np))
    poisson = poisson_entropy_series(rate)[0]
    assert binomial == pytest.approx(poisson, rel=1e-13)


@pytest.mark.parametrize(
    ("build", "error", "message"),
    [
        (lambda: dists.Normal(None, 1.0), InvalidParameterError, "`loc` of Normal must be a"),
        (lambda: dists.Poisson(None), InvalidParameterError, "`rate` of Poisson must be a"),
        (lambda: dists.Uniform(0.0, None), InvalidParameterError, "`high` of Uniform"),
        (lambda: dists.StudentT(None), InvalidParameterError, "`df` of StudentT"),
        (lambda: dists.Binomial(None, 0.5), InvalidParameterError, "`total_count` of Binomial"),
        (lambda: dists.Dirichlet(None), InvalidParameterError, "`concentration` of Dirichlet"),
        (
            lambda: dists.MultivariateNormal(None, np.eye(2)),
            InvalidParameterError,
            "`loc` of MultivariateNormal",
        ),
        (
            lambda: dists.Normal([0.0, 1.0], [1.0, 2.0, 3.0]),
            ShapeError,
            r"broadcastable shapes; got `loc` \(2,\), `scale` \(3,\)",
        ),
        (
            lambda: dists.Binomial([10.0, 20.0], [0.5, 0.5, 0.5]),
            ShapeError,
            r"`total_count` \(2,\), `probs` \(3,\)",
        ),
        (lambda: dists.Poisson(float("nan")), InvalidParameterError, "`rate` of Poisson"),
        (lambda: dists.Binomial(math.inf, 0.5), InvalidParameterError, "`total_count`"),
    ],
)
def test_constructor_messages_name_the_argument(build, error, message):
    with pytest.raises(error, match=message):
        build()
