"""Discrete entropy estimators from counts: hand-worked values, oracles, bounds, intervals."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from scipy import integrate, special, stats

from infokit.errors import (
    InvalidDistributionError,
    InvalidParameterError,
    ShapeError,
    SmallSampleWarning,
)
from infokit.estimators.discrete.engine import DISCRETE_METHODS, estimate_entropy_from_counts
from infokit.estimators.discrete.methods import (
    _chao_wang_jost_tail,
    dirichlet_posterior_moments,
)
from infokit.estimators.discrete.nsb import NSBPosterior, chao1_richness, nsb_posterior
from infokit.estimators.discrete.registry import discrete_method
from infokit.estimators.discrete.uncertainty import jackknife_std_error

EULER = 0.5772156649015329
LN2, LN3 = math.log(2), math.log(3)
METHODS = tuple(m for m in DISCRETE_METHODS if m != "auto")


def _chao_shen_by_hand() -> float:
    # counts (2, 1, 1): N = 4, two singletons, coverage C = 1 - 2/4 = 1/2,
    # adjusted probabilities (1/4, 1/8, 1/8).
    def term(p: float) -> float:
        return -p * math.log(p) / (1 - (1 - p) ** 4)

    return term(0.25) + 2 * term(0.125)


def _chao_wang_jost_by_hand() -> float:
    # counts (2, 1, 1): f1 = 2, f2 = 1, A = 2 f2 / ((N - 1) f1 + 2 f2) = 2 / 8.
    # First part: (2/4)(1/2 + 1/3) + 2 (1/4)(1 + 1/2 + 1/3) = 4/3.
    a = 0.25
    tail = -math.log(a) - sum((1 - a) ** r / r for r in range(1, 4))
    return 4 / 3 + (2 / 4) * (1 - a) ** (1 - 4) * tail


HAND_VALUES = {
    # counts (2, 1, 1), N = 4, natural logarithms
    "plugin": 1.5 * LN2,  # log 4 - (2 log 2) / 4
    "miller_madow": 1.5 * LN2 + 2 / 8,  # + (m - 1) / 2N
    "jackknife": 7 * LN2 - 3 * LN3,  # 4 H - (3/4)(2 log 3 + 2 (log 3 - 2 log 2 / 3))
    "grassberger": 3 * LN2 - 1 + EULER,  # G(1) = -γ - log 2, G(2) = 2 - γ - log 2
    "chao_shen": _chao_shen_by_hand(),
    "chao_wang_jost": _chao_wang_jost_by_hand(),
}


class TestHandWorkedValues:
    @pytest.mark.parametrize("method", sorted(HAND_VALUES))
    def test_counts_2_1_1(self, method):
        estimate = estimate_entropy_from_counts([2, 1, 1], method=method)
        assert estimate.value == pytest.approx(HAND_VALUES[method], abs=1e-12)
        assert estimate.method == method
        assert estimate.n_samples == 4

    def test_james_stein_shrinkage_by_hand(self):
        # counts (5, 3, 1, 1) over K = 5: p̂ = (.5, .3, .1, .1, 0), target 1/5,
        # λ = (1 - 0.36) / (9 * 0.16) = 4/9.
        lam = 4 / 9
        shrunk = [lam / 5 + (1 - lam) * p for p in (0.5, 0.3, 0.1, 0.1, 0.0)]
        expected = -sum(p * math.log(p) for p in shrunk)
        estimate = estimate_entropy_from_counts([5, 3, 1, 1], method="james_stein", alphabet_size=5)
        assert estimate.value == pytest.approx(expected, abs=1e-12)

    def test_james_stein_without_alphabet_size_uses_observed_categories(self):
        # over the 4 observed categories: Σ(t - p̂)² = 0.0625 + 0.0025 + 0.0225 * 2, λ clipped?
        frequencies = np.array([0.5, 0.3, 0.1, 0.1])
        lam = (1 - (frequencies**2).sum()) / (9 * ((0.25 - frequencies) ** 2).sum())
        shrunk = lam / 4 + (1 - lam) * frequencies
        expected = -(shrunk * np.log(shrunk)).sum()
        estimate = estimate_entropy_from_counts([5, 3, 1, 1], method="james_stein")
        assert estimate.value == pytest.approx(expected, abs=1e-12)

    def test_dirichlet_posterior_mean_by_hand(self):
        # counts (2, 1, 1), K = 3, a = 1: ψ(8) - (3/7) ψ(4) - (4/7) ψ(3) = 133/140.
        estimate = estimate_entropy_from_counts(
            [2, 1, 1], method="dirichlet", alphabet_size=3, concentration=1.0
        )
        assert estimate.value == pytest.approx(133 / 140, abs=1e-12)

    def test_plugin_standard_error_is_basharin(self):
        # Σ p log² p - H² over N = 4 with p = (1/2, 1/4, 1/4)
        second = 0.5 * LN2**2 + 0.5 * (2 * LN2) ** 2
        expected = math.sqrt((second - (1.5 * LN2) ** 2) / 4)
        estimate = estimate_entropy_from_counts([2, 1, 1], method="plugin")
        assert estimate.std_error == pytest.approx(expected, abs=1e-12)

    def test_jackknife_standard_error_by_hand(self):
        left_out = np.array([LN3, LN3, LN3 - 2 * LN2 / 3, LN3 - 2 * LN2 / 3])
        expected = math.sqrt(3 / 4 * ((left_out - left_out.mean()) ** 2).sum())
        estimate = estimate_entropy_from_counts([2, 1, 1], method="jackknife")
        assert estimate.std_error == pytest.approx(expected, abs=1e-12)

    def test_chao1_richness_by_hand(self):
        # m = 3, N = 4, f1 = 2, f2 = 1: 3 + (3/4) * 2 / 4
        assert chao1_richness(np.array([2.0, 1.0, 1.0])) == pytest.approx(3.375)

    def test_base_converts_value_error_and_interval(self):
        nats = estimate_entropy_from_counts([4, 3, 2, 1], method="miller_madow", ci=0.9, rng=0)
        bits = estimate_entropy_from_counts(
            [4, 3, 2, 1], method="miller_madow", ci=0.9, rng=0, base="bits"
        )
        assert bits.value == pytest.approx(nats.value / LN2, rel=1e-12)
        assert bits.std_error == pytest.approx(nats.std_error / LN2, rel=1e-12)
        assert bits.ci == pytest.approx((nats.ci[0] / LN2, nats.ci[1] / LN2), rel=1e-12)
        assert bits.unit == "bits"


def _nsb_by_quadrature(counts: np.ndarray, size: int) -> float:
    """NSB written out independently: integrate over a with scipy.integrate.quad."""
    counts = counts[counts > 0].astype(float)
    total = counts.sum()

    def log_weight(log_a: float) -> float:
        a = math.exp(log_a)
        prior = size * special.polygamma(1, size * a + 1) - special.polygamma(1, a + 1)
        evidence = (
            special.gammaln(size * a)
            - special.gammaln(total + size * a)
            + (special.gammaln(counts + a) - special.gammaln(a)).sum()
        )
        return math.log(prior) + log_a + evidence

    def posterior_mean(log_a: float) -> float:
        a = math.exp(log_a)
        alpha = np.concatenate([counts + a, np.full(size - counts.size, a)])
        big = alpha.sum()
        return special.digamma(big + 1) - (alpha / big * special.digamma(alpha + 1)).sum()

    grid = np.linspace(-15, 12, 3000)
    peak = max(log_weight(g) for g in grid)
    points = [-10.0, -5.0, 0.0, 5.0]
    weight = integrate.quad(
        lambda g: math.exp(log_weight(g) - peak), -20, 20, points=points, limit=400
    )[0]
    moment = integrate.quad(
        lambda g: math.exp(log_weight(g) - peak) * posterior_mean(g),
        -20,
        20,
        points=points,
        limit=400,
    )[0]
    return moment / weight


class TestBayesian:
    @pytest.mark.parametrize(
        ("counts", "size"),
        [([5, 3, 1, 1, 2, 7, 1], 20), ([1, 1, 1, 1, 1], 100), ([100, 50], 2), ([30], 5)],
    )
    def test_nsb_matches_direct_quadrature(self, counts, size):
        expected = _nsb_by_quadrature(np.array(counts), size)
        estimate = estimate_entropy_from_counts(counts, method="nsb", alphabet_size=size)
        assert estimate.value == pytest.approx(expected, abs=1e-8)
        assert estimate.details["alphabet_size"] == size

    def test_dirichlet_moments_match_monte_carlo(self):
        rng = np.random.default_rng(0)
        counts = np.array([3.0, 0.0, 1.0, 5.0, 0.0, 2.0])
        draws = rng.dirichlet(counts + 0.7, size=200_000)
        entropies = -(special.xlogy(draws, draws)).sum(axis=1)
        values, multiplicities = np.array([3.0, 1.0, 5.0, 2.0, 0.0]), np.array([1.0, 1, 1, 1, 2])
        mean, variance = dirichlet_posterior_moments(values, multiplicities, np.asarray(0.7))
        # Monte Carlo standard errors: sd/sqrt(n) ≈ 3.3e-4 for the mean, ≈ 1e-4 for the variance
        assert float(mean) == pytest.approx(entropies.mean(), abs=1.5e-3)
        assert float(variance) == pytest.approx(entropies.var(), rel=0.03)

    @pytest.mark.slow
    def test_nsb_is_calibrated_under_its_prior(self):
        # Draw distributions from the NSB prior itself (ξ uniform on [0, log K]); the posterior
        # mean is then unbiased on average and its 90% interval covers ≈ 90% of the draws.
        rng = np.random.default_rng(1)
        size, n_samples, reps = 30, 40, 150
        errors, covered = [], 0
        for _ in range(reps):
            target = rng.uniform(0.05, math.log(size) - 0.05)
            log_a = _solve_prior_mean(target, size)
            p = rng.dirichlet(np.full(size, math.exp(log_a)))
            p = np.maximum(p, 1e-300) / np.maximum(p, 1e-300).sum()
            truth = -(p * np.log(p)).sum()
            counts = rng.multinomial(n_samples, p).astype(float)
            posterior = nsb_posterior(counts, size)
            errors.append(truth - posterior.mean)
            low, high = posterior.interval(0.9)
            covered += low - 1e-9 <= truth <= high + 1e-9
        errors = np.asarray(errors)
        assert abs(errors.mean()) < 4 * errors.std() / math.sqrt(reps)
        assert 0.8 <= covered / reps <= 0.98  # binomial(150, 0.9): sd 0.025

    def test_nsb_without_alphabet_size_uses_chao1(self):
        counts = np.array([5, 3, 1, 1, 2, 7, 1, 1])
        estimate = estimate_entropy_from_counts(counts, method="nsb")
        assumed = math.ceil(chao1_richness(counts.astype(float)))
        assert estimate.details["alphabet_size"] == assumed
        assert estimate.details["alphabet_size_assumed"] is True
        direct = estimate_entropy_from_counts(counts, method="nsb", alphabet_size=assumed)
        assert estimate.value == pytest.approx(direct.value, abs=1e-12)

    def test_nsb_interval_is_posterior_and_contains_mean(self):
        estimate = estimate_entropy_from_counts(
            [5, 3, 1, 1, 2, 7, 1], method="nsb", alphabet_size=20, ci=0.95
        )
        low, high = estimate.details["own_interval"]
        assert low < estimate.value < high <= math.log(20)
        assert estimate.details["ci_method"] == "posterior_hpd"
        # a normal-mixture interval is about ±1.96 posterior sd wide
        assert (high - low) == pytest.approx(2 * 1.96 * estimate.std_error, rel=0.2)
        # the reported interval also holds the Chao–Wang–Jost one
        reference = estimate.details["reference_interval"]
        assert estimate.ci == (min(low, reference[0]), max(high, reference[1]))


def _solve_prior_mean(target: float, size: int) -> float:
    from scipy import optimize

    def gap(log_a: float) -> float:
        a = math.exp(log_a)
        return special.digamma(size * a + 1) - special.digamma(a + 1) - target

    return optimize.brentq(gap, -30, 30)


@pytest.mark.oracle
class TestOracles:
    def test_plugin_matches_scipy_entropy(self):
        rng = np.random.default_rng(2)
        counts = rng.integers(0, 50, 40)
        estimate = estimate_entropy_from_counts(counts, method="plugin", base=2)
        assert estimate.value == pytest.approx(stats.entropy(counts, base=2), abs=1e-12)

    @pytest.mark.parametrize(
        ("method", "approach"),
        [
            ("plugin", "discrete"),
            ("miller_madow", "miller_madow"),
            ("chao_shen", "chao_shen"),
            ("chao_wang_jost", "chao_wang_jost"),
            ("james_stein", "shrink"),
        ],
    )
    def test_matches_infomeasure(self, method, approach):
        infomeasure = pytest.importorskip("infomeasure")
        rng = np.random.default_rng(3)
        for size, n in ((30, 60), (200, 150), (5, 40)):
            data = rng.integers(0, size, n)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                expected = infomeasure.entropy(data, approach=approach)
            estimate = estimate_entropy_from_counts(np.bincount(data), method=method)
            assert estimate.value == pytest.approx(expected, abs=1e-10)


class TestChaoWangJostTail:
    @pytest.mark.parametrize(("n", "a"), [(10, 0.3), (50, 0.05), (200, 0.01), (100, 1e-4)])
    def test_matches_literal_formula_where_it_is_stable(self, n, a):
        z = 1 - a
        literal = z ** (1 - n) * (-math.log(a) - math.fsum(z**r / r for r in range(1, n)))
        assert _chao_wang_jost_tail(n, a) == pytest.approx(literal, rel=1e-9)

    def test_matches_series_where_literal_formula_cancels(self):
        # A = 0.9, N = 30: (1-A)^(1-N) = 1e29 times a bracket that cancels to zero in floats.
        series = math.fsum(0.1 ** (j + 1) / (30 + j) for j in range(60))
        assert _chao_wang_jost_tail(30, 0.9) == pytest.approx(series, rel=1e-12)

    def test_large_sample_stays_finite(self):
        estimate = estimate_entropy_from_counts(
            [1] * 500 + [2] * 3 + [10**6], method="chao_wang_jost"
        )
        assert math.isfinite(estimate.value)


class TestBoundsAndEdgeCases:
    @pytest.mark.parametrize("method", METHODS)
    @pytest.mark.parametrize(
        "counts", [[1, 1, 1, 1, 1, 1], [7], [1, 1], [1000, 1, 1], [3, 3, 3, 3], [2, 0, 0, 5]]
    )
    def test_finite_and_within_log_alphabet(self, method, counts):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", SmallSampleWarning)
            estimate = estimate_entropy_from_counts(counts, method=method, alphabet_size=8)
            free = estimate_entropy_from_counts(counts, method=method)
        assert 0 <= estimate.value <= math.log(8) + 1e-12
        assert math.isfinite(estimate.std_error)
        assert estimate.std_error >= 0
        assert math.isfinite(free.value)
        assert free.value >= 0

    def test_clipping_above_log_alphabet_warns(self):
        with pytest.warns(SmallSampleWarning, match="clipped"):
            estimate = estimate_entropy_from_counts(
                [3, 3, 3, 3], method="miller_madow", alphabet_size=4
            )
        assert estimate.value == pytest.approx(math.log(4))

    def test_undersampled_plugin_warns(self):
        with pytest.warns(SmallSampleWarning, match="biased"):
            estimate_entropy_from_counts([1] * 20 + [2], method="plugin")
        with pytest.warns(SmallSampleWarning, match="K = 1000"):
            estimate_entropy_from_counts([3] * 20, method="miller_madow", alphabet_size=1000)

    def test_bias_corrected_methods_do_not_warn(self):
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            estimate_entropy_from_counts([1] * 20 + [2], method="chao_wang_jost")
            estimate_entropy_from_counts([1] * 20 + [2], method="nsb", alphabet_size=1000)

    def test_zero_counts_are_ignored(self):
        plain = estimate_entropy_from_counts([4, 2, 1], method="chao_shen")
        padded = estimate_entropy_from_counts([0, 4, 0, 2, 1, 0], method="chao_shen")
        assert plain.value == padded.value

    def test_two_dimensional_table_is_flattened(self):
        table = [[4, 2], [1, 3]]
        assert (
            estimate_entropy_from_counts(table, method="grassberger").value
            == estimate_entropy_from_counts([4, 2, 1, 3], method="grassberger").value
        )

    def test_auto_picks_by_alphabet_knowledge(self):
        assert estimate_entropy_from_counts([3, 2, 1]).method == "chao_wang_jost"
        # K unknown and more than half of the samples singletons: JVHW
        assert estimate_entropy_from_counts([1, 1, 1, 1, 1, 2]).method == "jvhw"
        assert estimate_entropy_from_counts([1, 1, 2]).method == "chao_wang_jost"  # f1 = N/2
        assert estimate_entropy_from_counts([1, 1, 1, 1, 1, 2], alphabet_size=10).method == "nsb"
        assert estimate_entropy_from_counts([3, 2, 1], alphabet_size=10).method == "nsb"
        # N = K = 6: Chao–Wang–Jost, whose interval covers there (NSB's: 87% on Zipf)
        assert estimate_entropy_from_counts([3, 2, 1], alphabet_size=6).method == "chao_wang_jost"
        assert estimate_entropy_from_counts([3, 1, 1], alphabet_size=6).method == "nsb"
        # N = 60 > K = 5: the table favours Chao–Wang–Jost once N exceeds K
        assert (
            estimate_entropy_from_counts([30, 20, 10], alphabet_size=5).method == "chao_wang_jost"
        )


class TestConvergence:
    @pytest.mark.parametrize("method", METHODS)
    def test_error_shrinks_with_sample_size(self, method):
        rng = np.random.default_rng(4)
        p = 1 / np.arange(1, 51)
        p /= p.sum()
        truth = -(p * np.log(p)).sum()
        errors = []
        for n in (100, 10_000, 1_000_000):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", SmallSampleWarning)
                estimate = estimate_entropy_from_counts(
                    rng.multinomial(n, p), method=method, alphabet_size=50
                )
            errors.append(abs(estimate.value - truth))
        assert errors[2] < 0.01
        assert errors[2] < errors[0]
        # at N = 10^6 the error is within 5 standard errors (sd ≈ 1e-3 nats here)
        assert errors[2] < 5 * estimate.std_error + 1e-4


class TestIntervals:
    def test_bootstrap_interval_is_seeded_and_brackets_estimate(self):
        counts = [10, 7, 5, 3, 2, 1, 1, 1]
        first = estimate_entropy_from_counts(
            counts, method="miller_madow", ci=0.9, rng=5, n_bootstrap=200
        )
        second = estimate_entropy_from_counts(
            counts, method="miller_madow", ci=0.9, rng=5, n_bootstrap=200
        )
        assert first.ci == second.ci
        assert first.ci[0] < first.value < first.ci[1]
        assert first.confidence_level == 0.9
        assert first.details["n_bootstrap"] == 200

    def test_bootstrap_width_matches_standard_error_for_large_samples(self):
        rng = np.random.default_rng(6)
        counts = rng.multinomial(20_000, np.full(20, 0.05) + np.linspace(-0.02, 0.02, 20))
        estimate = estimate_entropy_from_counts(
            counts, method="plugin", ci=0.95, rng=1, n_bootstrap=2000
        )
        width = estimate.details["own_interval"][1] - estimate.details["own_interval"][0]
        # percentile interval ≈ ±1.96 sd; Monte Carlo error of the quantiles ≈ 5%
        assert width == pytest.approx(2 * 1.96 * estimate.std_error, rel=0.12)

    @pytest.mark.slow
    def test_coverage_of_bias_corrected_interval(self):
        rng = np.random.default_rng(7)
        p = np.full(50, 1 / 50) * np.linspace(0.5, 1.5, 50)
        p /= p.sum()
        truth = -(p * np.log(p)).sum()
        reps, covered = 150, 0
        for index in range(reps):
            counts = rng.multinomial(2000, p)
            estimate = estimate_entropy_from_counts(
                counts, method="miller_madow", ci=0.95, rng=index, n_bootstrap=300
            )
            covered += estimate.ci[0] <= truth <= estimate.ci[1]
        assert covered / reps >= 0.88  # nominal 0.95; binomial sd at 150 reps ≈ 0.018


class TestBadCounts:
    @pytest.mark.parametrize(
        ("counts", "error", "match"),
        [
            (
                [3, -1, 2],
                InvalidDistributionError,
                "`counts` must hold non-negative finite counts; got -1\\.",
            ),
            (
                [3, 1.5, 2],
                InvalidDistributionError,
                "`counts` must hold whole-number counts; got 1.5",
            ),
            ([3, np.nan], InvalidDistributionError, "non-negative finite"),
            (np.ones((2, 2, 2)), ShapeError, r"`counts` must be 1-D .* got shape \(2, 2, 2\)"),
            ([0, 0], ShapeError, "sum to 0"),
            ([1], ShapeError, "at least 2 samples"),
            (["a", "b"], InvalidDistributionError, "dtype <U1"),
            (5, ShapeError, "got shape"),
        ],
    )
    def test_messages(self, counts, error, match):
        with pytest.raises(error, match=match):
            estimate_entropy_from_counts(counts, method="plugin")

    @pytest.mark.parametrize(
        ("options", "match"),
        [
            ({"method": "kl"}, "`method` must be one of 'auto', 'plugin'.*got 'kl'"),
            (
                {"alphabet_size": 2},
                r"`alphabet_size` \(2\) is smaller than the 3 categories observed",
            ),
            ({"alphabet_size": 0}, "`alphabet_size` must be a positive integer"),
            ({"alphabet_size": 2.5}, "`alphabet_size` must be a positive integer"),
            ({"ci": 95}, "`ci` must be a confidence level strictly between 0 and 1"),
            ({"n_bootstrap": 3}, "`n_bootstrap` must be an integer of at least 10"),
            ({"concentration": -1}, "`concentration` must be a positive number"),
            ({"base": 1}, "`base` must be a positive number other than 1"),
            ({"rng": "seed", "ci": 0.9}, "`rng` must be None, an integer seed"),
        ],
    )
    def test_option_messages(self, options, match):
        with pytest.raises(InvalidParameterError, match=match):
            estimate_entropy_from_counts([3, 2, 1], **options)


class TestBootstrapInternals:
    def test_assemblage_by_hand(self):
        from infokit.estimators.discrete.uncertainty import assemblage as _assemblage

        # counts (2, 1, 1): f1 = 2, f2 = 1, f0 = ceil((3/4) 2² / 2) = 2 unseen categories,
        # coverage 1 - (2/4)(3·2 / (3·2 + 2)) = 0.625 shared by the observed frequencies.
        population = _assemblage(np.array([2.0, 1.0, 1.0]), None)
        expected = [0.625 * 0.5, 0.625 * 0.25, 0.625 * 0.25, 0.1875, 0.1875]
        np.testing.assert_allclose(population, expected, atol=1e-15)
        # with K = 4 known, at most K - m = 1 unseen category
        np.testing.assert_allclose(
            _assemblage(np.array([2.0, 1.0, 1.0]), 4.0), [0.3125, 0.15625, 0.15625, 0.375]
        )
        # no singletons: the observed frequencies as they are
        np.testing.assert_allclose(_assemblage(np.array([3.0, 2.0]), None), [0.6, 0.4])

    @pytest.mark.parametrize("method", METHODS)
    def test_kernels_ignore_empty_columns_when_alphabet_unknown(self, method):
        rows = np.array([[5.0, 0.0, 3.0, 1.0, 0.0, 1.0], [0.0, 2.0, 2.0, 0.0, 1.0, 4.0]])
        kernel = discrete_method(method).kernel
        for row in rows:
            padded = kernel(row[None, :])[0]
            plain = kernel(row[row > 0][None, :])[0]
            assert padded == pytest.approx(plain, abs=1e-12)


@pytest.mark.oracle
def test_matches_pyitlib_plugin_and_james_stein():
    drv = pytest.importorskip("pyitlib.discrete_random_variable")
    from infokit.estimators._frontends import estimate_entropy, estimate_mutual_information

    rng = np.random.default_rng(14)
    x = rng.integers(0, 30, 60)
    y = (x + rng.integers(0, 3, 60)) % 30
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert estimate_entropy(x, method="plugin").value == pytest.approx(
            drv.entropy(x, base=np.e), abs=1e-10
        )
        assert estimate_entropy(x, method="james_stein").value == pytest.approx(
            drv.entropy(x, base=np.e, estimator="JAMES-STEIN"), abs=1e-10
        )
        known = drv.entropy(x, base=np.e, estimator="JAMES-STEIN", Alphabet_X=np.arange(40))
        assert estimate_entropy(x, method="james_stein", alphabet_size=40).value == pytest.approx(
            known, abs=1e-10
        )
        assert estimate_mutual_information(x, y, method="plugin").value == pytest.approx(
            drv.information_mutual(x, y, base=np.e), abs=1e-10
        )


def _zipf(size: int) -> np.ndarray:
    weights = 1.0 / np.arange(1, size + 1)
    return weights / weights.sum()


class TestNSBHighestDensityInterval:
    @staticmethod
    def _single_node(mean: float, std: float, size: float) -> NSBPosterior:
        one = np.ones(1)
        return NSBPosterior(
            mean=mean,
            std=std,
            log_concentration=np.zeros(1),
            weights=one,
            node_means=mean * one,
            node_stds=std * one,
            alphabet_size=size,
        )

    def test_symmetric_posterior_gives_the_equal_tailed_interval(self):
        # one normal node far from the bounds: HPD = mean ± 1.96 sd = the equal-tailed interval
        posterior = self._single_node(3.0, 0.1, 1000.0)
        low, high = posterior.hpd_interval(0.95)
        z = special.ndtri(0.975)
        # bins are 1.8 / 2000 = 9e-4 wide
        assert low == pytest.approx(3.0 - z * 0.1, abs=1e-3)
        assert high == pytest.approx(3.0 + z * 0.1, abs=1e-3)
        equal_tailed = posterior.interval(0.95)
        assert (low, high) == pytest.approx(equal_tailed, abs=1e-3)

    def test_truncated_normal_at_the_bound_reaches_log_k(self):
        # a node at log K - 0.5 sd, truncated to [0, log K]: its density increases up to log K,
        # so the 95% HPD is [L, log K] with Phi(0.5) - Phi(l) = 0.95 Phi(0.5), l = (L - mean)/sd
        ceiling, std = math.log(50), 0.02
        mean = ceiling - 0.5 * std
        posterior = self._single_node(mean, std, 50.0)
        low, high = posterior.hpd_interval(0.95)
        assert high == ceiling
        standard = special.ndtri(special.ndtr(0.5) * 0.05)  # ≈ -1.818
        assert low == pytest.approx(mean + standard * std, abs=2e-4)
        # the clipped equal-tailed interval of the untruncated node starts lower, at -1.96 sd
        assert posterior.interval(0.95)[0] < low - 2e-3

    def test_reaches_log_k_for_data_from_the_uniform(self):
        rng = np.random.default_rng(11)
        counts = rng.multinomial(1000, np.full(200, 1 / 200)).astype(float)
        posterior = nsb_posterior(counts, 200)
        low, high = posterior.hpd_interval(0.95)
        assert high == math.log(200)
        assert low < posterior.mean < high
        assert posterior.interval(0.95)[1] < math.log(200)  # equal-tailed misses the truth
        estimate = estimate_entropy_from_counts(counts, method="nsb", alphabet_size=200, ci=0.95)
        assert estimate.details["own_interval"] == (low, high)
        assert estimate.details["ci_method"] == "posterior_hpd"
        assert estimate.ci[0] <= low  # the hull with the Chao–Wang–Jost interval
        assert estimate.ci[1] == high  # log K

    def test_hpd_is_no_wider_than_equal_tailed_on_skewed_posterior(self):
        counts = np.array([5.0, 3, 1, 1, 2, 7, 1])
        posterior = nsb_posterior(counts, 20)
        hpd = posterior.hpd_interval(0.9)
        equal = posterior.interval(0.9)
        # both hold 90% of the same mass; the HPD is the shortest such set (to bin width)
        assert hpd[1] - hpd[0] <= equal[1] - equal[0] + 2e-3
        assert hpd[0] < posterior.mean < hpd[1]

    @pytest.mark.slow
    def test_coverage_on_uniform_with_k_known(self):
        # the truth log K sits on the bound; the equal-tailed interval covered 0% here
        rng = np.random.default_rng(12)
        size, reps, covered = 1000, 60, 0
        for _ in range(reps):
            counts = rng.multinomial(1000, np.full(size, 1 / size)).astype(float)
            low, high = nsb_posterior(counts, size).hpd_interval(0.95)
            covered += low <= math.log(size) <= high
        assert covered / reps >= 0.85  # measured 0.93 at 200 reps; binomial sd at 60 ≈ 0.03


class TestJackknifeInterval:
    @pytest.mark.parametrize("method", ["chao_shen", "chao_wang_jost"])
    def test_jackknife_se_matches_brute_force_leave_one_out(self, method):
        counts = np.array([6.0, 4, 3, 2, 2, 1, 1, 1])
        labels = np.repeat(np.arange(counts.size), counts.astype(int))
        left_out = []
        for index in range(labels.size):
            rest = np.bincount(np.delete(labels, index), minlength=counts.size).astype(float)
            left_out.append(discrete_method(method).kernel(rest[rest > 0][None, :])[0])
        left_out = np.asarray(left_out)
        total = labels.size
        expected = math.sqrt((total - 1) / total * ((left_out - left_out.mean()) ** 2).sum())
        assert jackknife_std_error(counts, method) == pytest.approx(expected, rel=1e-12)

    @pytest.mark.parametrize("method", ["chao_shen", "chao_wang_jost"])
    def test_interval_is_normal_with_the_jackknife_se(self, method):
        counts = np.array([10, 7, 5, 3, 2, 1, 1, 1])
        estimate = estimate_entropy_from_counts(counts, method=method, ci=0.9)
        se = jackknife_std_error(counts.astype(float), method)
        assert estimate.std_error == pytest.approx(se, rel=1e-12)
        z = special.ndtri(0.95)
        own = estimate.details.get("own_interval", estimate.ci)  # Chao–Shen: hull, see below
        assert own == pytest.approx((estimate.value - z * se, estimate.value + z * se))
        assert estimate.details["ci_method"] == "jackknife_normal"

    @pytest.mark.parametrize("counts", [[2, 2], [1, 1, 1, 1, 1]])
    def test_equal_counts_fall_back_to_the_bootstrap(self, counts):
        # every leave-one-out estimate is the same: jackknife se 0, so no zero-width interval
        estimate = estimate_entropy_from_counts(
            counts, method="chao_wang_jost", ci=0.95, rng=0, n_bootstrap=200
        )
        assert estimate.std_error == 0.0
        assert estimate.details["ci_method"] == "bootstrap_percentile_centered"
        assert estimate.ci[1] - estimate.ci[0] > 0.1

    def test_coverage_of_chao_wang_jost_on_zipf(self):
        # the re-centred bootstrap covered 82% here (K = 1000, N = 1000, 200 reps); the
        # jackknife interval 94%
        rng = np.random.default_rng(13)
        p = _zipf(1000)
        truth = -(p * np.log(p)).sum()
        reps, covered = 100, 0
        for _ in range(reps):
            counts = rng.multinomial(1000, p)
            estimate = estimate_entropy_from_counts(counts, method="chao_wang_jost", ci=0.95)
            covered += estimate.ci[0] <= truth <= estimate.ci[1]
        assert covered / reps >= 0.88  # binomial sd at 100 reps ≈ 0.024 around 0.94
